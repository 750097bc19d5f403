// Internal to the core: the pieces that several operations share. Not
// installed, not part of the API.
#pragma once

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/core/unpacked.hpp"

namespace fpx::detail {

// The decoder of core/unpacked.hpp with the format fixed at compile time.
template <const Format& F>
[[gnu::always_inline]] constexpr Unpacked unpack(std::uint64_t bits) {
  return fpx::unpack(F, bits);
}
template <const Format& F>
[[gnu::always_inline]] constexpr bool is_normal(std::uint64_t bits) {
  return fpx::is_normal(F, bits);
}
// Whether every operand is normal, tested without a branch per operand (a
// bitwise and of the tests: random data would mispredict a chain of &&).
template <const Format& F, class... Bits>
[[gnu::always_inline]] constexpr bool all_normal(Bits... bits) {
  return (unsigned(is_normal<F>(bits)) & ...) != 0;
}
// The same for a format known only at run time.
template <class... Bits>
[[gnu::always_inline]] constexpr bool all_normal(const Format& format, Bits... bits) {
  return (unsigned(fpx::is_normal(format, bits)) & ...) != 0;
}
template <const Format& F>
[[gnu::always_inline]] constexpr Unpacked unpack_normal(std::uint64_t bits) {
  return fpx::unpack_normal(F, bits);
}

// Formats with IEEE 754's special values (NaNs with a quiet bit, infinities,
// both zeros), whose operations answer the cases that need no rounding from
// the encodings before the general path unpacks them (the *_from_encodings
// functions of add.cpp, multiply.cpp, fused_multiply_add.cpp, divide.cpp and
// square_root.cpp). The tests and results below take encodings of such a
// format.
template <const Format& F>
inline constexpr bool has_ieee_specials =
    (F.special_encoding == SpecialEncoding::Ieee) && F.has_negative_zero();

template <const Format& F>
[[gnu::always_inline]] constexpr bool is_nan_encoding(std::uint64_t bits) {
  return (bits & F.magnitude_mask()) > F.infinity_bits();
}
template <const Format& F>
[[gnu::always_inline]] constexpr bool is_signaling_encoding(std::uint64_t bits) {
  return is_nan_encoding<F>(bits) && (bits & F.quiet_bit()) == 0;
}
template <const Format& F>
[[gnu::always_inline]] constexpr bool is_infinity_encoding(std::uint64_t bits) {
  return (bits & F.magnitude_mask()) == F.infinity_bits();
}
template <const Format& F>
[[gnu::always_inline]] constexpr bool is_zero_encoding(std::uint64_t bits) {
  return (bits & F.magnitude_mask()) == 0;
}
// The exponent of the bit fraction_bits of a finite value, max(field, 1) -
// bias: a subnormal's significand lies below 2^(exponent + 1).
template <const Format& F>
[[gnu::always_inline]] constexpr int exponent_of_encoding(std::uint64_t bits) {
  const int field = int((bits & F.magnitude_mask()) >> F.fraction_bits());
  return (field == 0 ? 1 : field) - F.bias;
}

constexpr Rounded default_nan(const Format& format, bool invalid) {
  return Rounded{format.default_nan_bits(), Flags{invalid ? Flags::invalid : std::uint8_t{0}}};
}
// The result for operands of which at least one is a NaN: fpx's operations
// give the default NaN (IEEE 754-2019 6.2.3 recommends, and does not
// require, that a payload be kept), invalid when an operand is a signaling
// NaN (7.2).
template <const Format& F, class... Bits>
constexpr Rounded nan_of_encodings(Bits... bits) {
  return default_nan(F, (is_signaling_encoding<F>(bits) || ...));
}

// NaN in, NaN out; invalid if any operand signals.
constexpr Rounded propagate_nan(const Format& format, const Unpacked& a, const Unpacked& b = {},
                                const Unpacked& c = {}) {
  return default_nan(format, a.is_signaling() || b.is_signaling() || c.is_signaling());
}

// An exact infinity (from infinite operands or division by zero). Formats
// without infinities (E4M3) give their NaN; finite-only formats, which
// saturate, their largest number of that sign.
constexpr std::uint64_t infinity_bits(const Format& format, bool negative) {
  const std::uint64_t sign = negative ? format.sign_mask() : 0;
  if (!format.has_nan()) return sign | format.max_finite_bits();
  if (!format.has_infinity()) return format.default_nan_bits();
  return sign | format.infinity_bits();
}

constexpr Rounded signed_zero(const Format& format, bool negative) {
  return zero_result(format, negative);
}

// A nonzero result of a format with IEEE special values whose magnitude is
// known to lie below 2^(emin - p), half the smallest subnormal: it rounds to
// zero, or to the smallest subnormal when the mode rounds away from zero for
// its sign (or to odd), and it is tiny and inexact under either tininess rule
// (IEEE 754-2019 7.5).
template <const Format& F>
constexpr Rounded below_half_smallest_subnormal(bool negative, Rounding mode) {
  const bool away = mode == Rounding::ToOdd || (mode == Rounding::TowardPositive && !negative) ||
                    (mode == Rounding::TowardNegative && negative);
  return Rounded{(negative ? F.sign_mask() : 0) | (away ? 1 : 0),
                 Flags{Flags::underflow | Flags::inexact}};
}

// IEEE 754-2019 6.3: the sign of an exact zero sum of x and y, x and y of
// the given signs: negative only if both are, or in roundTowardNegative if
// they differ.
constexpr bool zero_sum_is_negative(bool x_negative, bool y_negative, Rounding mode) {
  return x_negative == y_negative ? x_negative : mode == Rounding::TowardNegative;
}

// The wide integer that holds an exact product of two significands with
// room to spare: 64 bits up to binary32, 128 bits for binary64. Formats
// known only at run time use 128 bits (RuntimeWord).
template <const Format& F>
using ProductWord = std::conditional_t<(2 * F.precision <= 62), std::uint64_t, UInt128>;
using RuntimeWord = UInt128;

// A nonzero exact term for add_terms: (-1)^negative * significand * 2^exponent.
template <typename Word>
struct Term {
  bool negative;
  int exponent;
  Word significand;
};

// Rounds x + y, both nonzero and exact, once. Both significands are moved up
// to the second-highest bit of Word; the one with the smaller exponent is
// then shifted right with the lost bits jammed into its last bit (SoftFloat's
// shiftRightJam). This is exact enough because the operands occupy at most
// word_bits - 20 bits, so the unshifted one ends in zero bits and at most one
// bit cancels whenever bits are lost (Goldberg, "What every computer
// scientist should know about floating-point arithmetic", 1991, Theorem 9 and
// the discussion of the sticky bit).
//
// `x_bits` and `y_bits`, when nonzero, are the known widths of the
// significands (normal operands), which saves counting leading zeros.
template <typename Word, int x_bits = 0, int y_bits = 0>
[[gnu::always_inline]] constexpr Rounded add_terms(const Format& format, Term<Word> x, Term<Word> y,
                                                   Rounding mode, const RoundingOptions& options) {
  constexpr int width = word_bits<Word>;
  constexpr int top = width - 2;
  auto normalize = [](Term<Word>& t, int known_bits) {
    const int up = top - (known_bits ? known_bits - 1 : bit_width(t.significand) - 1);
    t.significand <<= up;
    t.exponent -= up;
  };
  normalize(x, x_bits);
  normalize(y, y_bits);
  if (x.exponent < y.exponent) std::swap(x, y);
  // Shifting by width - 1 or more leaves nothing (bit top is the highest
  // set bit) and jams it all into the sticky bit.
  const int distance = std::min(x.exponent - y.exponent, width - 1);
  const bool lost = (y.significand & low_mask<Word>(distance)) != 0;
  const Word aligned = (y.significand >> distance) | Word(lost);
  const bool subtract = x.negative != y.negative;
  // Both are below 2^(width-1), so a difference's top bit is its sign.
  const Word difference = x.significand - aligned;
  const bool borrow = (difference >> (width - 1)) != 0;
  const Word magnitude =
      subtract ? (borrow ? Word(0) - difference : difference) : Word(x.significand + aligned);
  if (magnitude == 0) [[unlikely]]
    return zero_result(format, mode == Rounding::TowardNegative);
  return round_pack(format, x.negative != (subtract & borrow), x.exponent, magnitude, false, mode,
                    options);
}

// Moves a nonzero significand up so that its leading bit is at `position`.
constexpr void normalize_to(std::uint64_t& significand, int& exponent, int position) {
  int up = position - (std::bit_width(significand) - 1);
  significand <<= up;
  exponent -= up;
}

// The operations for a format known only at run time (one not in
// FPX_PREDEFINED_FORMATS): the general paths of the operations with the
// format as an argument, in 128-bit words. `negate_b` subtracts (negating
// is not flipping the sign bit in formats without -0 or without a sign).
Rounded add_any_format(const Format& format, std::uint64_t a, std::uint64_t b, bool negate_b,
                       Rounding mode, const RoundingOptions& options);
Rounded multiply_any_format(const Format& format, std::uint64_t a, std::uint64_t b, Rounding mode,
                            const RoundingOptions& options);
Rounded divide_any_format(const Format& format, std::uint64_t a, std::uint64_t b, Rounding mode,
                          const RoundingOptions& options);
Rounded square_root_any_format(const Format& format, std::uint64_t a, Rounding mode,
                               const RoundingOptions& options);
Rounded fused_multiply_add_any_format(const Format& format, std::uint64_t a, std::uint64_t b,
                                      std::uint64_t c, Rounding mode,
                                      const RoundingOptions& options);
Rounded convert_any_format(const Format& from, const Format& to, std::uint64_t a, Rounding mode,
                           const RoundingOptions& options);

}  // namespace fpx::detail
