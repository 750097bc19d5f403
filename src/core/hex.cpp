// Bit patterns as hexadecimal text (include/fpx/core/hex.hpp).
#include "fpx/core/hex.hpp"

namespace fpx {

void append_hex_digits(std::string& out, std::uint64_t value, int digits) {
  static constexpr char upper[] = "0123456789ABCDEF";
  for (int i = digits - 1; i >= 0; --i) out.push_back(upper[(value >> (4 * i)) & 0xF]);
}

std::string hex_digits(std::uint64_t value, int digits) {
  std::string out;
  out.reserve(std::size_t(digits));
  append_hex_digits(out, value, digits);
  return out;
}

std::string hex_digits_text(const Format& format, std::uint64_t bits) {
  return hex_digits(bits & (format.sign_mask() | format.magnitude_mask()), format.hex_digits());
}

std::string hex_text(const Format& format, std::uint64_t bits) {
  return "0x" + hex_digits_text(format, bits);
}

std::optional<std::uint64_t> parse_hex_digits(std::string_view digits) {
  if (digits.empty() || digits.size() > 16) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : digits) {
    const int digit = hex_digit_value(c);
    if (digit < 0) return std::nullopt;
    value = value << 4 | std::uint64_t(digit);
  }
  return value;
}

BitPattern read_bit_pattern(const Format& format, std::string_view text, bool exact_digits) {
  BitPattern out;
  std::string_view digits = text;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
    digits.remove_prefix(2);
  const auto value = parse_hex_digits(digits);
  if (!value) {
    out.problem = BitPatternProblem::NotHexadecimal;
    return out;
  }
  if (exact_digits && int(digits.size()) != format.hex_digits()) {
    out.problem = BitPatternProblem::WrongWidth;
    return out;
  }
  out.bits = *value;
  if (*value & ~(format.sign_mask() | format.magnitude_mask()))
    out.problem = BitPatternProblem::TooWide;
  return out;
}

}  // namespace fpx
