// IEEE 754-2019 5.8 convertToInteger: a floating-point value rounded to an
// integer of 8, 16, 32 or 64 bits, signed or not, in any rounding mode.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx {

struct IntegerType {
  std::string_view name;  // int8 uint8 int16 uint16 int32 uint32 int64 uint64
  int bits;
  bool is_signed;
  // The largest magnitude of a positive and of a negative value.
  constexpr std::uint64_t largest_positive() const {
    if (is_signed) return (std::uint64_t{1} << (bits - 1)) - 1;
    return bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
  }
  constexpr std::uint64_t largest_negative() const {
    return is_signed ? std::uint64_t{1} << (bits - 1) : 0;
  }
  constexpr std::uint64_t mask() const {
    return bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
  }
};

inline constexpr IntegerType int8{"int8", 8, true};
inline constexpr IntegerType uint8{"uint8", 8, false};
inline constexpr IntegerType int16{"int16", 16, true};
inline constexpr IntegerType uint16{"uint16", 16, false};
inline constexpr IntegerType int32{"int32", 32, true};
inline constexpr IntegerType uint32{"uint32", 32, false};
inline constexpr IntegerType int64{"int64", 64, true};
inline constexpr IntegerType uint64{"uint64", 64, false};
// All of them, in the order above; by name (null if unknown).
std::span<const IntegerType* const> integer_types();
const IntegerType* find_integer_type(std::string_view name);

// What a NaN, an infinity or a value outside the integer's range gives. IEEE
// 754 signals invalid and leaves the result to the implementation.
enum class IntegerOverflow : std::uint8_t {
  // The nearest end of the range (ARM, RISC-V, CUDA's saturating
  // conversions); NaN gives 0.
  Saturate,
  // x86's "integer indefinite": the most negative signed integer (for
  // unsigned types, the largest), whatever the input.
  Indefinite,
};

// An integer result: its two's complement bits (right-aligned in `bits`
// bits) and the flags: invalid for NaN, infinity and out of range; inexact
// when the value was not an integer (as convertToIntegerExact signals it).
struct IntegerRounded {
  std::uint64_t bits = 0;
  Flags flags;
  friend constexpr bool operator==(const IntegerRounded&, const IntegerRounded&) = default;
};

// The value of the encoding `bits` of `from` rounded by `mode` to an integer
// of type `to`. The rounding is round_pack's, into a format whose numbers
// below 2^63 are the integers. Stochastic rounding needs options.random.
IntegerRounded convert_to_integer(const Format& from, std::uint64_t bits, const IntegerType& to,
                                  Rounding mode,
                                  IntegerOverflow overflow = IntegerOverflow::Saturate,
                                  const RoundingOptions& options = {});

// An exact value rounded by `mode` to an integer of type `to`, with the same
// rules (through round_pack, into the same integer grid).
IntegerRounded round_to_integer(const Rational& value, const IntegerType& to, Rounding mode,
                                const RoundingOptions& options = {},
                                IntegerOverflow overflow = IntegerOverflow::Saturate);

}  // namespace fpx
