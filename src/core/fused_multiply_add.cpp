// Fused multiply-add a * b + c with one rounding (IEEE 754-2019 5.4.1): the
// product is exact in ProductWord and enters add_terms beside c.
#include "arithmetic.hpp"
#include "element_operations.hpp"
#include "fpx/core/operations.hpp"

namespace fpx {
namespace {

// Every case the normal path leaves (see add.cpp), for a format known at
// compile time (normal_bits its precision) or at run time (normal_bits 0).
template <typename Word, int normal_bits>
[[gnu::always_inline]] inline Rounded fused_multiply_add_general_path(
    const Format& format, std::uint64_t a, std::uint64_t b, std::uint64_t c, Rounding mode,
    const RoundingOptions& options) {
  using namespace detail;
  if (normal_bits != 0 && detail::all_normal(format, a, b, c)) {
    const Unpacked x = fpx::unpack_normal(format, a), y = fpx::unpack_normal(format, b),
                   z = fpx::unpack_normal(format, c);
    return add_terms<Word, 0, normal_bits>(
        format,
        {x.negative != y.negative, x.exponent + y.exponent, Word(x.significand) * y.significand},
        {z.negative, z.exponent, Word(z.significand)}, mode, options);
  }
  const Unpacked x = fpx::unpack(format, a);
  const Unpacked y = fpx::unpack(format, b);
  const Unpacked z = fpx::unpack(format, c);
  const bool product_negative = x.negative != y.negative;
  const bool zero_times_infinity =
      (x.is_zero() && y.is_infinity()) || (x.is_infinity() && y.is_zero());
  // SoftFloat's choice: 0 * inf is invalid even when c is a quiet NaN.
  if (zero_times_infinity) return default_nan(format, true);
  if (x.is_nan() || y.is_nan() || z.is_nan()) return propagate_nan(format, x, y, z);
  if (x.is_infinity() || y.is_infinity()) {
    if (z.is_infinity() && z.negative != product_negative) return default_nan(format, true);
    return Rounded{infinity_bits(format, product_negative), {}};
  }
  if (z.is_infinity()) return Rounded{c, {}};
  if (x.is_zero() || y.is_zero()) {
    if (z.is_zero())
      return signed_zero(format, zero_sum_is_negative(product_negative, z.negative, mode));
    return Rounded{c, {}};
  }
  const Word product = Word(x.significand) * y.significand;
  if (z.is_zero())
    return round_pack(format, product_negative, x.exponent + y.exponent, product, false, mode,
                      options);
  return add_terms<Word>(format, {product_negative, x.exponent + y.exponent, product},
                         {z.negative, z.exponent, Word(z.significand)}, mode, options);
}

// The cases the normal path leaves that need no rounding, or that overflow in
// every mode, answered from the encodings before the general path unpacks
// them, with the general path's answers (bench/README.md counts them on the
// benchmark's mixed operands); returns whether it answered, and then `result`
// is the answer: a NaN or infinite operand, a zero factor, and normal factors
// whose product is at least 2^(emax+2), which the addend (below 2^(emax+1))
// cannot bring back into range.
template <const Format& F>
[[gnu::always_inline]] inline bool fused_multiply_add_from_encodings(std::uint64_t a,
                                                                     std::uint64_t b,
                                                                     std::uint64_t c, Rounding mode,
                                                                     Rounded& result) {
  using namespace detail;
  const bool product_negative = ((a ^ b) & F.sign_mask()) != 0;
  const bool addend_negative = (c & F.sign_mask()) != 0;
  const bool zero_factor = is_zero_encoding<F>(a) || is_zero_encoding<F>(b);
  const bool infinite_factor = is_infinity_encoding<F>(a) || is_infinity_encoding<F>(b);
  if (zero_factor && infinite_factor)  // SoftFloat's choice: invalid even when c is a quiet NaN
    result = default_nan(F, true);
  else if (is_nan_encoding<F>(a) || is_nan_encoding<F>(b) || is_nan_encoding<F>(c))
    result = nan_of_encodings<F>(a, b, c);
  else if (infinite_factor && is_infinity_encoding<F>(c) && product_negative != addend_negative)
    result = default_nan(F, true);  // inf - inf
  else if (infinite_factor)
    result = Rounded{infinity_bits(F, product_negative), {}};
  else if (is_infinity_encoding<F>(c))
    result = Rounded{c, {}};
  else if (zero_factor && is_zero_encoding<F>(c))
    result = signed_zero(F, zero_sum_is_negative(product_negative, addend_negative, mode));
  else if (zero_factor)
    result = Rounded{c, {}};
  else if (is_normal<F>(a) && is_normal<F>(b) &&
           exponent_of_encoding<F>(a) + exponent_of_encoding<F>(b) > F.max_exponent() + 1)
    result = Rounded{overflow_result(F, product_negative, mode),
                     Flags{Flags::overflow | Flags::inexact}};
  else
    return false;
  return true;
}

template <const Format& F>
[[gnu::noinline]] Rounded fused_multiply_add_general(std::uint64_t a, std::uint64_t b,
                                                     std::uint64_t c, Rounding mode,
                                                     const RoundingOptions& options) {
  if constexpr (detail::has_ieee_specials<F>) {
    Rounded answer;
    if (mode != Rounding::Stochastic && fused_multiply_add_from_encodings<F>(a, b, c, mode, answer))
      return answer;
  }
  return fused_multiply_add_general_path<detail::ProductWord<F>, F.precision>(F, a, b, c, mode,
                                                                              options);
}

}  // namespace

template <const Format& F>
Rounded fused_multiply_add(std::uint64_t a, std::uint64_t b, std::uint64_t c, Rounding mode,
                           const RoundingOptions& options) {
  // Two tests, not one of all three operands: with one, fma on the
  // benchmark's mixed operands ran at 82-84 Mop/s instead of 89-92
  // (bench/README.md).
  const bool operands_normal =
      detail::normal_path_operands<F>(a, b) && detail::normal_path_operands<F>(c);
  const detail::NormalRounded fast = detail::normal_path_if(
      operands_normal, mode,
      [&]<Rounding M>() { return detail::fused_multiply_add_normal_path<F, M>(a, b, c); });
  if (fast.in_range) [[likely]]
    return detail::as_rounded(fast);
  return fused_multiply_add_general<F>(a, b, c, mode, options);
}

namespace detail {
Rounded fused_multiply_add_any_format(const Format& format, std::uint64_t a, std::uint64_t b,
                                      std::uint64_t c, Rounding mode,
                                      const RoundingOptions& options) {
  return fused_multiply_add_general_path<RuntimeWord, 0>(format, a, b, c, mode, options);
}
}  // namespace detail

#define FPX_INSTANTIATE(format)                                                            \
  template Rounded fused_multiply_add<format>(std::uint64_t, std::uint64_t, std::uint64_t, \
                                              Rounding, const RoundingOptions&);
FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_INSTANTIATE)
#undef FPX_INSTANTIATE

}  // namespace fpx
