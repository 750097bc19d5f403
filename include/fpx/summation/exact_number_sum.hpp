// The exact sum (or dot product) of numbers as they were written, before any
// rounding into a format: the reference for "the error against the data".
// Decimals are N / 5^a * 2^b, so the sum is kept as one integer over a power
// of five and a power of two (no gcd per term); other ratios ("1/3") fall
// back to a general rational.
#pragma once

#include <cstdint>

#include "fpx/core/decimal.hpp"

namespace fpx {

class ExactNumberSum {
 public:
  void add(const ExactNumber& x);
  // Adds the exact product a * b.
  void add_product(const ExactNumber& a, const ExactNumber& b);

  // A NaN, or infinities of both signs, or inf * 0 among the terms.
  bool is_nan() const { return nan_ || (positive_infinity_ && negative_infinity_); }
  bool is_infinite() const { return !is_nan() && (positive_infinity_ || negative_infinity_); }
  bool negative_infinity() const { return negative_infinity_; }
  // A term had more digits than decimal.hpp keeps exactly.
  bool truncated() const { return truncated_; }
  // A term was beyond 10^+-1000 and stands in as 2^+-100000 (decimal.hpp):
  // the sum is not the data's.
  bool beyond_range() const { return beyond_range_; }
  // The exact value (finite sums only).
  ExactNumber value() const;

 private:
  // x = (-1)^negative * numerator / (5^five * other) * 2^two.
  struct Term {
    bool negative;
    BigInteger numerator;
    long five = 0;
    BigInteger other = 1;
    long two = 0;
  };
  void add_term(const Term& term);
  static bool split(const ExactNumber& x, Term& term);

  BigInteger numerator_ = 0;  // signed
  long five_ = 0, two_ = 0;
  Rational general_ = 0;  // the terms with other denominators
  bool nan_ = false, positive_infinity_ = false, negative_infinity_ = false;
  bool truncated_ = false, beyond_range_ = false;
};

}  // namespace fpx
