// Addition and subtraction (IEEE 754-2019 5.4.1): normal operands with a
// result in the normal range take the normal path of element_operations.hpp,
// the mode fixed by one switch; everything else the general path below.
#include "arithmetic.hpp"
#include "element_operations.hpp"
#include "fpx/core/operations.hpp"

namespace fpx {
namespace {

// Every case the normal path leaves: special values, subnormals, results
// outside the normal range, stochastic rounding; for a format known at
// compile time (normal_bits its precision) or at run time (normal_bits 0).
// The sums are in `Word`: stochastic rounding needs 32 exact bits below the
// result's last place (rounding.hpp); 64-bit words leave that room only up
// to precision 29.
template <typename Word, int normal_bits>
[[gnu::always_inline]] inline Rounded add_general_path(const Format& format, std::uint64_t a,
                                                       std::uint64_t b, bool negate_b,
                                                       Rounding mode,
                                                       const RoundingOptions& options) {
  using detail::add_terms;
  if (!negate_b && normal_bits != 0 && detail::all_normal(format, a, b)) {
    const Unpacked x = unpack_normal(format, a), y = unpack_normal(format, b);
    return add_terms<Word, normal_bits, normal_bits>(
        format, {x.negative, x.exponent, x.significand}, {y.negative, y.exponent, y.significand},
        mode, options);
  }
  const Unpacked x = unpack(format, a);
  Unpacked y = unpack(format, b);
  if (negate_b) y.negative = !y.negative;
  if (x.is_nan() || y.is_nan()) return detail::propagate_nan(format, x, y);
  if (x.is_infinity() || y.is_infinity()) {
    if (x.is_infinity() && y.is_infinity() && x.negative != y.negative)
      return detail::default_nan(format, true);
    return Rounded{detail::infinity_bits(format, x.is_infinity() ? x.negative : y.negative), {}};
  }
  if (x.is_zero() && y.is_zero())
    return detail::signed_zero(format, detail::zero_sum_is_negative(x.negative, y.negative, mode));
  // A zero addend leaves the other operand, which is representable (a
  // negated one is encoded again).
  if (y.is_zero()) return Rounded{a, {}};
  if (x.is_zero()) {
    if (!negate_b) return Rounded{b, {}};
    return round_pack(format, y.negative, y.exponent, y.significand, false, mode, options);
  }
  return add_terms<Word>(format, {x.negative, x.exponent, Word(x.significand)},
                         {y.negative, y.exponent, Word(y.significand)}, mode, options);
}

// Not inlined, so that the normal path stays small.
template <const Format& F>
[[gnu::noinline]] Rounded add_general(std::uint64_t a, std::uint64_t b, Rounding mode,
                                      const RoundingOptions& options) {
  if constexpr (F.precision > 29) {
    if (mode == Rounding::Stochastic)
      return add_general_path<UInt128, F.precision>(F, a, b, false, mode, options);
  }
  return add_general_path<std::uint64_t, F.precision>(F, a, b, false, mode, options);
}

}  // namespace

template <const Format& F>
Rounded add(std::uint64_t a, std::uint64_t b, Rounding mode, const RoundingOptions& options) {
  const detail::NormalRounded fast = detail::with_deterministic_mode(
      mode, [&]<Rounding M>() { return detail::add_normal_path<F, M>(a, b); });
  if (fast.in_range) [[likely]]
    return Rounded{fast.bits, Flags{std::uint8_t(fast.flags)}};
  return add_general<F>(a, b, mode, options);
}

template <const Format& F>
Rounded subtract(std::uint64_t a, std::uint64_t b, Rounding mode, const RoundingOptions& options) {
  // a - b is a + (-b) exactly; flipping a NaN's sign does not change how it
  // is treated.
  return add<F>(a, b ^ F.sign_mask(), mode, options);
}

namespace detail {
Rounded add_any_format(const Format& format, std::uint64_t a, std::uint64_t b, bool negate_b,
                       Rounding mode, const RoundingOptions& options) {
  return add_general_path<RuntimeWord, 0>(format, a, b, negate_b, mode, options);
}
}  // namespace detail

#define FPX_INSTANTIATE(format)                                                                 \
  template Rounded add<format>(std::uint64_t, std::uint64_t, Rounding, const RoundingOptions&); \
  template Rounded subtract<format>(std::uint64_t, std::uint64_t, Rounding, const RoundingOptions&);
FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_INSTANTIATE)
#undef FPX_INSTANTIATE

}  // namespace fpx
