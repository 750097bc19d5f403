// Conversion between formats (IEEE 754-2019 5.4.2), with the OCP OFP8 rules
// for targets without infinities.
#include "arithmetic.hpp"
#include "fpx/operations.hpp"

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

#define FPX_INSTANTIATE_TO(from, to) \
  template Rounded convert<from, to>(std::uint64_t, Rounding, const RoundingOptions&);
#define FPX_INSTANTIATE_FROM(from)          \
  FPX_INSTANTIATE_TO(from, binary64)        \
  FPX_INSTANTIATE_TO(from, binary32)        \
  FPX_INSTANTIATE_TO(from, tf32)            \
  FPX_INSTANTIATE_TO(from, bfloat16)        \
  FPX_INSTANTIATE_TO(from, binary16)        \
  FPX_INSTANTIATE_TO(from, e5m2)            \
  FPX_INSTANTIATE_TO(from, e4m3)            \
  FPX_INSTANTIATE_TO(from, e5m2_saturating) \
  FPX_INSTANTIATE_TO(from, e4m3_saturating)
FPX_FOR_EACH_FORMAT(FPX_INSTANTIATE_FROM)
#undef FPX_INSTANTIATE_FROM
#undef FPX_INSTANTIATE_TO

}  // namespace fpx
