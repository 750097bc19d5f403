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

// The products the normal path leaves that need no rounding or whose rounding
// is known from the exponents alone, answered from the encodings before the
// general path unpacks them (bench/README.md counts them on the benchmark's
// mixed operands); returns whether it answered, and then `result` is the
// answer: a NaN, infinite or zero operand; two normal operands whose product
// is at least 2^(emax+1), which overflows in every mode; and a product below
// 2^(emin-p), half the smallest subnormal (below_half_smallest_subnormal).
template <const Format& F>
[[gnu::always_inline]] inline bool multiply_from_encodings(std::uint64_t a, std::uint64_t b,
                                                           Rounding mode, Rounded& result) {
  using namespace detail;
  const bool negative = ((a ^ b) & F.sign_mask()) != 0;
  if (is_nan_encoding<F>(a) || is_nan_encoding<F>(b)) {
    result = nan_of_encodings<F>(a, b);
    return true;
  }
  if (is_infinity_encoding<F>(a) || is_infinity_encoding<F>(b)) {
    result = is_zero_encoding<F>(a) || is_zero_encoding<F>(b)  // 0 * inf
                 ? default_nan(F, true)
                 : Rounded{infinity_bits(F, negative), {}};
    return true;
  }
  if (is_zero_encoding<F>(a) || is_zero_encoding<F>(b)) {
    result = signed_zero(F, negative);
    return true;
  }
  // Each significand lies in [2^e, 2^(e+1)) for a normal operand, below
  // 2^(e+1) for a subnormal one (e = exponent_of_encoding).
  const int exponents = exponent_of_encoding<F>(a) + exponent_of_encoding<F>(b);
  if (is_normal<F>(a) && is_normal<F>(b) && exponents > F.max_exponent()) {
    result = Rounded{overflow_result(F, negative, mode), Flags{Flags::overflow | Flags::inexact}};
    return true;
  }
  if (exponents + 2 <= F.min_exponent() - F.precision) {
    result = below_half_smallest_subnormal<F>(negative, mode);
    return true;
  }
  return false;
}

template <const Format& F>
[[gnu::noinline]] Rounded multiply_general(std::uint64_t a, std::uint64_t b, Rounding mode,
                                           const RoundingOptions& options) {
  if constexpr (detail::has_ieee_specials<F>) {
    Rounded answer;
    if (mode != Rounding::Stochastic && multiply_from_encodings<F>(a, b, mode, answer))
      return answer;
  }
  return multiply_general_path<detail::ProductWord<F>>(F, a, b, mode, options);
}

}  // namespace

template <const Format& F>
Rounded multiply(std::uint64_t a, std::uint64_t b, Rounding mode, const RoundingOptions& options) {
  const detail::NormalRounded fast = detail::normal_path_if(
      detail::normal_path_operands<F>(a, b), mode,
      [&]<Rounding M>() { return detail::multiply_normal_path<F, M>(a, b); });
  if (fast.in_range) [[likely]]
    return detail::as_rounded(fast);
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
