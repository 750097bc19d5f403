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

std::size_t visible_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0x1b && i + 1 < text.size() && text[i + 1] == '[') {
      i += 2;
      while (i < text.size() && !(text[i] >= '@' && text[i] <= '~')) ++i;  // to the final byte
      continue;
    }
    if ((c & 0xC0) != 0x80) ++width;  // not a UTF-8 continuation byte
  }
  return width;
}

std::string pad_visible(const std::string& text, std::size_t width) {
  const std::size_t shown = visible_width(text);
  return shown >= width ? text : text + std::string(width - shown, ' ');
}

std::string pad_visible_left(const std::string& text, std::size_t width) {
  const std::size_t shown = visible_width(text);
  return shown >= width ? text : std::string(width - shown, ' ') + text;
}

}  // namespace fpx
