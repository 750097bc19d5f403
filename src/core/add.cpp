// Addition and subtraction (IEEE 754-2019 5.4.1): normal operands with a
// result in the normal range take the normal path of element_operations.hpp,
// the mode fixed by one switch; everything else the general path below.
#include "arithmetic.hpp"
#include "element_operations.hpp"
#include "fpx/core/operations.hpp"

namespace fpx {
namespace {

// The sum of two nonzero finite numbers; `significand_bits` is the
// precision when both are known to be normal, else 0.
template <const Format& F, int significand_bits = 0>
[[gnu::always_inline]] inline Rounded add_finite(const Unpacked& x, const Unpacked& y,
                                                 Rounding mode, const RoundingOptions& options) {
  using detail::add_terms;
  // Stochastic rounding needs 32 exact bits below the result's last place
  // (rounding.hpp); 64-bit words leave that room only up to precision 29.
  if constexpr (F.precision > 29) {
    if (mode == Rounding::Stochastic)
      return add_terms<UInt128, significand_bits, significand_bits>(
          F, {x.negative, x.exponent, x.significand}, {y.negative, y.exponent, y.significand}, mode,
          options);
  }
  return add_terms<std::uint64_t, significand_bits, significand_bits>(
      F, {x.negative, x.exponent, x.significand}, {y.negative, y.exponent, y.significand}, mode,
      options);
}

// Every case the normal path leaves: special values, subnormals, results
// outside the normal range, stochastic rounding. Not inlined, so that the
// normal path stays small.
template <const Format& F>
[[gnu::noinline]] Rounded add_general(std::uint64_t a, std::uint64_t b, Rounding mode,
                                      const RoundingOptions& options) {
  using namespace detail;
  if (all_normal<F>(a, b))
    return add_finite<F, F.precision>(unpack_normal<F>(a), unpack_normal<F>(b), mode, options);
  const Unpacked x = unpack<F>(a);
  const Unpacked y = unpack<F>(b);
  if (x.is_nan() || y.is_nan()) return propagate_nan<F>(x, y);
  if (x.is_infinity() || y.is_infinity()) {
    if (x.is_infinity() && y.is_infinity() && x.negative != y.negative) return default_nan<F>(true);
    return Rounded{infinity_bits<F>(x.is_infinity() ? x.negative : y.negative), {}};
  }
  if (x.is_zero() && y.is_zero())
    return signed_zero<F>(zero_sum_is_negative(x.negative, y.negative, mode));
  // A zero addend leaves the other operand, which is representable.
  if (y.is_zero()) return Rounded{a, {}};
  if (x.is_zero()) return Rounded{b, {}};
  return add_finite<F>(x, y, mode, options);
}

}  // namespace

template <const Format& F>
Rounded add(std::uint64_t a, std::uint64_t b, Rounding mode, const RoundingOptions& options) {
  const detail::NormalRounded fast = detail::with_deterministic_mode(
      mode, [&]<Rounding M>() { return detail::add_normal_path<F, M>(a, b); });
  if (fast.in_range) [[likely]]
    return Rounded{fast.bits, Flags{fast.flags}};
  return add_general<F>(a, b, mode, options);
}

template <const Format& F>
Rounded subtract(std::uint64_t a, std::uint64_t b, Rounding mode, const RoundingOptions& options) {
  // a - b is a + (-b) exactly; flipping a NaN's sign does not change how it
  // is treated.
  return add<F>(a, b ^ F.sign_mask(), mode, options);
}

#define FPX_INSTANTIATE(format)                                                                 \
  template Rounded add<format>(std::uint64_t, std::uint64_t, Rounding, const RoundingOptions&); \
  template Rounded subtract<format>(std::uint64_t, std::uint64_t, Rounding, const RoundingOptions&);
FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_INSTANTIATE)
#undef FPX_INSTANTIATE

}  // namespace fpx
