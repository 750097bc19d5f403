// Conversion between formats (IEEE 754-2019 5.4.2), with the OCP OFP8 rules
// for targets without infinities.
#include <boost/preprocessor/seq/elem.hpp>
#include <boost/preprocessor/seq/for_each_product.hpp>

#include "arithmetic.hpp"
#include "fpx/core/operations.hpp"

namespace fpx {

template <const Format& From, const Format& To>
Rounded convert(std::uint64_t a, Rounding mode, const RoundingOptions& options) {
  using namespace detail;
  const Unpacked x = unpack<From>(a);
  if (x.is_nan()) return default_nan<To>(x.is_signaling());
  if (x.is_infinity()) {
    if constexpr (To.has_infinity()) return Rounded{infinity_bits<To>(x.negative), {}};
    // OCP OFP8: infinity saturates to the largest finite number, or else
    // has no encoding (NaN, invalid as for an integer conversion).
    if constexpr (To.overflow == OverflowPolicy::Saturate)
      return Rounded{(x.negative ? To.sign_mask() : 0) | To.max_finite_bits(),
                     Flags{Flags::overflow | Flags::inexact}};
    return default_nan<To>(true);
  }
  if (x.is_zero()) return signed_zero<To>(x.negative);
  return round_pack(To, x.negative, x.exponent, x.significand, false, mode, options);
}

// Every pair of predefined formats.
#define FPX_INSTANTIATE(repetition, pair)                                           \
  template Rounded convert<BOOST_PP_SEQ_ELEM(0, pair), BOOST_PP_SEQ_ELEM(1, pair)>( \
      std::uint64_t, Rounding, const RoundingOptions&);
BOOST_PP_SEQ_FOR_EACH_PRODUCT(FPX_INSTANTIATE, (FPX_PREDEFINED_FORMATS)(FPX_PREDEFINED_FORMATS))
#undef FPX_INSTANTIATE

}  // namespace fpx
