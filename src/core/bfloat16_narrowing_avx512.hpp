// Internal to the core: binary32 to bfloat16 without element flags, the run
// of the narrowing kernel that joins the flags (array_kernels.hpp), written
// with AVX-512 intrinsics for the values that fill whole vectors of 32; the
// kernel's portable loop answers the rest. Included only by array_conversions_avx512.cpp,
// after its target pragma, and so compiled only for x86-64-v4.
//
// Why intrinsics: GCC 12 compiles the portable run (convert_same_range32_joined
// in element_operations.hpp) in 32-bit lanes, 33 to 53 instructions in the
// loop for 32 values by mode, and on the benchmark's mixed operands it ran at
// 0.43-0.68 times CPFloat's speed on an Intel Xeon with AVX-512
// (bench/README.md). Here 32 values are split once into their high halves,
// which are the truncated bfloat16 encodings, and their low halves, the bits
// below the cut (two word permutations), and the rest is done in 16-bit
// lanes, 32 to a vector: 25 to 36 instructions in the loop by mode.
//
// In those lanes, with h the high half without its sign and l the low half:
// - a NaN has h above infinity's, or equal to it with l not zero, so h plus
//   min(l, 1) lies above infinity's (h is at most 0x7FFF, so no wrap);
// - rounding adds one to the high half where the mode rounds up (the carry
//   moves into the exponent, to infinity from the largest finite value,
//   as the unbounded exponent would: the formats have the same range), or
//   under round to odd sets its last bit where l is not zero;
// - a value overflows when h is the largest finite one and rounds up;
// - a value is tiny below 2^23 - f in binary32 units, f the increment of
//   rounding one bit finer than the cut for its sign, or 0 when tininess
//   is decided before rounding (same_range_tiny_below), that is when
//   h < 0x7F, or h = 0x7F and l <= 0xFFFF - f;
// - it is inexact when l is not zero, and underflows when tiny and inexact.
// The flags are kept as a maximum of the low halves (not zero: the flag
// is raised) and as masks, and turned into Flags bits once for the run.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "element_operations.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx::detail::avx512 {

// Converts the first length - length % 32 values and returns the union of
// their flags.
template <Rounding M>
inline std::uint32_t binary32_to_bfloat16_vectors(const std::uint32_t* x, std::uint16_t* y,
                                                  std::size_t length,
                                                  std::uint32_t tininess_before) {
  static_assert(M != Rounding::Stochastic);
  static_assert(sign_travels_with_cut<binary32, bfloat16>);
  constexpr const Format& To = bfloat16;
  // Word j of a pair of vectors (a0, a1) seen as 64 words is the low half
  // of value j / 2 for even j and its high half for odd j.
  alignas(64) static constexpr std::uint16_t high_words[32] = {
      1,  3,  5,  7,  9,  11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31,
      33, 35, 37, 39, 41, 43, 45, 47, 49, 51, 53, 55, 57, 59, 61, 63};
  alignas(64) static constexpr std::uint16_t low_words[32] = {
      0,  2,  4,  6,  8,  10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30,
      32, 34, 36, 38, 40, 42, 44, 46, 48, 50, 52, 54, 56, 58, 60, 62};
  const __m512i high_index = _mm512_load_si512(high_words);
  const __m512i low_index = _mm512_load_si512(low_words);
  const __m512i one = _mm512_set1_epi16(1);
  const __m512i magnitude_mask = _mm512_set1_epi16(std::int16_t(To.magnitude_mask()));
  // Infinity's high half, which is also the exponent field's mask.
  const __m512i infinity = _mm512_set1_epi16(std::int16_t(To.infinity_bits()));
  const __m512i largest_finite = _mm512_set1_epi16(std::int16_t(To.max_finite_bits()));
  const __m512i default_nan = _mm512_set1_epi16(std::int16_t(To.default_nan_bits()));
  const __m512i quiet_bit = _mm512_set1_epi16(std::int16_t(To.quiet_bit()));
  // The high half just below the smallest normal's, where tininess after
  // rounding depends on the low half.
  const __m512i below_smallest_normal =
      _mm512_set1_epi16(std::int16_t((std::uint32_t(1) << To.fraction_bits()) - 1));
  // 0xFFFF - f for each sign (f = 2^23 less the tininess threshold).
  const std::uint32_t tiny_below_positive =
      same_range_tiny_below<binary32, bfloat16, M>(rounds_up32<M>(0), tininess_before);
  const std::uint32_t tiny_below_negative =
      same_range_tiny_below<binary32, bfloat16, M>(rounds_up32<M>(1), tininess_before);
  const __m512i low_limit_positive =
      _mm512_set1_epi16(std::int16_t(std::uint16_t(0xFFFF - ((1u << 23) - tiny_below_positive))));
  const __m512i low_limit_negative =
      _mm512_set1_epi16(std::int16_t(std::uint16_t(0xFFFF - ((1u << 23) - tiny_below_negative))));
  const bool tiny_below_field =
      tiny_below_positive == (1u << 23) && tiny_below_negative == (1u << 23);
  constexpr bool can_overflow = M != Rounding::TowardZero && M != Rounding::ToOdd;

  __m512i inexact_low = _mm512_setzero_si512();  // of values that are not NaN
  __m512i tiny_low = _mm512_setzero_si512();     // of tiny values
  __mmask32 signaling = 0, overflow = 0;
  std::size_t i = 0;
  for (; i + 32 <= length; i += 32) {
    const __m512i a0 = _mm512_loadu_si512(x + i), a1 = _mm512_loadu_si512(x + i + 16);
    const __m512i high = _mm512_permutex2var_epi16(a0, high_index, a1);
    const __m512i low = _mm512_permutex2var_epi16(a0, low_index, a1);
    const __m512i magnitude = _mm512_and_si512(high, magnitude_mask);
    const __m512i sticky = _mm512_min_epu16(low, one);
    const __mmask32 nan = _mm512_cmpgt_epu16_mask(_mm512_add_epi16(magnitude, sticky), infinity);
    const __mmask32 negative = _mm512_movepi16_mask(high);
    __m512i kept = high;
    __mmask32 up = 0;
    if constexpr (M == Rounding::NearestEven) {
      // Up when l is above half, or half with the last kept bit odd.
      const __m512i half_less_odd =
          _mm512_sub_epi16(_mm512_set1_epi16(std::int16_t(0x8000)), _mm512_and_si512(high, one));
      up = _mm512_cmpgt_epu16_mask(low, half_less_odd);
    } else if constexpr (M == Rounding::NearestAway) {
      up = _mm512_movepi16_mask(low);  // l at least half
    } else if constexpr (M == Rounding::TowardPositive) {
      up = _mm512_mask_test_epi16_mask(_knot_mask32(negative), low, low);
    } else if constexpr (M == Rounding::TowardNegative) {
      up = _mm512_mask_test_epi16_mask(negative, low, low);
    }
    if constexpr (M == Rounding::ToOdd)
      kept = _mm512_or_si512(high, sticky);
    else if constexpr (M != Rounding::TowardZero)
      kept = _mm512_mask_add_epi16(high, up, high, one);
    kept = _mm512_mask_mov_epi16(kept, nan, default_nan);
    _mm512_storeu_si512(y + i, kept);
    inexact_low = _mm512_mask_max_epu16(inexact_low, _knot_mask32(nan), inexact_low, low);
    signaling |= _mm512_mask_testn_epi16_mask(nan, high, quiet_bit);
    if constexpr (can_overflow)
      overflow |= _mm512_mask_cmpeq_epi16_mask(up, magnitude, largest_finite);
    __mmask32 tiny;
    if (tiny_below_field) {
      tiny = _mm512_testn_epi16_mask(high, infinity);  // f = 0: the field is zero
    } else {
      const __m512i low_limit =
          _mm512_mask_mov_epi16(low_limit_positive, negative, low_limit_negative);
      const __mmask32 at_edge = _mm512_cmpeq_epi16_mask(magnitude, below_smallest_normal);
      tiny = _mm512_cmplt_epu16_mask(magnitude, below_smallest_normal) |
             _mm512_mask_cmple_epu16_mask(at_edge, low, low_limit);
    }
    tiny_low = _mm512_mask_max_epu16(tiny_low, tiny, tiny_low, low);
  }
  std::uint32_t flags = 0;
  if (_mm512_test_epi16_mask(inexact_low, inexact_low) != 0) flags |= Flags::inexact;
  if (_mm512_test_epi16_mask(tiny_low, tiny_low) != 0) flags |= Flags::underflow;
  if (overflow != 0) flags |= Flags::overflow | Flags::inexact;
  if (signaling != 0) flags |= Flags::invalid;
  return flags;
}

}  // namespace fpx::detail::avx512
