// Internal to the core: the binary32 operations of the array kernels
// computed through binary64 arithmetic, beside the integer element functions
// of element_operations.hpp, which stay the definition (the tests compare the
// two bit for bit and flag for flag). A binary64 vector holds eight lanes
// where the integer path needs many instructions per lane, so these are the
// kernels' fast path; the integer path still answers every lane with an
// infinite or NaN operand, a zero divisor or a negative root operand.
//
// Why this is exact. Every binary32 value, and every product of two, is a
// binary64 value (24 + 24 <= 53 bits, exponents far inside binary64's normal
// range), so a product is exact. A sum or quotient is not, but its error is:
// TwoSum gives the error of a rounded sum exactly (Knuth, TAOCP vol. 2,
// 4.2.2, Theorem B), and the remainder a - q b of a rounded quotient is exact
// and computed by one fused multiply-add (Boldo and Daumas, "Representable
// correcting terms for possibly underflowing floating point operations",
// ARITH 2003). From the rounded value and the sign of its error, the value
// rounded to odd at 53 bits follows; rounding that once more to binary32, in
// any mode and also into the subnormal range, gives the correctly rounded
// binary32 result, because 53 >= 24 + 2 (Boldo and Melquiond, "Emulation of
// FMA and correctly rounded sums: proved algorithms using rounding to odd",
// IEEE Trans. Computers 57(4), 2008, Theorem 3). A root needs no error term:
// rounded to nearest, it already rounds to binary32 like the exact root
// (square_root_through_binary64). The last rounding is the core's:
// round_at_fixed_cut for a normal result (the binary64 encoding cut at a
// fixed bit, as in the plain conversions), else round_normalized.
//
// No binary64 value here is subnormal (the smallest magnitudes are products
// of subnormals, 2^-298, and remainders, above 2^-500), so flush-to-zero and
// denormals-are-zero settings change nothing; the host's rounding direction
// would, and binary64_rounds_to_nearest_even() is asked before each array.
#pragma once

#include <bit>
#include <cstdint>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx::detail {

// One lane's result before the last rounding: the exact value, the value
// rounded to odd at 53 bits, or (a root) the value rounded to nearest, which
// rounds to binary32 like the exact one (square_root_through_binary64), as
// binary64 bits; the sign of a zero result
// (IEEE 754-2019 6.3); and all ones where the integer path must answer.
struct Binary64Result {
  std::uint64_t bits;
  std::uint64_t zero_sign;
  std::uint64_t special;
};

// Whether binary64 additions round to nearest even here (the default; a
// program may have changed it with fesetround). 1 + 1.5 2^-53 lies nearer
// 1 + 2^-52 than 1, and likewise for its negative, so every other direction
// gives a different answer to one of the two.
inline bool binary64_rounds_to_nearest_even() {
  volatile double one = 1.0;
  volatile double three_halves_of_half_ulp = 0x1.8p-53;
  const double up = one + three_halves_of_half_ulp;
  const double down = -one - three_halves_of_half_ulp;
  return up == 0x1.0000000000001p0 && down == -0x1.0000000000001p0;
}

// A binary32 encoding in the low 32 bits of `bits` as a binary64 value,
// exactly: the significand converted from an integer (below 2^24, so
// exactly) and scaled by a power of two (a subnormal's too, so that no
// host conversion of subnormals is involved). `special` is all ones for an
// infinity or a NaN, whose value is then meaningless.
struct Widened {
  double value;
  std::uint64_t special;
};

[[gnu::always_inline]] inline Widened widen_binary32(std::uint64_t bits) {
  const std::uint64_t field = (bits >> 23) & 0xFF;
  const std::uint64_t significand = (bits & 0x7FFFFF) | (std::uint64_t(field != 0) << 23);
  // The exponent of the significand's bit 0: max(field, 1) - 127 - 23.
  const std::int64_t exponent = std::int64_t(field + std::uint64_t(field == 0)) - 150;
  const double scale = std::bit_cast<double>(std::uint64_t(exponent + 1023) << 52);
  const double magnitude = double(std::int64_t(significand)) * scale;
  const std::uint64_t sign = ((bits >> 31) & 1) << 63;
  return Widened{std::bit_cast<double>(std::bit_cast<std::uint64_t>(magnitude) | sign),
                 all_ones_if(field == 0xFF)};
}

// The exact value `rounded` + `error` (error zero, or of at most half an ulp
// of `rounded` and nonzero only when `rounded` is) rounded to odd at 53 bits:
// `rounded` itself when exact or already odd, else its neighbour on the side
// of the error, whose last bit is odd.
[[gnu::always_inline]] inline std::uint64_t round_to_odd(double rounded, double error) {
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(rounded);
  const std::uint64_t error_bits = std::bit_cast<std::uint64_t>(error);
  const std::uint64_t move = all_ones_if(error != 0.0) & all_ones_if((bits & 1) == 0);
  const std::uint64_t away_from_zero = all_ones_if(((bits ^ error_bits) >> 63) == 0);
  return bits + (move & select(away_from_zero, 1, ~std::uint64_t{0}));
}

// Knuth's TwoSum: s = a + b rounded and the exact error a + b - s, in six
// additions without a comparison.
struct SumAndError {
  double sum;
  double error;
};

[[gnu::always_inline]] inline SumAndError two_sum(double a, double b) {
  const double sum = a + b;
  const double b_part = sum - a;
  const double a_part = sum - b_part;
  return SumAndError{sum, (a - a_part) + (b - b_part)};
}

// A binary64 value of Binary64Result (a nonzero one is normal), rounded to
// binary32: its significand with the hidden bit at bit 52 goes to the
// shared rounding step, first the one for results in the normal range (no
// subnormal, zero or overflow: in_range false otherwise), then, for the lanes
// it leaves, the general one.
struct Binary64Parts {
  std::uint64_t negative;
  std::int64_t leading;
  std::uint64_t significand;
};

[[gnu::always_inline]] inline Binary64Parts parts_of(std::uint64_t bits) {
  return Binary64Parts{bits >> 63, std::int64_t((bits >> 52) & 0x7FF) - 1023,
                       (bits & 0xFFFFFFFFFFFFF) | (std::uint64_t{1} << 52)};
}

// A binary64 value of Binary64Result whose binary32 result is normal: the
// binary64 encoding, rebiased to binary32's exponent field, is cut at bit
// 29 (round_at_fixed_cut). in_range is 0 for a value below 2^-126 or a
// result that overflows, which narrow_to_binary32 then gives.
template <Rounding M>
[[gnu::always_inline]] inline NormalRounded narrow_in_normal_range(std::uint64_t bits) {
  constexpr std::uint64_t rebias = std::uint64_t(1023 - 127) << 52;
  constexpr std::uint64_t smallest_normal = std::uint64_t(1023 - 126) << 52;
  const std::uint64_t negative = bits >> 63;
  const std::uint64_t magnitude = bits & ~(std::uint64_t{1} << 63);
  const FixedCutRounded<std::uint64_t> r = round_at_fixed_cut<M, 29>(magnitude - rebias, negative);
  const std::uint32_t in_range = std::uint32_t(magnitude >= smallest_normal) &
                                 std::uint32_t(r.kept < binary32.infinity_bits());
  return NormalRounded{(negative << 31) | r.kept, std::uint32_t(r.inexact), in_range};
}

template <Rounding M>
[[gnu::always_inline]] inline RoundedWord narrow_to_binary32(std::uint64_t bits,
                                                             std::uint64_t zero_sign,
                                                             std::uint64_t tininess_before) {
  const Binary64Parts p = parts_of(bits);
  RoundedWord r = round_normalized<52>(binary32, p.negative, p.leading, p.significand,
                                       make_mode_masks(M), tininess_before);
  const std::uint64_t zero = all_ones_if((bits << 1) == 0);
  r.bits = select(zero, zero_sign << 31, r.bits);
  r.flags &= ~zero;
  return r;
}

// The sign of an exact zero sum of x and y (IEEE 754-2019 6.3): their common
// sign, or for opposite signs -0 only when rounding toward -inf.
template <Rounding M>
[[gnu::always_inline]] inline std::uint64_t zero_sum_sign(double x, double y) {
  const std::uint64_t x_sign = std::bit_cast<std::uint64_t>(x) >> 63;
  const std::uint64_t y_sign = std::bit_cast<std::uint64_t>(y) >> 63;
  return (x_sign & y_sign) | ((x_sign ^ y_sign) & make_mode_masks(M).negative_zero_sum & 1);
}

// a + b, and a - b as a + (-b).
template <Rounding M>
[[gnu::always_inline]] inline Binary64Result add_through_binary64(std::uint64_t a,
                                                                  std::uint64_t b) {
  const Widened x = widen_binary32(a), y = widen_binary32(b);
  const SumAndError s = two_sum(x.value, y.value);
  return Binary64Result{round_to_odd(s.sum, s.error), zero_sum_sign<M>(x.value, y.value),
                        x.special | y.special};
}

// a * b: the product is exact.
[[gnu::always_inline]] inline Binary64Result multiply_through_binary64(std::uint64_t a,
                                                                       std::uint64_t b) {
  const Widened x = widen_binary32(a), y = widen_binary32(b);
  const std::uint64_t product = std::bit_cast<std::uint64_t>(x.value * y.value);
  return Binary64Result{product, product >> 63, x.special | y.special};
}

// a * b + c: the exact product, then the sum with its error. The kernels'
// translation unit is compiled with -ffp-contract=off, so that the product
// and the sum are not fused into one rounding.
template <Rounding M>
[[gnu::always_inline]] inline Binary64Result fused_multiply_add_through_binary64(std::uint64_t a,
                                                                                 std::uint64_t b,
                                                                                 std::uint64_t c) {
  const Widened x = widen_binary32(a), y = widen_binary32(b), z = widen_binary32(c);
  const double product = x.value * y.value;
  const SumAndError s = two_sum(product, z.value);
  return Binary64Result{round_to_odd(s.sum, s.error), zero_sum_sign<M>(product, z.value),
                        x.special | y.special | z.special};
}

// a / b: the rounded quotient q and the exact remainder a - q b, whose sign
// against b's says on which side of q the quotient lies. A zero divisor goes
// to the integer path (division by zero, or 0/0).
[[gnu::always_inline]] inline Binary64Result divide_through_binary64(std::uint64_t a,
                                                                     std::uint64_t b) {
  const Widened x = widen_binary32(a), y = widen_binary32(b);
  const double quotient = x.value / y.value;
  const double remainder = __builtin_fma(-quotient, y.value, x.value);
  // The exact quotient minus q has the sign of remainder / b; round_to_odd
  // needs only that sign and whether it is zero (given a normal magnitude,
  // 1, so that no denormals-are-zero setting hides it).
  const std::uint64_t error_sign =
      (std::bit_cast<std::uint64_t>(remainder) ^ std::bit_cast<std::uint64_t>(y.value)) &
      (std::uint64_t{1} << 63);
  const double error = std::bit_cast<double>(
      error_sign | (all_ones_if(remainder != 0.0) & std::bit_cast<std::uint64_t>(1.0)));
  return Binary64Result{round_to_odd(quotient, error), std::bit_cast<std::uint64_t>(quotient) >> 63,
                        x.special | y.special | all_ones_if(y.value == 0.0)};
}

// sqrt(a): the root rounded to nearest in binary64 needs no correction.
// Scaled by a power of 4 so that the root r = sqrt(a) lies in [1, 2), a is
// A 2^-48 for an integer A, and the binary32 values and midpoints near r are
// T 2^-24 for integers T. If r is not exactly such a point, A != T^2, so
// |a - T^2 2^-48| >= 2^-48 and |r - T 2^-24| >= 2^-48 / (r + T 2^-24) > 2^-50;
// the rounding to binary64 moves r by at most 2^-53. So the rounded root lies
// strictly on the same side of every binary32 value and midpoint as r, and on
// none of them: its rounding to binary32, in any mode, is r's, inexact as r
// is. An exact root (a binary32 value: a midpoint's square has too many
// bits) is a binary64 value. This is the argument of Figueroa ("When is
// double rounding innocuous?", SIGNUM Newsletter 30(3), 1995) for 53 >= 2 *
// 24 + 2, taken to the directed modes. The root of -0 is -0 (IEEE 754-2019
// 5.4.1); a negative nonzero operand (invalid) and infinities and NaN go to
// the integer path.
[[gnu::always_inline]] inline Binary64Result square_root_through_binary64(std::uint64_t a) {
  const Widened x = widen_binary32(a);
  constexpr std::uint64_t sign_bit = std::uint64_t{1} << 63;
  const std::uint64_t sign = std::bit_cast<std::uint64_t>(x.value) & sign_bit;
  const double magnitude = std::bit_cast<double>(std::bit_cast<std::uint64_t>(x.value) & ~sign_bit);
  const std::uint64_t root = std::bit_cast<std::uint64_t>(__builtin_sqrt(magnitude));
  return Binary64Result{root | sign, sign >> 63,
                        x.special | (all_ones_if(sign != 0) & all_ones_if(magnitude != 0.0))};
}

}  // namespace fpx::detail
