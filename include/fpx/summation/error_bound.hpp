// A-priori error bounds of the summation strategies (Higham, "Accuracy and
// Stability of Numerical Algorithms", 2nd ed., SIAM 2002, chapters 3 and 4;
// Ogita, Rump and Oishi, "Accurate sum and dot product", SIAM J. Sci.
// Comput. 26(6), 2005), exact rationals with the formula and its source.
#pragma once

#include <cstddef>
#include <string>

#include "fpx/core/decimal.hpp"
#include "fpx/summation/strategy.hpp"
#include "fpx/summation/summation.hpp"

namespace fpx {

// A-priori bound: |computed - exact| <= relative * |exact| + absolute * S,
// S = sum |x_i| (or sum |a_i b_i|), for n terms in the accumulator format
// with unit roundoff u = 2^-p (nearest) or 2^(1-p) (directed, to odd,
// stochastic), assuming no overflow or underflow. `formula` says it in words,
// e.g. "gamma(n-1) * sum|x|", `source` cites it. Where no bound is known
// (compensated sums outside round to nearest, n u >= 1), both factors are -1
// (has_bound() false) and `formula` says why.
struct ErrorBound {
  Rational relative = 0;
  Rational absolute = 0;
  std::string formula;
  std::string source;

  bool has_bound() const { return relative >= 0 && absolute >= 0; }
};
ErrorBound error_bound(const Strategy& strategy, std::size_t n, bool dot,
                       const SummationOptions& options);

}  // namespace fpx
