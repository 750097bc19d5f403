// Values as users write them (include/fpx/core/value_text.hpp).
#include "fpx/core/value_text.hpp"

#include "fpx/core/hex.hpp"
#include "fpx/core/text.hpp"

namespace fpx {
namespace {

std::uint64_t read_raw_pattern(const Format& format, const std::string& text) {
  const BitPattern pattern = read_bit_pattern(format, text);
  if (pattern.problem == BitPatternProblem::TooWide)
    throw ParseError("bit pattern " + quote(text) + " does not fit the " +
                     std::to_string(format.width()) + " bits of " + std::string(format.name));
  if (!pattern.ok()) throw ParseError("bit pattern " + quote(text) + " is not hexadecimal");
  return pattern.bits;
}

std::uint64_t read_binary_fields(const Format& format, const std::string& text) {
  std::uint64_t value = 0;
  int count = 0;
  for (char c : text.substr(5)) {
    if (c == ' ' || c == '|' || c == '_') continue;
    if (c != '0' && c != '1')
      throw ParseError(quote(text) + ": only 0, 1, spaces and | may follow 'bits:'");
    if (++count <= 64) value = value << 1 | std::uint64_t(c - '0');
  }
  if (count != format.width())
    throw ParseError(quote(text) + " has " + std::to_string(count) + " bits; " +
                     std::string(format.name) + " has " + std::to_string(format.width()));
  return value;
}

}  // namespace

InputValue read_value(const Format& format, const std::string& text, bool raw, Rounding mode) {
  InputValue value;
  value.text = text;
  if (raw) {
    value.rounded = Rounded{read_raw_pattern(format, text), {}};
    return value;
  }
  if (text.rfind("bits:", 0) == 0) {
    value.rounded = Rounded{read_binary_fields(format, text), {}};
    return value;
  }
  value.exact = read_number(text);
  StochasticSource random(0);
  value.rounded =
      round_number(format, *value.exact, mode, RoundingOptions{Tininess::AfterRounding, &random});
  return value;
}

}  // namespace fpx
