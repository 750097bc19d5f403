// Errors of encoded values against exact ones: the exact value of an
// encoding, differences, the error in units in the last place, the relative
// error and the correct bits, as exact numbers and as the short signed
// decimals fpx prints.
#pragma once

#include <cstdint>
#include <string>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"

namespace fpx {

// The exact value of an encoding as an ExactNumber (an infinity or NaN for
// those encodings).
ExactNumber exact_number(const Format& format, std::uint64_t bits);
// a - b for finite numbers.
ExactNumber difference(const ExactNumber& a, const ExactNumber& b);

// amount / ulp(bits) as a short signed decimal ("+0.48", "-25.5", "0"),
// `digits` significant digits. bits must be finite.
std::string in_ulps(const Format& format, std::uint64_t bits, const ExactNumber& amount,
                    int digits = 3);

// The unit in the last place of an exact value x in a format (Higham,
// "Accuracy and Stability of Numerical Algorithms", 2nd ed., 2.1; Muller,
// "On the definition of ulp(x)", 2005): 2^(e - p + 1) with
// e = max(floor(log2 |x|), emin), the spacing of the format's numbers around
// x with the exponent range unbounded above; ulp(0) is the subnormal
// quantum. The exponent of that power of two. x must be finite.
long ulp_exponent_of_exact(const Format& format, const ExactNumber& x);
// amount / ulp(exact) as a short signed decimal: errors in ulps of the exact
// value, the convention of every error fpx prints.
std::string ulps_of_exact(const Format& format, const ExactNumber& exact, const ExactNumber& amount,
                          int digits = 3);
// amount / |exact| as a short signed decimal; "inf" when exact is 0 and the
// amount is not, "0" when both are.
std::string relative_text(const ExactNumber& exact, const ExactNumber& amount, int digits = 3);

// A rational as a short decimal, `digits` significant digits ("0.25",
// "-1.49e-8").
std::string short_decimal(const Rational& value, int digits = 4);
// floor(log2(value)) for a positive rational.
long floor_log2(const Rational& value);
// The bits of `exact` that an approximation with error `error` gets right:
// floor(log2(|exact| / |error|)) clamped to [0, precision]; precision when the
// error is 0, and 0 when exact is 0 but the error is not.
long correct_bits(const Rational& exact, const Rational& error, int precision);

// The error of an encoding that stands for an exact number (a conversion):
// in ulps of the exact value and relative to it, as short signed decimals;
// both empty when either is not finite, or the exact number is a stand-in
// for a magnitude beyond 10^+-1000 (ExactNumber::beyond_range).
struct ConversionError {
  std::string ulps;
  std::string relative;
};
ConversionError conversion_error(const Format& format, std::uint64_t bits,
                                 const ExactNumber& exact);

}  // namespace fpx
