// Text styles (include/fpx/explain/style.hpp).
#include "fpx/explain/style.hpp"

namespace fpx {

std::string paint(const std::string& text, Color color, bool enabled) {
  if (!enabled) return text;
  const char* code = "";
  switch (color) {
    case Color::Sign: code = "\x1b[35m"; break;      // magenta
    case Color::Exponent: code = "\x1b[32m"; break;  // green
    case Color::Fraction: code = "\x1b[34m"; break;  // blue
    case Color::Cut: code = "\x1b[33m"; break;       // yellow
    case Color::Differ: code = "\x1b[1;31m"; break;  // bold red
    case Color::Dim: code = "\x1b[2m"; break;
    case Color::Heading: code = "\x1b[1m"; break;
  }
  return code + text + "\x1b[0m";
}

}  // namespace fpx
