// Bit patterns as hexadecimal text, in and out: the one reader and the one
// writer of hex digits that the CLI, the batch protocol, the tensor-core line
// protocol and the reports share.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fpx/core/format.hpp"

namespace fpx {

namespace detail {
constexpr std::array<std::int8_t, 256> hex_digit_values = [] {
  std::array<std::int8_t, 256> table{};
  for (auto& value : table) value = -1;
  for (int i = 0; i < 10; ++i) table[std::size_t('0' + i)] = std::int8_t(i);
  for (int i = 0; i < 6; ++i) {
    table[std::size_t('A' + i)] = std::int8_t(10 + i);
    table[std::size_t('a' + i)] = std::int8_t(10 + i);
  }
  return table;
}();
}  // namespace detail

// The value of one hexadecimal digit (either case), -1 for any other
// character. A table lookup, so that hot line parsers need no branches.
constexpr int hex_digit_value(char c) {
  return detail::hex_digit_values[static_cast<unsigned char>(c)];
}

// Appends the `digits` lowest hex digits of `value`, uppercase, zero-padded.
void append_hex_digits(std::string& out, std::uint64_t value, int digits);
// The same as a string: hex_digits(0x3F800000, 8) == "3F800000".
std::string hex_digits(std::uint64_t value, int digits);

// Uppercase hex without prefix, zero-padded to the format's width:
// "41300002" (fpx batch).
std::string hex_digits_text(const Format& format, std::uint64_t bits);
// "0x41300002": with the prefix.
std::string hex_text(const Format& format, std::uint64_t bits);

// 1 to 16 hex digits (no prefix) as a number; empty for anything else.
std::optional<std::uint64_t> parse_hex_digits(std::string_view digits);

// Why a text is not a bit pattern of a format.
enum class BitPatternProblem : std::uint8_t {
  None,
  NotHexadecimal,  // empty, more than 16 digits, or a character that is not a hex digit
  WrongWidth,      // read_bit_pattern with an exact digit count: another count
  TooWide,         // bits set above the format's width
};

// A bit pattern of `format`: hex digits in either case with an optional 0x
// or 0X prefix (with `exact_digits`, exactly format.hex_digits() of them, as
// the batch protocol writes them).
struct BitPattern {
  std::uint64_t bits = 0;
  BitPatternProblem problem = BitPatternProblem::None;
  bool ok() const { return problem == BitPatternProblem::None; }
};
BitPattern read_bit_pattern(const Format& format, std::string_view text, bool exact_digits = false);

}  // namespace fpx
