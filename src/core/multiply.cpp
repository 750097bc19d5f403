// Multiplication (IEEE 754-2019 5.4.1): the product of two significands is
// exact in ProductWord, so it is rounded once.
#include "arithmetic.hpp"
#include "element_operations.hpp"
#include "fpx/core/operations.hpp"

namespace fpx {
namespace {

// Every case the normal path leaves (see add.cpp), for a format known at
// compile time or at run time; the product is exact in Word.
template <typename Word>
[[gnu::always_inline]] inline Rounded multiply_general_path(const Format& format, std::uint64_t a,
                                                            std::uint64_t b, Rounding mode,
                                                            const RoundingOptions& options) {
  using namespace detail;
  if (all_normal(format, a, b)) {
    const Unpacked x = fpx::unpack_normal(format, a), y = fpx::unpack_normal(format, b);
    return round_pack(format, x.negative != y.negative, x.exponent + y.exponent,
                      Word(x.significand) * y.significand, false, mode, options);
  }
  const Unpacked x = fpx::unpack(format, a);
  const Unpacked y = fpx::unpack(format, b);
  const bool negative = x.negative != y.negative;
  if (x.is_nan() || y.is_nan()) return propagate_nan(format, x, y);
  if (x.is_infinity() || y.is_infinity()) {
    if (x.is_zero() || y.is_zero()) return default_nan(format, true);  // 0 * inf
    return Rounded{infinity_bits(format, negative), {}};
  }
  if (x.is_zero() || y.is_zero()) return signed_zero(format, negative);
  return round_pack(format, negative, x.exponent + y.exponent, Word(x.significand) * y.significand,
                    false, mode, options);
}

template <const Format& F>
[[gnu::noinline]] Rounded multiply_general(std::uint64_t a, std::uint64_t b, Rounding mode,
                                           const RoundingOptions& options) {
  return multiply_general_path<detail::ProductWord<F>>(F, a, b, mode, options);
}

}  // namespace

template <const Format& F>
Rounded multiply(std::uint64_t a, std::uint64_t b, Rounding mode, const RoundingOptions& options) {
  const detail::NormalRounded fast = detail::with_deterministic_mode(
      mode, [&]<Rounding M>() { return detail::multiply_normal_path<F, M>(a, b); });
  if (fast.in_range) [[likely]]
    return Rounded{fast.bits, Flags{std::uint8_t(fast.flags)}};
  return multiply_general<F>(a, b, mode, options);
}

namespace detail {
Rounded multiply_any_format(const Format& format, std::uint64_t a, std::uint64_t b, Rounding mode,
                            const RoundingOptions& options) {
  return multiply_general_path<RuntimeWord>(format, a, b, mode, options);
}
}  // namespace detail

#define FPX_INSTANTIATE(format) \
  template Rounded multiply<format>(std::uint64_t, std::uint64_t, Rounding, const RoundingOptions&);
FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_INSTANTIATE)
#undef FPX_INSTANTIATE

}  // namespace fpx
