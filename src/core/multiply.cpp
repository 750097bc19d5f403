// Multiplication (IEEE 754-2019 5.4.1): the product of two significands is
// exact in ProductWord, so it is rounded once.
#include "arithmetic.hpp"
#include "element_operations.hpp"
#include "fpx/core/operations.hpp"

namespace fpx {
namespace {

// Every case the normal path leaves (see add.cpp).
template <const Format& F>
[[gnu::noinline]] Rounded multiply_general(std::uint64_t a, std::uint64_t b, Rounding mode,
                                           const RoundingOptions& options) {
  using namespace detail;
  using Word = ProductWord<F>;
  if (all_normal<F>(a, b)) {
    const Unpacked x = unpack_normal<F>(a), y = unpack_normal<F>(b);
    return round_pack(F, x.negative != y.negative, x.exponent + y.exponent,
                      Word(x.significand) * y.significand, false, mode, options);
  }
  const Unpacked x = unpack<F>(a);
  const Unpacked y = unpack<F>(b);
  const bool negative = x.negative != y.negative;
  if (x.is_nan() || y.is_nan()) return propagate_nan<F>(x, y);
  if (x.is_infinity() || y.is_infinity()) {
    if (x.is_zero() || y.is_zero()) return default_nan<F>(true);  // 0 * inf
    return Rounded{infinity_bits<F>(negative), {}};
  }
  if (x.is_zero() || y.is_zero()) return signed_zero<F>(negative);
  return round_pack(F, negative, x.exponent + y.exponent, Word(x.significand) * y.significand,
                    false, mode, options);
}

}  // namespace

template <const Format& F>
Rounded multiply(std::uint64_t a, std::uint64_t b, Rounding mode, const RoundingOptions& options) {
  const detail::NormalRounded fast = detail::with_deterministic_mode(
      mode, [&]<Rounding M>() { return detail::multiply_normal_path<F, M>(a, b); });
  if (fast.in_range) [[likely]]
    return Rounded{fast.bits, Flags{fast.flags}};
  return multiply_general<F>(a, b, mode, options);
}

#define FPX_INSTANTIATE(format) \
  template Rounded multiply<format>(std::uint64_t, std::uint64_t, Rounding, const RoundingOptions&);
FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_INSTANTIATE)
#undef FPX_INSTANTIATE

}  // namespace fpx
