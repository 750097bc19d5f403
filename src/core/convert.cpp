// Conversion between formats (IEEE 754-2019 5.4.2), with the OCP OFP8 rules
// for targets without infinities.
#include <boost/preprocessor/seq/elem.hpp>
#include <boost/preprocessor/seq/for_each_product.hpp>

#include "arithmetic.hpp"
#include "fpx/core/operations.hpp"

namespace fpx {

namespace {

// For formats known at compile time or at run time.
[[gnu::always_inline]] inline Rounded convert_path(const Format& from, const Format& to,
                                                   std::uint64_t a, Rounding mode,
                                                   const RoundingOptions& options) {
  using namespace detail;
  const Unpacked x = fpx::unpack(from, a);
  if (x.is_nan()) return default_nan(to, x.is_signaling());
  if (x.is_infinity()) {
    // Saturating conversion (OCP OFP8, CUDA's __NV_SATFINITE) clamps an
    // infinity to the largest finite number of its sign, even where the
    // target has infinities; so do the finite-only formats.
    if (to.overflow == OverflowPolicy::Saturate || !to.has_nan())
      return Rounded{(x.negative ? to.sign_mask() : 0) | to.max_finite_bits(),
                     Flags{Flags::overflow | Flags::inexact}};
    if (to.has_infinity()) return Rounded{infinity_bits(to, x.negative), {}};
    // No encoding: NaN, invalid as for an integer conversion.
    return default_nan(to, true);
  }
  if (x.is_zero()) return signed_zero(to, x.negative);
  return round_pack(to, x.negative, x.exponent, x.significand, false, mode, options);
}

}  // namespace

template <const Format& From, const Format& To>
Rounded convert(std::uint64_t a, Rounding mode, const RoundingOptions& options) {
  return convert_path(From, To, a, mode, options);
}

namespace detail {
Rounded convert_any_format(const Format& from, const Format& to, std::uint64_t a, Rounding mode,
                           const RoundingOptions& options) {
  return convert_path(from, to, a, mode, options);
}
}  // namespace detail

// Every pair of predefined formats.
#define FPX_INSTANTIATE(repetition, pair)                                           \
  template Rounded convert<BOOST_PP_SEQ_ELEM(0, pair), BOOST_PP_SEQ_ELEM(1, pair)>( \
      std::uint64_t, Rounding, const RoundingOptions&);
BOOST_PP_SEQ_FOR_EACH_PRODUCT(FPX_INSTANTIATE, (FPX_PREDEFINED_FORMATS)(FPX_PREDEFINED_FORMATS))
#undef FPX_INSTANTIATE

}  // namespace fpx
