// Exact sums of numbers as written (include/fpx/summation/exact_number_sum.hpp).
#include "fpx/summation/exact_number_sum.hpp"

#include <algorithm>

namespace fpx {
namespace {

BigInteger power_of_five(long exponent) {
  return boost::multiprecision::pow(BigInteger(5), unsigned(exponent));
}

// The exponent of the largest power of five dividing `value` (> 0), if
// `value` is exactly such a power, else -1.
long five_power(BigInteger value) {
  long exponent = 0;
  while (value > 1) {
    if (value % 5 != 0) return -1;
    value /= 5;
    ++exponent;
  }
  return exponent;
}

}  // namespace

bool ExactNumberSum::split(const ExactNumber& x, Term& term) {
  term.negative = x.negative;
  term.numerator = x.numerator;
  term.two = x.binary_exponent;
  const long five = five_power(x.denominator);
  if (five >= 0) {
    term.five = five;
    return true;
  }
  term.other = x.denominator;
  return false;
}

void ExactNumberSum::add_term(const Term& term) {
  if (term.numerator == 0) return;
  if (term.other != 1) {
    Rational value(term.numerator, term.other * power_of_five(term.five));
    if (term.two > 0) value *= Rational(BigInteger(1) << term.two);
    if (term.two < 0) value /= Rational(BigInteger(1) << -term.two);
    general_ += term.negative ? Rational(-value) : value;
    return;
  }
  BigInteger n = term.numerator;
  if (term.five > five_) {
    numerator_ *= power_of_five(term.five - five_);
    five_ = term.five;
  } else {
    n *= power_of_five(five_ - term.five);
  }
  if (numerator_ == 0) two_ = term.two;
  const long two = std::min(two_, term.two);
  numerator_ <<= (two_ - two);
  n <<= (term.two - two);
  two_ = two;
  numerator_ += term.negative ? BigInteger(-n) : n;
}

void ExactNumberSum::add(const ExactNumber& x) {
  truncated_ = truncated_ || x.truncated;
  beyond_range_ = beyond_range_ || x.beyond_range;
  if (x.kind == ExactNumber::Kind::NaN) {
    nan_ = true;
    return;
  }
  if (x.kind == ExactNumber::Kind::Infinity) {
    (x.negative ? negative_infinity_ : positive_infinity_) = true;
    return;
  }
  Term term;
  split(x, term);
  add_term(term);
}

void ExactNumberSum::add_product(const ExactNumber& a, const ExactNumber& b) {
  truncated_ = truncated_ || a.truncated || b.truncated;
  beyond_range_ = beyond_range_ || a.beyond_range || b.beyond_range;
  const bool a_zero = a.kind == ExactNumber::Kind::Finite && a.numerator == 0;
  const bool b_zero = b.kind == ExactNumber::Kind::Finite && b.numerator == 0;
  if (a.kind == ExactNumber::Kind::NaN || b.kind == ExactNumber::Kind::NaN ||
      (a.kind == ExactNumber::Kind::Infinity && b_zero) ||
      (b.kind == ExactNumber::Kind::Infinity && a_zero)) {
    nan_ = true;
    return;
  }
  if (a.kind == ExactNumber::Kind::Infinity || b.kind == ExactNumber::Kind::Infinity) {
    (a.negative != b.negative ? negative_infinity_ : positive_infinity_) = true;
    return;
  }
  Term x, y;
  split(a, x);
  split(b, y);
  Term product;
  product.negative = x.negative != y.negative;
  product.numerator = x.numerator * y.numerator;
  product.five = x.five + y.five;
  product.other = x.other * y.other;
  product.two = x.two + y.two;
  add_term(product);
}

ExactNumber ExactNumberSum::value() const {
  ExactNumber out;
  out.truncated = truncated_;
  out.beyond_range = beyond_range_;
  Rational total(numerator_, power_of_five(five_));
  if (two_ > 0) total *= Rational(BigInteger(1) << two_);
  if (two_ < 0) total /= Rational(BigInteger(1) << -two_);
  total += general_;
  BigInteger top = boost::multiprecision::numerator(total);
  out.negative = top < 0;
  out.numerator = out.negative ? BigInteger(-top) : top;
  out.denominator = boost::multiprecision::denominator(total);
  return out;
}

}  // namespace fpx
