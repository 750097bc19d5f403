// Encoded values printed the way the lecture prints them (bit patterns as
// hex: core/hex.hpp).
#pragma once

#include <cstdint>
#include <string>

#include "fpx/core/format.hpp"

namespace fpx {

// "2^3 x 1.01100000000000000000010" for normal numbers, "2^-126 x
// 0.00000000000000000000001" for subnormals, a leading '-' when negative;
// "0", "-0", "inf", "-inf", "nan" otherwise.
std::string lecture_notation(const Format& format, std::uint64_t bits);

// The three fields: "0 | 10000010 | 01100000000000000000010".
std::string field_split(const Format& format, std::uint64_t bits);

// The stored fraction bits as 0s and 1s: "01100000000000000000010".
std::string fraction_bits_text(const Format& format, std::uint64_t bits);

}  // namespace fpx
