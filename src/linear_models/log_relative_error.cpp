// The log relative error (include/fpx/linear_models/log_relative_error.hpp).
#include "fpx/linear_models/log_relative_error.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace fpx {
namespace {

// log10 of a positive rational.
double log10_of(const BigInteger& numerator, const BigInteger& denominator) {
  const long exponent =
      long(boost::multiprecision::msb(numerator)) - long(boost::multiprecision::msb(denominator));
  const Rounded scaled =
      round_rational(binary64, false, numerator, denominator, -exponent, Rounding::NearestEven);
  return std::log10(std::bit_cast<double>(scaled.bits)) + double(exponent) * std::log10(2.0);
}

}  // namespace

double to_double(const Rational& value) {
  return std::bit_cast<double>(round_to_format(binary64, value));
}

double log_relative_error(const Rational& estimate, const Rational& exact, double cap) {
  const Rational difference = estimate - exact;
  if (difference == 0) return cap;
  const BigInteger difference_numerator = abs(boost::multiprecision::numerator(difference));
  const BigInteger difference_denominator = boost::multiprecision::denominator(difference);
  double lre = 0;
  if (exact == 0) {
    lre = -log10_of(difference_numerator, difference_denominator);
  } else {
    const BigInteger exact_numerator = abs(boost::multiprecision::numerator(exact));
    const BigInteger exact_denominator = boost::multiprecision::denominator(exact);
    lre = -log10_of(difference_numerator * exact_denominator,
                    difference_denominator * exact_numerator);
  }
  return std::clamp(lre, 0.0, cap) + 0.0;  // + 0.0: no -0
}

double format_digits(const Format& format) { return format.precision * std::log10(2.0); }

}  // namespace fpx
