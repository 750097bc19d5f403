// NIST's log relative error (LRE), the score of a computed coefficient
// against an exact one, in decimal digits.
#pragma once

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"

namespace fpx {

// -log10(|estimate - exact| / |exact|) (-log10 |estimate| when exact is 0),
// clamped to [0, cap]; `cap` when the two are equal. Computed from the exact
// difference; the logarithm is taken of its nearest binary64 (scaled by a
// power of two, so it never over- or underflows).
double log_relative_error(const Rational& estimate, const Rational& exact, double cap);
// The digits a format carries, p log10 2 (binary32: 7.22): the LRE cap for
// results of that format.
double format_digits(const Format& format);
// An approximation for display and LRE only: the nearest binary64.
double to_double(const Rational& value);

}  // namespace fpx
