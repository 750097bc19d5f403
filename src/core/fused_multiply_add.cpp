// Fused multiply-add a * b + c with one rounding (IEEE 754-2019 5.4.1): the
// product is exact in ProductWord and enters add_terms beside c.
#include "arithmetic.hpp"
#include "element_operations.hpp"
#include "fpx/core/operations.hpp"

namespace fpx {
namespace {

// Every case the normal path leaves (see add.cpp).
template <const Format& F>
[[gnu::noinline]] Rounded fused_multiply_add_general(std::uint64_t a, std::uint64_t b,
                                                     std::uint64_t c, Rounding mode,
                                                     const RoundingOptions& options) {
  using namespace detail;
  using Word = ProductWord<F>;
  if (all_normal<F>(a, b, c)) {
    const Unpacked x = unpack_normal<F>(a), y = unpack_normal<F>(b), z = unpack_normal<F>(c);
    return add_terms<Word, 0, F.precision>(
        F, {x.negative != y.negative, x.exponent + y.exponent, Word(x.significand) * y.significand},
        {z.negative, z.exponent, Word(z.significand)}, mode, options);
  }
  const Unpacked x = unpack<F>(a);
  const Unpacked y = unpack<F>(b);
  const Unpacked z = unpack<F>(c);
  const bool product_negative = x.negative != y.negative;
  const bool zero_times_infinity =
      (x.is_zero() && y.is_infinity()) || (x.is_infinity() && y.is_zero());
  // SoftFloat's choice: 0 * inf is invalid even when c is a quiet NaN.
  if (zero_times_infinity) return default_nan<F>(true);
  if (x.is_nan() || y.is_nan() || z.is_nan()) return propagate_nan<F>(x, y, z);
  if (x.is_infinity() || y.is_infinity()) {
    if (z.is_infinity() && z.negative != product_negative) return default_nan<F>(true);
    return Rounded{infinity_bits<F>(product_negative), {}};
  }
  if (z.is_infinity()) return Rounded{c, {}};
  if (x.is_zero() || y.is_zero()) {
    if (z.is_zero())
      return signed_zero<F>(zero_sum_is_negative(product_negative, z.negative, mode));
    return Rounded{c, {}};
  }
  const Word product = Word(x.significand) * y.significand;
  if (z.is_zero())
    return round_pack(F, product_negative, x.exponent + y.exponent, product, false, mode, options);
  return add_terms<Word>(F, {product_negative, x.exponent + y.exponent, product},
                         {z.negative, z.exponent, Word(z.significand)}, mode, options);
}

}  // namespace

template <const Format& F>
Rounded fused_multiply_add(std::uint64_t a, std::uint64_t b, std::uint64_t c, Rounding mode,
                           const RoundingOptions& options) {
  const detail::NormalRounded fast = detail::with_deterministic_mode(
      mode, [&]<Rounding M>() { return detail::fused_multiply_add_normal_path<F, M>(a, b, c); });
  if (fast.in_range) [[likely]]
    return Rounded{fast.bits, Flags{fast.flags}};
  return fused_multiply_add_general<F>(a, b, c, mode, options);
}

#define FPX_INSTANTIATE(format)                                                            \
  template Rounded fused_multiply_add<format>(std::uint64_t, std::uint64_t, std::uint64_t, \
                                              Rounding, const RoundingOptions&);
FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_INSTANTIATE)
#undef FPX_INSTANTIATE

}  // namespace fpx
