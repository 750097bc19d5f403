// Errors against exact values (include/fpx/core/exact_error.hpp).
#include "fpx/core/exact_error.hpp"

#include <algorithm>

namespace fpx {
namespace {

// "+" before a positive decimal; built by appending, which GCC 12's
// -Wrestrict does not misjudge as "+" + text.
std::string with_sign(const std::string& text) {
  if (text[0] == '-' || text == "0") return text;
  std::string out(1, '+');
  out += text;
  return out;
}

}  // namespace

ExactNumber exact_number(const Format& format, std::uint64_t bits) {
  ExactNumber number;
  int exponent = 0;
  if (!exact_value(format, bits, number.negative, number.numerator, exponent)) {
    number.kind = classify(format, bits) == FloatClass::Infinity ? ExactNumber::Kind::Infinity
                                                                 : ExactNumber::Kind::NaN;
    return number;
  }
  number.binary_exponent = exponent;
  return number;
}

ExactNumber difference(const ExactNumber& a, const ExactNumber& b) {
  const long exponent = std::min(a.binary_exponent, b.binary_exponent);
  BigInteger left = a.numerator * b.denominator << (a.binary_exponent - exponent);
  BigInteger right = b.numerator * a.denominator << (b.binary_exponent - exponent);
  if (a.negative) left = -left;
  if (b.negative) right = -right;
  BigInteger numerator = left - right;
  ExactNumber out;
  out.negative = numerator < 0;
  out.numerator = out.negative ? BigInteger(-numerator) : numerator;
  out.denominator = a.denominator * b.denominator;
  out.binary_exponent = exponent;
  return out;
}

std::string in_ulps(const Format& format, std::uint64_t bits, const ExactNumber& amount,
                    int digits) {
  // ulp = 2^q exactly: its significand is a power of two.
  const ExactNumber ulp = exact_number(format, unit_in_last_place(format, bits));
  const long quantum = ulp.binary_exponent + long(boost::multiprecision::msb(ulp.numerator));
  std::string text = approximate_decimal(amount.negative, amount.numerator, amount.denominator,
                                         amount.binary_exponent - quantum, digits);
  return with_sign(text);
}

long ulp_exponent_of_exact(const Format& format, const ExactNumber& x) {
  long exponent = format.min_exponent();
  if (x.numerator != 0) {
    // floor(log2(numerator / denominator)) + binary_exponent.
    const long estimate = long(boost::multiprecision::msb(x.numerator)) -
                          long(boost::multiprecision::msb(x.denominator));
    const bool below = estimate >= 0 ? x.numerator < (x.denominator << estimate)
                                     : (x.numerator << -estimate) < x.denominator;
    exponent = std::max(exponent, (below ? estimate - 1 : estimate) + x.binary_exponent);
  }
  return exponent - format.fraction_bits();
}

std::string ulps_of_exact(const Format& format, const ExactNumber& exact, const ExactNumber& amount,
                          int digits) {
  const long quantum = ulp_exponent_of_exact(format, exact);
  return with_sign(approximate_decimal(amount.negative, amount.numerator, amount.denominator,
                                       amount.binary_exponent - quantum, digits));
}

std::string relative_text(const ExactNumber& exact, const ExactNumber& amount, int digits) {
  if (exact.numerator == 0) return amount.numerator == 0 ? "0" : "inf";
  // Divided by |exact|: the sign is the error's, as in the ulps beside it.
  return with_sign(approximate_decimal(amount.negative, amount.numerator * exact.denominator,
                                       amount.denominator * exact.numerator,
                                       amount.binary_exponent - exact.binary_exponent, digits));
}

std::string short_decimal(const Rational& value, int digits) {
  const BigInteger top = boost::multiprecision::numerator(value),
                   bottom = boost::multiprecision::denominator(value);
  return approximate_decimal(top < 0, top < 0 ? BigInteger(-top) : top, bottom, 0, digits);
}

long floor_log2(const Rational& value) {
  const BigInteger top = boost::multiprecision::numerator(value),
                   bottom = boost::multiprecision::denominator(value);
  long estimate = long(boost::multiprecision::msb(top)) - long(boost::multiprecision::msb(bottom));
  const bool below = estimate >= 0 ? top < (bottom << estimate) : (top << -estimate) < bottom;
  return below ? estimate - 1 : estimate;
}

long correct_bits(const Rational& exact, const Rational& error, int precision) {
  const Rational magnitude = exact < 0 ? Rational(-exact) : exact;
  const Rational absolute_error = error < 0 ? Rational(-error) : error;
  if (absolute_error == 0) return precision;
  if (magnitude == 0) return 0;
  return std::clamp<long>(floor_log2(magnitude / absolute_error), 0, precision);
}

ConversionError conversion_error(const Format& format, std::uint64_t bits,
                                 const ExactNumber& exact) {
  ConversionError error;
  const FloatClass value_class = classify(format, bits);
  if (exact.kind != ExactNumber::Kind::Finite || exact.beyond_range ||
      value_class == FloatClass::Infinity || value_class == FloatClass::QuietNaN ||
      value_class == FloatClass::SignalingNaN)
    return error;
  const ExactNumber delta = difference(exact_number(format, bits), exact);
  error.ulps = ulps_of_exact(format, exact, delta);
  error.relative = relative_text(exact, delta);
  return error;
}

}  // namespace fpx
