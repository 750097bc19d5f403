// Internal to the core: each operation and conversion on one element as
// straight-line code, for every deterministic rounding mode. No branch
// depends on the data or on the mode (special values, subnormals, overflow
// and underflow are selected with masks), so that a loop over arrays of them
// vectorizes, and a scalar call costs the same on any data. All words are
// 64-bit (or 128-bit where a binary64 product needs it); each function ends
// in detail::round_normalized, the rounding step of round_pack.
//
// The scalar operations (add.cpp ...) call these for the deterministic modes;
// the array kernels (array_kernels.hpp) call them in loops with the format
// and the mode fixed at compile time.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <type_traits>

#include "arithmetic.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx::detail {

using std::int64_t;
using std::uint64_t;

template <typename Word>
[[gnu::always_inline]] constexpr uint64_t leading_zeros(Word x) {
  return uint64_t(word_bits<Word> - bit_width(x));
}

template <typename Word>
[[gnu::always_inline]] constexpr Word select_word(uint64_t mask, Word if_set, Word otherwise) {
  const Word wide = widen_mask<Word>(mask);
  return (if_set & wide) | (otherwise & ~wide);
}

// One operand taken apart without branches: the significand with its hidden
// bit (a subnormal's without), and the exponent of its bit fraction_bits,
// which is max(field, 1) - bias, so that subnormals need no normalizing here.
// The class masks are all ones or zero.
template <const Format& F>
struct Decoded {
  uint64_t sign;         // 0 or 1
  uint64_t magnitude;    // bits without the sign
  uint64_t significand;  // 0 for zeros, infinities, NaNs
  int64_t exponent;
  uint64_t zero, infinity, nan, signaling;
};

template <const Format& F>
[[gnu::always_inline]] constexpr Decoded<F> decode(uint64_t bits) {
  constexpr int fraction_bits = F.fraction_bits();
  Decoded<F> d;
  d.sign = (bits >> (F.width() - 1)) & 1;
  d.magnitude = bits & F.magnitude_mask();
  const uint64_t field = d.magnitude >> fraction_bits;
  if constexpr (F.special_encoding == SpecialEncoding::Ieee) {
    d.infinity = all_ones_if(d.magnitude == F.infinity_bits());
    d.nan = all_ones_if(d.magnitude > F.infinity_bits());
    d.signaling = d.nan & all_ones_if((d.magnitude & F.quiet_bit()) == 0);
  } else {
    d.infinity = 0;
    d.nan = all_ones_if(d.magnitude == F.magnitude_mask());
    d.signaling = 0;
  }
  d.zero = all_ones_if(d.magnitude == 0);
  const uint64_t finite = ~(d.infinity | d.nan);
  d.significand =
      ((d.magnitude & F.fraction_mask()) | (uint64_t(field != 0) << fraction_bits)) & finite;
  d.exponent = int64_t(field + uint64_t(field == 0)) - F.bias;
  return d;
}

// The result of an operation that is NaN: the default NaN, invalid when
// `invalid` is all ones.
template <const Format& F>
[[gnu::always_inline]] constexpr RoundedWord nan_result(uint64_t invalid) {
  return RoundedWord{F.default_nan_bits(), invalid & Flags::invalid};
}

// Replaces `r` by `replacement` where `mask` is all ones.
[[gnu::always_inline]] constexpr void replace(RoundedWord& r, uint64_t mask,
                                              RoundedWord replacement) {
  r.bits = select(mask, replacement.bits, r.bits);
  r.flags = select(mask, replacement.flags, r.flags);
}

// An exact infinity (from infinite operands or division by zero) of the
// given sign; formats without infinities (E4M3) give their NaN.
template <const Format& F>
[[gnu::always_inline]] constexpr uint64_t infinity_of(uint64_t sign) {
  if constexpr (!F.has_infinity()) return F.default_nan_bits();
  return (sign << (F.width() - 1)) | F.infinity_bits();
}

// The sum of two terms whose significands have their leading one at or below
// bit width - 3 (x the larger in magnitude, x_exponent the exponent of that
// bit of x, `distance` how far y's lies below): y is shifted right with the
// lost bits jammed into bit 0 (SoftFloat's shiftRightJam), added or
// subtracted, and the sum moved so that its leading one is at bit width - 2.
// After a shift of two or more at most one bit cancels, so the jammed bit
// stays below the rounding position (Goldberg, "What every computer scientist
// should know about floating-point arithmetic", 1991, Theorem 9). `sum` is
// zero for an exact zero. A nonzero `lossless_shift` is a shift that loses
// no bit of y and past which y may stand for itself shifted further (see
// add_normal_path): the distance is clamped there and no bit is jammed.
template <typename Word>
struct AlignedSum {
  Word sum;
  Word normalized;
  int64_t leading;
};

template <typename Word, uint64_t lossless_shift = 0>
[[gnu::always_inline]] constexpr AlignedSum<Word> add_aligned(Word x, int64_t x_exponent, Word y,
                                                              uint64_t distance,
                                                              uint64_t subtract) {
  constexpr uint64_t width = word_bits<Word>;
  constexpr uint64_t limit = lossless_shift != 0 ? lossless_shift : width - 1;
  const uint64_t d = distance < limit ? distance : limit;
  const Word y_shifted = y >> d;
  Word y_aligned = y_shifted;
  if constexpr (lossless_shift == 0) y_aligned |= Word((y_shifted << d) != y);
  const Word negate = widen_mask<Word>(subtract);
  const Word sum = x + ((y_aligned ^ negate) - negate);  // below 2^(width - 1)
  const uint64_t zeros = leading_zeros(sum | 1);
  // zeros >= 1 for every sum that is used (below 2^(width - 1)); lanes
  // whose result is discarded may wrap to zeros = 0, so the shift count is
  // masked to stay defined (the same instruction on x86, whose shifts mask
  // their count).
  return AlignedSum<Word>{sum, sum << ((zeros - 1) & (width - 1)), x_exponent + 2 - int64_t(zeros)};
}

// ---------------------------------------------------------------------------
// The normal paths of the scalar operations: both operands normal and the
// result in the normal range, the mode a compile-time constant (the scalar
// entry points switch on the mode once), no branch on the data. Each returns
// in_range false when the operation must take its general path, and uses
// the same arithmetic as the element function below it.

// Calls body.template operator()<M>() for a deterministic mode M; for
// Rounding::Stochastic a result that is not in range.
template <typename Body>
[[gnu::always_inline]] inline NormalRounded with_deterministic_mode(Rounding mode, Body&& body) {
  switch (mode) {
    case Rounding::NearestEven: return body.template operator()<Rounding::NearestEven>();
    case Rounding::NearestAway: return body.template operator()<Rounding::NearestAway>();
    case Rounding::TowardZero: return body.template operator()<Rounding::TowardZero>();
    case Rounding::TowardPositive: return body.template operator()<Rounding::TowardPositive>();
    case Rounding::TowardNegative: return body.template operator()<Rounding::TowardNegative>();
    case Rounding::ToOdd: return body.template operator()<Rounding::ToOdd>();
    case Rounding::Stochastic: break;
  }
  return NormalRounded{0, 0, false};
}

// Whether an operand is one the normal paths take: a normal number, and for
// the formats without IEEE 754's special encodings also neither field 0
// (zero, subnormal, or FNUZ's NaN) nor the all-ones magnitude (NaN in OCP
// E4M3). The test is stricter than is_normal for some of those formats; an
// operand it refuses takes the general path, which answers every operand.
template <const Format& F>
[[gnu::always_inline]] constexpr bool normal_path_operand(uint64_t bits) {
  constexpr uint64_t limit = (uint64_t{1} << F.exponent_bits) - 2;
  const uint64_t magnitude = bits & F.magnitude_mask();
  const uint64_t field = magnitude >> F.fraction_bits();
  if constexpr (F.special_encoding == SpecialEncoding::Ieee)
    return field - 1 < limit;
  else
    return (field != 0) & (magnitude != F.magnitude_mask());
}
// The same for every operand, joined with a bitwise and rather than && (a
// chain of branches that random data would mispredict).
template <const Format& F, typename... Bits>
[[gnu::always_inline]] constexpr bool normal_path_operands(Bits... bits) {
  return (unsigned(normal_path_operand<F>(bits)) & ...) != 0;
}

// The first step of the scalar multiply, fused_multiply_add, divide and
// square_root (multiply.cpp ...; add.cpp calls its normal path on any
// operands): the normal path for the mode when `operands_normal`
// (normal_path_operands, tested by the caller before any arithmetic, so that
// special and subnormal operands do not pay for the normal path first: for
// the quotients of the benchmark's mixed operands, 165 instructions each
// instead of 178, bench/README.md), and otherwise a result that is not in
// range. The normal paths test the operands again, because the array
// kernels call them on every element without a test of their own. The
// caller returns the result when it is in range (as_rounded) and calls its
// general path otherwise, itself, so that the call stays a tail call (GCC
// 12 makes it an ordinary call when it comes back through a helper).
template <typename NormalPath>
[[gnu::always_inline]] inline NormalRounded normal_path_if(bool operands_normal, Rounding mode,
                                                           NormalPath&& normal_path) {
  if (operands_normal) [[likely]]
    return with_deterministic_mode(mode, normal_path);
  return NormalRounded{0, 0, false};
}

[[gnu::always_inline]] inline Rounded as_rounded(const NormalRounded& result) {
  return Rounded{result.bits, Flags{std::uint8_t(result.flags)}};
}

// The significand with its hidden bit of a normal number.
template <const Format& F>
[[gnu::always_inline]] constexpr uint64_t normal_significand(uint64_t bits) {
  return (bits & F.fraction_mask()) | (uint64_t{1} << F.fraction_bits());
}
template <const Format& F>
[[gnu::always_inline]] constexpr int64_t field_of(uint64_t bits) {
  return int64_t((bits & F.magnitude_mask()) >> F.fraction_bits());
}
template <const Format& F>
[[gnu::always_inline]] constexpr uint64_t sign_of(uint64_t bits) {
  return (bits >> (F.width() - 1)) & 1;
}

// add_element for a normal x, the larger magnitude, and a y that is normal,
// subnormal or zero (the magnitude order is taken with masks: a branch on it
// would be mispredicted half the time on random data). x is normal when its
// encoding lies between the smallest normal's and the largest finite one's,
// one comparison of encodings (IEEE 754-2019 3.4: the encodings of the
// magnitudes are ordered like the numbers, NaN and infinity above them), and
// y, below it, is then finite. Whether y has a hidden bit is one more
// comparison; taking the small y here keeps data with subnormals and zeros
// off the general path (and its mispredicted branch). A sum below 2^emin is
// exact and left to the general path.
//
// For a precision up to 30, the significands at bit 61 have `place` >= 32
// zero bits below them, so y shifted right by at most `place` loses nothing,
// and the sticky bit of add_aligned is not needed: a y that lies further
// away is below 2^(61 - place) in x's units and is replaced by y shifted by
// `place` exactly, below 2^(62 - place). Both are positive and below
// 2^(place - 2), a quarter of x's last place, the half of that place when
// the difference loses its leading bit; x is a multiple of its last place.
// So x + y and x - y give the same kept bits and the same inexact flag, and
// lie on the same side of the halfway point, with the true y as with the
// replaced one (the argument of Goldberg 1991, Theorem 9, for a sticky bit,
// with y itself as the bit).
template <const Format& F, Rounding M>
[[gnu::always_inline]] constexpr NormalRounded add_normal_path(uint64_t a, uint64_t b) {
  constexpr int place = 62 - F.precision;  // the hidden bit to bit 61
  const uint64_t magnitude_a = a & F.magnitude_mask(), magnitude_b = b & F.magnitude_mask();
  const uint64_t swap = all_ones_if(magnitude_a < magnitude_b);
  const uint64_t x = a ^ ((a ^ b) & swap), y = b ^ ((a ^ b) & swap);
  const uint64_t magnitude_x = select(swap, magnitude_b, magnitude_a);
  const uint64_t magnitude_y = select(swap, magnitude_a, magnitude_b);
  constexpr uint64_t smallest_normal = uint64_t{1} << F.fraction_bits();
  const uint64_t y_normal = uint64_t(magnitude_y >= smallest_normal);
  const uint64_t y_significand = (y & F.fraction_mask()) | (y_normal << F.fraction_bits());
  // A subnormal or zero y has the exponent of field 1.
  const uint64_t distance = uint64_t(field_of<F>(x) - field_of<F>(y)) - 1 + y_normal;
  const uint64_t subtract = uint64_t{0} - sign_of<F>(a ^ b);
  constexpr uint64_t lossless_shift = place >= 32 ? uint64_t(place) : 0;
  const AlignedSum<uint64_t> s = add_aligned<uint64_t, lossless_shift>(
      normal_significand<F>(x) << place, field_of<F>(x) - F.bias, y_significand << place, distance,
      subtract);
  NormalRounded r = round_in_normal_range<62, true>(F, sign_of<F>(x), s.leading, s.normalized,
                                                    make_mode_masks(M));
  r.in_range &=
      (magnitude_x - smallest_normal <= F.max_finite_bits() - smallest_normal) & (s.sum != 0);
  return r;
}

// multiply_element for normal operands: the product of two significands in
// [2^(p-1), 2^p) has its leading one at bit 2p - 2 or 2p - 1.
template <const Format& F, Rounding M>
[[gnu::always_inline]] constexpr NormalRounded multiply_normal_path(uint64_t a, uint64_t b) {
  using Word = ProductWord<F>;
  constexpr int top = 2 * F.precision - 1;
  constexpr ModeMasks mode = make_mode_masks(M);
  const Word product = Word(normal_significand<F>(a)) * Word(normal_significand<F>(b));
  const uint64_t carry = uint64_t(product >> top);
  NormalRounded r = round_in_normal_range<top>(
      F, sign_of<F>(a ^ b), field_of<F>(a) + field_of<F>(b) - 2 * F.bias + int64_t(carry),
      product << (1 - carry), mode);
  r.in_range &= normal_path_operands<F>(a, b);
  return r;
}

// fused_multiply_add_element for normal operands.
template <const Format& F, Rounding M>
[[gnu::always_inline]] constexpr NormalRounded fused_multiply_add_normal_path(uint64_t a,
                                                                              uint64_t b,
                                                                              uint64_t c) {
  using Word = std::conditional_t<(2 * F.precision <= 61), uint64_t, UInt128>;
  constexpr int width = word_bits<Word>;
  const Word product = Word(normal_significand<F>(a)) * Word(normal_significand<F>(b));
  const uint64_t carry = uint64_t(product >> (2 * F.precision - 1));
  // Both terms with their leading one at bit width - 3.
  const Word p = product << (width - 3 - (2 * F.precision - 1) + 1 - carry);
  const int64_t product_exponent = field_of<F>(a) + field_of<F>(b) - 2 * F.bias + int64_t(carry);
  const Word z = Word(normal_significand<F>(c)) << (width - 3 - F.fraction_bits());
  const int64_t addend_exponent = field_of<F>(c) - F.bias;
  const uint64_t product_sign = sign_of<F>(a ^ b), addend_sign = sign_of<F>(c);
  const uint64_t swap = all_ones_if((addend_exponent > product_exponent) |
                                    ((addend_exponent == product_exponent) & (z > p)));
  const int64_t x_exponent =
      int64_t(select(swap, uint64_t(addend_exponent), uint64_t(product_exponent)));
  const AlignedSum<Word> s = add_aligned<Word>(
      select_word(swap, z, p), x_exponent, select_word(swap, p, z),
      uint64_t(x_exponent) - select(swap, uint64_t(product_exponent), uint64_t(addend_exponent)),
      uint64_t{0} - (product_sign ^ addend_sign));
  NormalRounded r = round_in_normal_range<width - 2>(F, select(swap, addend_sign, product_sign),
                                                     s.leading, s.normalized, make_mode_masks(M));
  r.in_range &= normal_path_operands<F>(a, b, c) & (s.sum != 0);
  return r;
}

// x + y (IEEE 754-2019 5.4.1). The operands are ordered by magnitude (their
// encodings compare as integers, NaN above infinity above finite values), so
// the difference never borrows, the result has the sign of the larger x, and
// x is NaN or infinite if either is. Both significands go to bit 61 and
// add_aligned adds them. A sum below 2^emin is exact (both operands are
// multiples of the smallest subnormal), so it never underflows.
template <const Format& F>
[[gnu::always_inline]] constexpr RoundedWord add_element(uint64_t a, uint64_t b,
                                                         const ModeMasks& mode,
                                                         uint64_t tininess_before) {
  static_assert(F.precision <= 53);
  constexpr int place = 62 - F.precision;  // the hidden bit to bit 61
  const uint64_t swap = all_ones_if((a & F.magnitude_mask()) < (b & F.magnitude_mask()));
  const Decoded<F> x = decode<F>(select(swap, b, a)), y = decode<F>(select(swap, a, b));
  const uint64_t subtract = uint64_t{0} - (x.sign ^ y.sign);
  const AlignedSum<uint64_t> s =
      add_aligned<uint64_t>(x.significand << place, x.exponent, y.significand << place,
                            uint64_t(x.exponent - y.exponent), subtract);
  RoundedWord r =
      round_normalized<62, false>(F, x.sign, s.leading, s.normalized, mode, tininess_before);
  // An exact zero: the common sign, or for opposite signs -0 only toward -inf.
  const uint64_t zero_sign = select(subtract, mode.negative_zero_sum & 1, x.sign);
  replace(r, all_ones_if(s.sum == 0), RoundedWord{zero_sign << (F.width() - 1), 0});
  if constexpr (F.has_infinity()) {
    replace(r, x.infinity, RoundedWord{(x.sign << (F.width() - 1)) | F.infinity_bits(), 0});
    replace(r, y.infinity & subtract, nan_result<F>(~uint64_t{0}));  // inf - inf
  }
  replace(r, x.nan, nan_result<F>(x.signaling | y.signaling));
  return r;
}

// x * y: the product of the significands is exact in ProductWord; it is
// moved so that its leading one is at bit 2p - 1 (subnormal operands move it
// further) and rounded once.
template <const Format& F>
[[gnu::always_inline]] constexpr RoundedWord multiply_element(uint64_t a, uint64_t b,
                                                              const ModeMasks& mode,
                                                              uint64_t tininess_before) {
  using Word = ProductWord<F>;
  constexpr int width = word_bits<Word>;
  constexpr int top = 2 * F.precision - 1;
  constexpr int fraction_bits = F.fraction_bits();
  const Decoded<F> da = decode<F>(a), db = decode<F>(b);
  const uint64_t sign = da.sign ^ db.sign;
  const Word product = Word(da.significand) * Word(db.significand);
  const uint64_t zeros = leading_zeros(product | 1);
  const Word normalized = product << (zeros - (width - 1 - top));
  const int64_t leading =
      da.exponent + db.exponent - 2 * fraction_bits + int64_t(width - 1) - int64_t(zeros);
  RoundedWord r = round_normalized<top>(F, sign, leading, normalized, mode, tininess_before);
  replace(r, da.zero | db.zero, RoundedWord{sign << (F.width() - 1), 0});
  if constexpr (F.has_infinity()) {
    replace(r, da.infinity | db.infinity, RoundedWord{infinity_of<F>(sign), 0});
    replace(r, (da.infinity & db.zero) | (da.zero & db.infinity), nan_result<F>(~uint64_t{0}));
  }
  replace(r, da.nan | db.nan, nan_result<F>(da.signaling | db.signaling));
  return r;
}

// a * b + c with one rounding. The exact product and the addend, each with
// its leading one moved to bit width - 3, are ordered by magnitude (leading
// exponent, then significand) and added as in add_element: a 48-bit product
// fits a 64-bit word beside a binary32 addend, a binary64 one needs 128 bits.
template <const Format& F>
[[gnu::always_inline]] constexpr RoundedWord fused_multiply_add_element(uint64_t a, uint64_t b,
                                                                        uint64_t c,
                                                                        const ModeMasks& mode,
                                                                        uint64_t tininess_before) {
  using Word = std::conditional_t<(2 * F.precision <= 61), uint64_t, UInt128>;
  constexpr int width = word_bits<Word>;
  constexpr int fraction_bits = F.fraction_bits();
  // Below any exponent of a nonzero term, so that a zero term comes second.
  constexpr int64_t absent = -(int64_t{1} << 20);
  const Decoded<F> da = decode<F>(a), db = decode<F>(b), dc = decode<F>(c);
  const uint64_t product_sign = da.sign ^ db.sign;
  const Word product = Word(da.significand) * Word(db.significand);
  const uint64_t product_zeros = leading_zeros(product | 1);
  const Word p = product << (product_zeros - 2);
  const uint64_t product_zero = da.zero | db.zero;
  const int64_t product_exponent =
      int64_t(select(product_zero, uint64_t(absent),
                     uint64_t(da.exponent + db.exponent - 2 * fraction_bits + width - 1 -
                              int64_t(product_zeros))));
  const uint64_t addend_zeros = leading_zeros(Word(dc.significand) | 1);
  const Word z = Word(dc.significand) << (addend_zeros - 2);
  const int64_t addend_exponent =
      int64_t(select(dc.zero, uint64_t(absent),
                     uint64_t(dc.exponent - fraction_bits + width - 1 - int64_t(addend_zeros))));
  const uint64_t swap = all_ones_if((addend_exponent > product_exponent) |
                                    ((addend_exponent == product_exponent) & (z > p)));
  const int64_t x_exponent =
      int64_t(select(swap, uint64_t(addend_exponent), uint64_t(product_exponent)));
  const int64_t y_exponent =
      int64_t(select(swap, uint64_t(product_exponent), uint64_t(addend_exponent)));
  const uint64_t x_sign = select(swap, dc.sign, product_sign);
  const uint64_t subtract = uint64_t{0} - (product_sign ^ dc.sign);
  const AlignedSum<Word> s =
      add_aligned<Word>(select_word(swap, z, p), x_exponent, select_word(swap, p, z),
                        uint64_t(x_exponent - y_exponent), subtract);
  RoundedWord r =
      round_normalized<width - 2>(F, x_sign, s.leading, s.normalized, mode, tininess_before);
  const uint64_t zero_sign = select(subtract, mode.negative_zero_sum & 1, product_sign);
  replace(r, all_ones_if(s.sum == 0), RoundedWord{zero_sign << (F.width() - 1), 0});
  if constexpr (F.has_infinity()) {
    replace(r, dc.infinity, RoundedWord{c & (F.sign_mask() | F.magnitude_mask()), 0});
    const uint64_t product_infinite = da.infinity | db.infinity;
    replace(r, product_infinite, RoundedWord{infinity_of<F>(product_sign), 0});
    replace(r, product_infinite & dc.infinity & subtract, nan_result<F>(~uint64_t{0}));
  }
  replace(r, da.nan | db.nan | dc.nan, nan_result<F>(da.signaling | db.signaling | dc.signaling));
  // SoftFloat's choice: 0 * inf is invalid even when c is a quiet NaN.
  replace(r, (da.zero & db.infinity) | (da.infinity & db.zero), nan_result<F>(~uint64_t{0}));
  return r;
}

// The operand of a division or square root of a format of at most 24 bits,
// in one frame: the significand with its leading one at bit 23, and the
// exponent of that bit.
struct Frame24 {
  uint64_t significand;
  int64_t exponent;
};

template <const Format& F>
[[gnu::always_inline]] constexpr Frame24 frame24(const Decoded<F>& d) {
  static_assert(F.precision <= 24);
  const uint64_t leading_bit = 63 - leading_zeros(d.significand | 1);
  return Frame24{d.significand << (23 - leading_bit),
                 d.exponent - F.fraction_bits() + int64_t(leading_bit)};
}

// 2^55 / b for b in [2^23, 2^24), within 2^-28 relatively: linear
// interpolation in a table of 256 intervals indexed by the 8 bits after the
// leading one, good to 19 bits, then one Newton-Raphson step
// y' = y + y (1 - b y), which doubles the correct bits (Markstein, "IA-64
// and elementary functions", 2000, ch. 8). The bound is checked for every b
// in the tests. On each interval [a, a + 2^15) the chord of the convex
// f(b) = 2^55 / b is lowered by half its deviation at the midpoint, which
// halves the largest error. Entry i holds the value at a, lowered, above
// bit 26 (it reaches 2^32 at b = 2^23) and the fall f(a) - f(a + 2^15)
// below it; one 64-bit word, so that vector code fetches an entry with one
// gather.
constexpr std::array<uint64_t, 256> make_reciprocal_table() {
  std::array<uint64_t, 256> table{};
  const UInt128 scale = UInt128(1) << 56;  // f(b) = 2^56 / (2 b), in half units of b
  for (uint64_t i = 0; i < 256; ++i) {
    const uint64_t a = (uint64_t{1} << 23) + (i << 15);
    const uint64_t at_a = uint64_t(scale / (2 * a));
    const uint64_t at_end = uint64_t(scale / (2 * a + (uint64_t{1} << 16)));
    const uint64_t at_midpoint = uint64_t(scale / (2 * a + (uint64_t{1} << 15)));
    const uint64_t deviation = (at_a + at_end) / 2 - at_midpoint;
    table[i] = (at_a - deviation / 2) << 26 | (at_a - at_end);
  }
  return table;
}
inline constexpr std::array<uint64_t, 256> reciprocal_table = make_reciprocal_table();

[[gnu::always_inline]] constexpr uint64_t newton_reciprocal_step(uint64_t b, uint64_t y) {
  // t = b y / 2^23 is 2^32 (1 + e); y' = y - y e.
  const int64_t error = int64_t((b * y) >> 23) - (int64_t{1} << 32);
  return uint64_t(int64_t(y) - ((int64_t(y) * error) >> 32));
}

[[gnu::always_inline]] inline uint64_t reciprocal_estimate(uint64_t b) {
  const uint64_t entry = reciprocal_table[(b >> 15) & 0xFF];
  const uint64_t y0 = (entry >> 26) - (((entry & 0x3FFFFFF) * (b & 0x7FFF)) >> 15);
  return newton_reciprocal_step(b, y0);
}

// The quotient of two significands in [2^23, 2^24), without a divide
// instruction: q = floor(x 2^26 / y) is estimated as x r / 2^29 from the
// reciprocal r of y, then made exact by the remainder x 2^26 - q y (one step
// each way, as the estimate is within one), whose being nonzero is the
// sticky bit. `normalized` has its leading one at bit 26; `below_one` is 1
// when x < y (the quotient then had it at bit 25).
struct QuotientBits {
  uint64_t normalized;
  uint64_t below_one;
};

[[gnu::always_inline]] inline QuotientBits quotient_bits(uint64_t x, uint64_t y) {
  const uint64_t reciprocal = reciprocal_estimate(y);
  uint64_t quotient = (x * reciprocal) >> 29;
  int64_t remainder = int64_t(x << 26) - int64_t(quotient * y);
  const uint64_t low = all_ones_if(remainder < 0);
  quotient -= low & 1;
  remainder += int64_t(low & y);
  const uint64_t high = all_ones_if(remainder >= int64_t(y));
  quotient += high & 1;
  remainder -= int64_t(high & y);
  const uint64_t below_one = uint64_t(x < y);
  return QuotientBits{(quotient << below_one) | uint64_t(remainder != 0), below_one};
}

// x / y for formats of at most 24 bits.
template <const Format& F>
[[gnu::always_inline]] inline RoundedWord divide_element(uint64_t a, uint64_t b,
                                                         const ModeMasks& mode,
                                                         uint64_t tininess_before) {
  const Decoded<F> da = decode<F>(a), db = decode<F>(b);
  const uint64_t sign = da.sign ^ db.sign;
  const Frame24 x = frame24<F>(da), y = frame24<F>(db);
  // A zero divisor (its result is selected below) is replaced by 1, so that
  // the estimate stays within range.
  const QuotientBits q = quotient_bits(x.significand, y.significand | (uint64_t{1} << 23));
  RoundedWord r = round_normalized<26>(F, sign, x.exponent - y.exponent - int64_t(q.below_one),
                                       q.normalized, mode, tininess_before);
  replace(r, da.zero | db.infinity, RoundedWord{sign << (F.width() - 1), 0});
  replace(r, db.zero & ~da.zero,
          RoundedWord{infinity_of<F>(sign), Flags::divide_by_zero & ~(da.infinity | da.nan)});
  if constexpr (F.has_infinity())
    replace(r, da.infinity & ~db.infinity, RoundedWord{infinity_of<F>(sign), 0});
  replace(r, (da.zero & db.zero) | (da.infinity & db.infinity), nan_result<F>(~uint64_t{0}));
  replace(r, da.nan | db.nan, nan_result<F>(da.signaling | db.signaling));
  return r;
}

template <const Format& F, Rounding M>
[[gnu::always_inline]] inline NormalRounded divide_normal_path(uint64_t a, uint64_t b) {
  constexpr int frame_shift = 24 - F.precision;
  const QuotientBits q = quotient_bits(normal_significand<F>(a) << frame_shift,
                                       normal_significand<F>(b) << frame_shift);
  NormalRounded r = round_in_normal_range<26>(
      F, sign_of<F>(a ^ b), field_of<F>(a) - field_of<F>(b) - int64_t(q.below_one), q.normalized,
      make_mode_masks(M));
  r.in_range &= normal_path_operands<F>(a, b);
  return r;
}

// divide_normal_path for finite nonzero operands of which one or both are
// subnormal: each significand is moved so that its leading one is at bit 23
// (frame24). The quotient may still fall out of the normal range.
template <const Format& F, Rounding M>
[[gnu::always_inline]] inline NormalRounded divide_subnormal_path(uint64_t a, uint64_t b) {
  const Frame24 x = frame24<F>(decode<F>(a));
  const Frame24 y = frame24<F>(decode<F>(b));
  const QuotientBits q = quotient_bits(x.significand, y.significand);
  return round_in_normal_range<26>(F, sign_of<F>(a ^ b),
                                   x.exponent - y.exponent - int64_t(q.below_one), q.normalized,
                                   make_mode_masks(M));
}

// 2^46 / sqrt(u) for u in [2^30, 2^32), to about 16 bits, by linear
// interpolation in a table of 256 intervals indexed by the top 8 bits of u.
// On each interval [a, b) the chord of the convex f(u) = 2^46 / sqrt(u) is
// lowered by its deviation at the midpoint, so that it meets f there and the
// estimate errs low: the error is below 2^-15.4 relatively (in the first
// interval, where the curvature is largest), and the root below is never
// above the floor. Entry j (64 <= j < 256) holds the value at a,
// lowered, in its upper 32 bits and the fall f(a) - f(b) in its lower 32;
// one 64-bit word, so that vector code fetches an entry with one gather.
constexpr uint64_t integer_root_of_128(UInt128 n) {
  uint64_t root = 0;  // floor(sqrt(n)) for n < 2^82, bit by bit
  for (uint64_t bit = uint64_t{1} << 40; bit != 0; bit >>= 1)
    if (UInt128(root | bit) * (root | bit) <= n) root |= bit;
  return root;
}

constexpr std::array<uint64_t, 256> make_reciprocal_square_root_table() {
  std::array<uint64_t, 256> table{};
  const UInt128 scale = UInt128(1) << 92;  // f(u) = sqrt(2^92 / u)
  for (uint64_t j = 64; j < 256; ++j) {    // entries below 64 are never indexed
    const uint64_t at_a = integer_root_of_128(scale / (j << 24));
    const uint64_t at_b = integer_root_of_128(scale / ((j + 1) << 24));
    const uint64_t at_midpoint = integer_root_of_128(scale / ((2 * j + 1) << 23));
    const uint64_t deviation = (at_a + at_b) / 2 - at_midpoint;
    table[j] = (at_a - deviation) << 32 | (at_a - at_b);
  }
  return table;
}
inline constexpr std::array<uint64_t, 256> reciprocal_square_root_table =
    make_reciprocal_square_root_table();

[[gnu::always_inline]] constexpr uint64_t reciprocal_square_root_estimate(uint64_t u) {
  const uint64_t entry = reciprocal_square_root_table[u >> 24];
  return (entry >> 32) - (((entry & 0xFFFFFFFF) * (u & 0xFFFFFF)) >> 24);
}

// floor(sqrt(m)) for m in [2^50, 2^52), and the remainder m - root^2, whose
// being nonzero is the sticky bit. The interpolated reciprocal square root
// of the top 32 bits gives y, with y / 2^56 about 1 / sqrt(m) to 16 bits,
// and a root g = m y / 2^56 as good. One Newton step on the root itself,
// g + (m - g^2) / (2 sqrt(m)) with y standing for 1 / sqrt(m), doubles the
// correct bits (the last step of Markstein's square root, Markstein 2000,
// ch. 9): as y errs low, it leaves g at floor(sqrt(m)) or one below (the
// tests check every m of a binary32 significand), and the remainder says
// which. This takes 5 multiplications where Newton steps on y and
// corrections by comparing squares took 12.
struct IntegerRoot {
  uint64_t root;
  uint64_t remainder;
};

[[gnu::always_inline]] inline IntegerRoot integer_square_root_52(uint64_t m) {
  const uint64_t u = m >> 20;
  const uint64_t y = reciprocal_square_root_estimate(u);
  const uint64_t estimate = (u * y) >> 36;
  // |m - g^2| < 2^38: the top 16 bits of y, all that are correct, keep the
  // product within 64 bits; (m - g^2) y / 2^57 = residual (y / 2^15) / 2^42.
  const int64_t residual = int64_t(m - estimate * estimate);
  uint64_t root = estimate + uint64_t((residual * int64_t(y >> 15)) >> 42);
  uint64_t remainder = m - root * root;
  const uint64_t below = all_ones_if(remainder > 2 * root);  // the floor is root + 1
  remainder -= below & (2 * root + 1);
  root += below & 1;
  return IntegerRoot{root, remainder};
}

// The square root of a significand x in [2^23, 2^24) times 2^(exponent - 23):
// x scaled by 2^27 or 2^28 to make the exponent even gives a radicand in
// [2^50, 2^52), whose integer root has 26 bits (leading one at bit 25); the
// remainder is the sticky bit. A root is never tiny nor too large.
struct RootBits {
  uint64_t normalized;
  int64_t leading;
};

[[gnu::always_inline]] inline RootBits root_bits(uint64_t x, int64_t exponent) {
  const uint64_t odd = uint64_t(exponent) & 1;
  const uint64_t radicand = x << (27 + odd);
  const IntegerRoot root = integer_square_root_52(radicand);
  // radicand * 2^(exponent - odd - 50), an even power of two.
  return RootBits{root.root | uint64_t(root.remainder != 0),
                  ((exponent - int64_t(odd) - 50) >> 1) + 25};
}

// sqrt(x) for formats of at most 24 bits.
template <const Format& F>
[[gnu::always_inline]] inline RoundedWord square_root_element(uint64_t a, const ModeMasks& mode,
                                                              uint64_t tininess_before) {
  const Decoded<F> da = decode<F>(a);
  const Frame24 x = frame24<F>(da);
  const RootBits root = root_bits(x.significand, x.exponent);
  RoundedWord r = round_normalized<25>(F, 0, root.leading, root.normalized, mode, tininess_before);
  replace(r, da.zero, RoundedWord{a & (F.sign_mask() | F.magnitude_mask()), 0});
  if constexpr (F.has_infinity())
    replace(r, da.infinity & ~all_ones_if(da.sign != 0), RoundedWord{F.infinity_bits(), 0});
  replace(r, all_ones_if(da.sign != 0) & ~da.zero, nan_result<F>(~uint64_t{0}));
  replace(r, da.nan, nan_result<F>(da.signaling));
  return r;
}

template <const Format& F, Rounding M>
[[gnu::always_inline]] inline NormalRounded square_root_normal_path(uint64_t a) {
  const RootBits root =
      root_bits(normal_significand<F>(a) << (24 - F.precision), field_of<F>(a) - F.bias);
  NormalRounded r =
      round_in_normal_range<25>(F, 0, root.leading, root.normalized, make_mode_masks(M));
  r.in_range &= normal_path_operands<F>(a) & (sign_of<F>(a) == 0);
  return r;
}

// square_root_normal_path for a positive subnormal operand, whose root is
// normal (the root of 2^(emin - p + 1) is far above 2^emin): its
// significand is moved so that its leading one is at bit 23 (frame24).
template <const Format& F, Rounding M>
[[gnu::always_inline]] inline NormalRounded square_root_subnormal_path(uint64_t a) {
  const Frame24 x = frame24<F>(decode<F>(a));
  const RootBits root = root_bits(x.significand, x.exponent);
  return round_in_normal_range<25>(F, 0, root.leading, root.normalized, make_mode_masks(M));
}

// A conversion between formats of at most 32 bits that narrows the
// significand by two bits or more, in 32-bit lanes (so that a vector holds
// twice as many as of 64-bit lanes): when the result's exponent is in the
// target's normal range, the magnitude, rebiased, is cut at the fixed bit
// From.fraction_bits - To.fraction_bits, and a carry out of the kept
// fraction moves into the exponent; a rounded magnitude beyond the largest
// finite one, a larger exponent, zeros, infinities and NaNs are selected as
// in round_normalized and convert_element. When both formats have the same
// exponent range (binary32 to bfloat16 or tf32) the cut is the same for
// subnormals, and a subnormal result underflows when inexact and tiny: after
// rounding, not tiny when rounding one bit finer (at full precision, the
// exponent unbounded) carries into the smallest normal exponent. Otherwise
// a value below the target's normal range is cut farther right, at the
// target's subnormal quantum, by a shift that varies by lane. Every value
// is answered in the lanes; none is left to convert_element.
// rounds_up for 32-bit lanes and a mode known at compile time: all ones
// when M rounds a value of this sign (0 or 1) away from zero.
template <Rounding M>
[[gnu::always_inline]] constexpr std::uint32_t rounds_up32(std::uint32_t sign) {
  constexpr ModeMasks mode = make_mode_masks(M);
  return std::uint32_t(0) -
         std::uint32_t(((sign ? mode.up_if_negative : mode.up_if_positive) & 1) != 0);
}

template <const Format& From, const Format& To>
constexpr bool narrows_in_32_bits =
    From.width() <= 32 && To.width() <= 32 && From.fraction_bits() >= To.fraction_bits() + 2 &&
    From.exponent_bits >= To.exponent_bits;

struct Rounded32 {
  std::uint32_t bits, flags;
};

// The common case of convert_narrowing32: every value of a chunk finite,
// nonzero, with an exponent in the target's normal range (its magnitude
// between plain_smallest and plain_largest), the target IEEE (a carry out of
// the largest finite value is infinity, the right overflow). The increment
// is SoftFloat's; under nearest even, half an ulp less one plus the kept
// last bit, so that a tie goes to even. The flags follow from the input and
// the rounded magnitude alone (plain_flags), so a kernel that is not asked
// for element flags can take them for the whole chunk from the union of the
// inputs and the largest rounded magnitude.
template <const Format& From, const Format& To>
constexpr bool plain_narrowing = bool(To.has_infinity() && To.overflow == OverflowPolicy::Ieee &&
                                      narrows_in_32_bits<From, To>);

template <const Format& From, const Format& To>
inline constexpr std::uint32_t plain_smallest = std::uint32_t(From.bias + To.min_exponent())
                                                << From.fraction_bits();
template <const Format& From, const Format& To>
inline constexpr std::uint32_t plain_largest = (std::uint32_t(From.bias + To.max_exponent() + 1)
                                                << From.fraction_bits()) -
                                               1;

// Where the sign travels with the cut (sign_travels_with_cut), a chunk is
// also plain when every result's magnitude lies in [plain_result_smallest,
// plain_result_largest], the finite normal results less the smallest
// normal. Rounding moves a magnitude at most one unit above its truncation
// (the input's bits above the cut), never below it. So a result above the
// smallest normal comes from a normal input, and a finite result from a
// finite input that did not overflow; a NaN's rounded bits are infinity or
// above, or wrap to below the smallest normal. The smallest normal itself is
// left out because a subnormal input can round up to it, and whether that
// underflows depends on the bits below the cut and the tininess rule.
template <const Format& From, const Format& To>
inline constexpr std::uint32_t plain_result_smallest = (std::uint32_t(1) << To.fraction_bits()) + 1;
template <const Format& From, const Format& To>
inline constexpr std::uint32_t plain_result_largest = std::uint32_t(To.max_finite_bits());

// A plain value's encoding in To, and its rounded magnitude, which is To's
// infinity when it overflows.
struct Plain32 {
  std::uint32_t bits, kept;
};

template <const Format& From, const Format& To, Rounding M>
[[gnu::always_inline]] constexpr Plain32 convert_plain32(std::uint32_t a) {
  using std::uint32_t;
  static_assert(plain_narrowing<From, To>);
  constexpr unsigned cut = From.fraction_bits() - To.fraction_bits();
  const uint32_t sign = (a >> (From.width() - 1)) & 1;
  if constexpr (From.bias == To.bias && cut == From.width() - To.width()) {
    // bfloat16 from binary32: the cut drops the low half of the word, and
    // the sign bit travels with the rest, as a carry out of a plain
    // magnitude ends at infinity, below it.
    const uint32_t bits = round_at_fixed_cut<M, cut>(a, sign).kept;
    return Plain32{bits, bits & uint32_t(To.magnitude_mask())};
  }
  const uint32_t rebiased = (a & uint32_t(From.magnitude_mask())) -
                            (uint32_t(From.bias - To.bias) << From.fraction_bits());
  const uint32_t kept = round_at_fixed_cut<M, cut>(rebiased, sign).kept;
  // The sign bit moved from From's top bit to To's.
  const uint32_t to_sign = (a >> (From.width() - To.width())) & uint32_t(To.sign_mask());
  return Plain32{to_sign | kept, kept};
}

// The flags of plain values: inexact when a bit below the cut is set,
// overflow (and inexact) when the rounded magnitude is infinity. Given the
// union of a chunk's inputs and its largest rounded magnitude, the union of
// its flags (an overflowed value is inexact too).
template <const Format& From, const Format& To>
[[gnu::always_inline]] constexpr std::uint32_t plain_flags(std::uint32_t a, std::uint32_t kept) {
  using std::uint32_t;
  constexpr uint32_t all = (uint32_t(1) << (From.fraction_bits() - To.fraction_bits())) - 1;
  const uint32_t inexact = uint32_t((a & all) != 0);
  return inexact | ((uint32_t(0) - uint32_t(kept == uint32_t(To.infinity_bits()))) &
                    (Flags::overflow | Flags::inexact));
}

// convert_narrowing32 when the cut drops the low bits of the word and
// the sign travels with the rest (bfloat16 from binary32; convert_plain32):
// the same rounding is right for every value but a NaN, zeros, subnormals
// and infinities included, because the exponent ranges are the same and a
// carry out of the rounded magnitude moves into the exponent exactly as the
// unbounded exponent would (to infinity from the largest finite value). So
// only NaNs are selected, and the flags follow from the bits below the cut,
// the rounded magnitude, and tininess as in convert_narrowing32.
template <const Format& From, const Format& To>
constexpr bool sign_travels_with_cut = bool(From.exponent_bits == To.exponent_bits &&
                                            From.bias == To.bias &&
                                            From.fraction_bits() - To.fraction_bits() ==
                                                From.width() - To.width() &&
                                            plain_narrowing<From, To>);

// Tininess in a conversion between formats with the same exponent range, as
// a bound on the magnitude, given whether the mode rounds this sign up
// (`up`, all ones or zero): a value with a zero exponent field is tiny
// before rounding, and after rounding when rounding it one bit finer (full
// precision, the exponent unbounded) does not carry into the smallest
// normal exponent (IEEE 754-2019 7.5), that is below hidden - the finer
// increment.
template <const Format& From, const Format& To, Rounding M>
[[gnu::always_inline]] constexpr std::uint32_t same_range_tiny_below(
    std::uint32_t up, std::uint32_t tininess_before) {
  using std::uint32_t;
  constexpr ModeMasks mode = make_mode_masks(M);
  constexpr uint32_t cut = From.fraction_bits() - To.fraction_bits();
  const uint32_t finer_half = uint32_t(1) << (cut - 2);
  const uint32_t finer_all = (uint32_t(1) << (cut - 1)) - 1;
  const uint32_t finer_increment = (finer_half & uint32_t(mode.half)) | (finer_all & up);
  return (uint32_t(1) << From.fraction_bits()) - (finer_increment & ~tininess_before);
}

// The underflow flag of such a conversion, given the result's other flags:
// tiny and inexact.
template <const Format& From, const Format& To, Rounding M>
[[gnu::always_inline]] constexpr std::uint32_t same_range_underflow(std::uint32_t magnitude,
                                                                    std::uint32_t up,
                                                                    std::uint32_t flags,
                                                                    std::uint32_t tininess_before) {
  using std::uint32_t;
  const uint32_t tiny =
      uint32_t(0) - uint32_t(magnitude < same_range_tiny_below<From, To, M>(up, tininess_before));
  return tiny & (uint32_t(0) - (flags & Flags::inexact)) & Flags::underflow;
}

template <const Format& From, const Format& To, Rounding M>
[[gnu::always_inline]] constexpr Rounded32 convert_same_range32(std::uint32_t a,
                                                                std::uint32_t tininess_before) {
  using std::uint32_t;
  static_assert(sign_travels_with_cut<From, To> && From.has_infinity());
  constexpr uint32_t cut = From.fraction_bits() - To.fraction_bits();
  auto mask = [](bool condition) { return uint32_t(0) - uint32_t(condition); };
  const uint32_t magnitude = a & uint32_t(From.magnitude_mask());
  const Plain32 rounded = convert_plain32<From, To, M>(a);
  const uint32_t nan = mask(magnitude > uint32_t(From.infinity_bits()));
  const uint32_t signaling = nan & mask((magnitude & uint32_t(From.quiet_bit())) == 0);
  const uint32_t finite = mask(magnitude < uint32_t(From.infinity_bits()));
  // An infinity has no bits below the cut, and is not an overflow.
  constexpr uint32_t below_cut = (uint32_t(1) << cut) - 1;
  uint32_t flags = uint32_t((a & below_cut) != 0) & finite;
  flags |= finite & mask(rounded.kept == uint32_t(To.infinity_bits())) &
           (Flags::overflow | Flags::inexact);
  const uint32_t sign = (a >> (From.width() - 1)) & 1;
  const uint32_t up = rounds_up32<M>(sign);
  flags |= same_range_underflow<From, To, M>(magnitude, up, flags, tininess_before);
  flags = (flags & ~nan) | (signaling & Flags::invalid);
  const uint32_t bits = (rounded.bits & ~nan) | (uint32_t(To.default_nan_bits()) & nan);
  return Rounded32{bits, flags};
}

// convert_same_range32 for a kernel that is not asked for element flags:
// instead of each element's flags, what raises each flag, to be joined over
// a chunk (by OR, and a maximum for the rounded magnitude) and turned into
// the chunk's flags once (same_range_flags). A value is tiny below a
// threshold that depends only on the mode, its sign and the tininess rule
// (same_range_tiny_below), and underflows
// when tiny and inexact, so the bits below the cut of the tiny values are
// all that underflow needs.
struct SameRangeElement {
  std::uint32_t bits;
  // The bits below the cut of a value that is not a NaN (inexact), and a
  // NaN's quiet bit inverted (invalid), which lies above the cut.
  std::uint32_t inexact_or_signaling;
  std::uint32_t tiny_below_cut;  // of a tiny value: underflow
  std::uint32_t finite_kept;     // the rounded magnitude of a finite value
};

template <const Format& From, const Format& To, Rounding M>
[[gnu::always_inline]] constexpr SameRangeElement convert_same_range32_joined(
    std::uint32_t a, std::uint32_t tininess_before) {
  using std::uint32_t;
  static_assert(sign_travels_with_cut<From, To> && From.has_infinity());
  constexpr uint32_t cut = From.fraction_bits() - To.fraction_bits();
  constexpr uint32_t below_cut = (uint32_t(1) << cut) - 1;
  auto mask = [](bool condition) { return uint32_t(0) - uint32_t(condition); };
  const uint32_t magnitude = a & uint32_t(From.magnitude_mask());
  const Plain32 rounded = convert_plain32<From, To, M>(a);
  const uint32_t nan = mask(magnitude > uint32_t(From.infinity_bits()));
  const uint32_t sign = (a >> (From.width() - 1)) & 1;
  const uint32_t up = rounds_up32<M>(sign);
  const uint32_t tiny_below = same_range_tiny_below<From, To, M>(up, tininess_before);
  SameRangeElement e;
  e.bits = (rounded.bits & ~nan) | (uint32_t(To.default_nan_bits()) & nan);
  static_assert(uint32_t(From.quiet_bit()) > below_cut);
  e.inexact_or_signaling = ((a & below_cut) & ~nan) | (~a & uint32_t(From.quiet_bit()) & nan);
  e.tiny_below_cut = a & below_cut & mask(magnitude < tiny_below);
  e.finite_kept = rounded.kept & mask(magnitude < uint32_t(From.infinity_bits()));
  return e;
}

// The flags of a chunk from its elements' SameRangeElement parts joined:
// inexact_or_signaling and tiny_below_cut by OR, finite_kept by maximum. A
// finite value rounded to infinity overflows (and is inexact).
template <const Format& From, const Format& To>
[[gnu::always_inline]] constexpr std::uint32_t same_range_flags(std::uint32_t inexact_or_signaling,
                                                                std::uint32_t tiny_below_cut,
                                                                std::uint32_t largest_finite_kept) {
  using std::uint32_t;
  constexpr uint32_t below_cut = (uint32_t(1) << (From.fraction_bits() - To.fraction_bits())) - 1;
  uint32_t flags = (inexact_or_signaling & below_cut) != 0 ? uint32_t(Flags::inexact) : 0;
  if (tiny_below_cut != 0) flags |= Flags::underflow;
  if (largest_finite_kept == uint32_t(To.infinity_bits()))
    flags |= Flags::overflow | Flags::inexact;
  if ((inexact_or_signaling & uint32_t(From.quiet_bit())) != 0) flags |= Flags::invalid;
  return flags;
}

template <const Format& From, const Format& To, Rounding M>
[[gnu::always_inline]] constexpr Rounded32 convert_narrowing32(std::uint32_t a,
                                                               std::uint32_t tininess_before) {
  using std::uint32_t;
  static_assert(narrows_in_32_bits<From, To>);
  if constexpr (sign_travels_with_cut<From, To> && From.has_infinity())
    return convert_same_range32<From, To, M>(a, tininess_before);
  constexpr ModeMasks mode = make_mode_masks(M);
  constexpr uint32_t cut = From.fraction_bits() - To.fraction_bits();
  // The fields of From whose exponents are To's normal ones.
  constexpr uint32_t lowest = uint32_t(From.bias + To.min_exponent());
  constexpr uint32_t highest = uint32_t(From.bias + To.max_exponent());
  constexpr uint32_t overflow_flags = Flags::overflow | Flags::inexact;
  auto mask = [](bool condition) { return uint32_t(0) - uint32_t(condition); };
  auto choose = [](uint32_t m, uint32_t x, uint32_t y) { return (x & m) | (y & ~m); };
  const uint32_t sign = (a >> (From.width() - 1)) & 1;
  const uint32_t magnitude = a & uint32_t(From.magnitude_mask());
  const uint32_t field = magnitude >> From.fraction_bits();
  const uint32_t rebiased = magnitude - (uint32_t(From.bias - To.bias) << From.fraction_bits());
  const uint32_t up = rounds_up32<M>(sign);
  constexpr bool same_range = From.exponent_bits == To.exponent_bits && From.bias == To.bias;
  constexpr uint32_t hidden = uint32_t(1) << From.fraction_bits();
  // Below To's normal range (formats with different ranges), the value is
  // rounded at To's subnormal quantum: a cut further right by the distance
  // of its exponent below To's smallest normal one (a subnormal input has
  // the exponent of field 1 and no hidden bit). Past a cut of 31 every bit
  // of the significand is below the round bit, as at 31 itself. A carry out
  // of the largest subnormal gives the smallest normal encoding, as it
  // should, and no such result is beyond the largest finite one.
  uint32_t below_range = 0, value = rebiased, shift = cut;
  if constexpr (!same_range) {
    // The cap at 31 needs the significand (hidden bit included) to end
    // below bit 30, and reaches_normal below a field of at least 1 under
    // lowest.
    static_assert(From.fraction_bits() + 2 <= 31 && lowest >= 2);
    static_assert(To.has_negative_zero(), "a rounded-away sign would be kept on zero");
    below_range = mask(field < lowest) & mask(magnitude != 0);
    const uint32_t significand = (magnitude & (hidden - 1)) | (hidden & mask(field != 0));
    const uint32_t distance = lowest - (field | uint32_t(field == 0));
    const uint32_t farther = cut + distance < 31 ? cut + distance : 31;
    value = choose(below_range, significand, rebiased);
    shift = choose(below_range, farther, cut);
  }
  const CutResult<uint32_t> rounded = cut_and_round<uint32_t, uint32_t>(value, shift, up, mode);
  const uint32_t to_sign = sign << (To.width() - 1);
  // The overflowed result by mode (overflow_result).
  const bool to_infinity = ((sign ? mode.infinity_if_negative : mode.infinity_if_positive) & 1) &&
                           To.overflow != OverflowPolicy::Saturate;
  const uint32_t overflowed = !to_infinity        ? to_sign | uint32_t(To.max_finite_bits())
                              : To.has_infinity() ? to_sign | uint32_t(To.infinity_bits())
                                                  : uint32_t(To.default_nan_bits());
  uint32_t nan = 0, signaling = 0, infinity = 0;
  if constexpr (From.has_infinity()) {
    nan = mask(magnitude > uint32_t(From.infinity_bits()));
    signaling = nan & mask((magnitude & uint32_t(From.quiet_bit())) == 0);
    infinity = mask(magnitude == uint32_t(From.infinity_bits()));
  } else {
    nan = mask(magnitude == uint32_t(From.magnitude_mask()));
  }
  const uint32_t beyond =
      (mask(field > highest) | mask(rounded.kept > uint32_t(To.max_finite_bits()))) &
      ~(nan | infinity);
  Rounded32 r{choose(beyond, overflowed, to_sign | rounded.kept),
              choose(beyond, overflow_flags, rounded.inexact)};
  const uint32_t zero = mask(magnitude == 0);
  r.bits = choose(zero, to_sign, r.bits);
  r.flags &= ~zero;
  uint32_t infinite_bits = uint32_t(To.default_nan_bits()), infinite_flags = Flags::invalid;
  // Saturating conversion clamps infinities too (convert.cpp).
  if constexpr (To.overflow == OverflowPolicy::Saturate) {
    infinite_bits = to_sign | uint32_t(To.max_finite_bits());
    infinite_flags = overflow_flags;
  } else if constexpr (To.has_infinity()) {
    infinite_bits = to_sign | uint32_t(To.infinity_bits());
    infinite_flags = 0;
  }
  r.bits = choose(infinity, infinite_bits, r.bits);
  r.flags = choose(infinity, infinite_flags, r.flags);
  r.bits = choose(nan, uint32_t(To.default_nan_bits()), r.bits);
  r.flags = choose(nan, signaling & Flags::invalid, r.flags);
  if constexpr (same_range) {
    r.flags |= same_range_underflow<From, To, M>(magnitude, up, r.flags, tininess_before);
  } else {
    // Tiny after rounding (IEEE 754-2019 7.5) unless the value lies just
    // below 2^emin and rounding it at the normal cut, the exponent unbounded,
    // carries into 2^emin.
    constexpr uint32_t normal_half = uint32_t(1) << (cut - 1);
    constexpr uint32_t normal_all = (uint32_t(1) << cut) - 1;
    const uint32_t normal_increment = (normal_half & uint32_t(mode.half)) | (normal_all & up);
    const uint32_t reaches_normal =
        mask(field == lowest - 1) &
        mask((((magnitude & (hidden - 1)) + normal_increment) >> From.fraction_bits()) != 0);
    r.flags |= below_range & (tininess_before | ~reaches_normal) & (uint32_t(0) - rounded.inexact) &
               Flags::underflow;
  }
  return r;
}

// convert_element for a normal input with a result in the normal range.
template <const Format& From, const Format& To, Rounding M>
[[gnu::always_inline]] constexpr NormalRounded convert_normal_path(uint64_t a) {
  constexpr int top = From.precision - 1 > To.precision + 1 ? From.precision - 1 : To.precision + 1;
  NormalRounded r = round_in_normal_range<top>(
      To, sign_of<From>(a), field_of<From>(a) - From.bias,
      normal_significand<From>(a) << (top - From.fraction_bits()), make_mode_masks(M));
  r.in_range &= normal_path_operands<From>(a);
  return r;
}

// From -> To (IEEE 754-2019 5.4.2): the significand, its leading one moved
// to a fixed bit at least two above the target's last place, rounded once;
// the OCP OFP8 rules for targets without infinities.
template <const Format& From, const Format& To>
[[gnu::always_inline]] constexpr RoundedWord convert_element(uint64_t a, const ModeMasks& mode,
                                                             uint64_t tininess_before) {
  constexpr int top = From.precision - 1 > To.precision + 1 ? From.precision - 1 : To.precision + 1;
  const Decoded<From> d = decode<From>(a);
  const uint64_t leading_bit = 63 - leading_zeros(d.significand | 1);
  const uint64_t normalized = d.significand << (top - leading_bit);
  const int64_t leading = d.exponent - From.fraction_bits() + int64_t(leading_bit);
  RoundedWord r = round_normalized<top>(To, d.sign, leading, normalized, mode, tininess_before);
  replace(r, d.zero, RoundedWord{d.sign << (To.width() - 1), 0});
  if constexpr (From.has_infinity()) {
    if constexpr (To.overflow == OverflowPolicy::Saturate)
      replace(r, d.infinity,
              RoundedWord{(d.sign << (To.width() - 1)) | To.max_finite_bits(),
                          Flags::overflow | Flags::inexact});
    else if constexpr (To.has_infinity())
      replace(r, d.infinity, RoundedWord{(d.sign << (To.width() - 1)) | To.infinity_bits(), 0});
    else
      replace(r, d.infinity, nan_result<To>(~uint64_t{0}));
  }
  replace(r, d.nan, nan_result<To>(d.signaling));
  return r;
}

}  // namespace fpx::detail
