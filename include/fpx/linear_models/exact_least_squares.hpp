// The exact reference for least squares: the exact rational solution of
// min ||y - Xw||^2 (the normal equations X^T X w = X^T y solved by
// Gauss-Jordan elimination over GMP rationals), for the data as written or
// for the data rounded into a format (regression_problem.hpp).
#pragma once

#include <cstddef>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/linear_models/regression_problem.hpp"

namespace fpx {

struct ExactSolution {
  std::size_t rank = 0;     // rank of X
  bool full_rank = false;   // rank == cols: w is the unique solution
  std::vector<Rational> w;  // empty unless full_rank
  Rational residual_sum_of_squares = 0;
};

// The exact least-squares solution (normal equations over rationals).
ExactSolution exact_least_squares(const ExactProblem& problem);

// The rank of X, exactly.
std::size_t exact_rank(const ExactProblem& problem);

// ||y - Xw||^2 exactly.
Rational residual_sum_of_squares(const ExactProblem& problem, const std::vector<Rational>& w);

}  // namespace fpx
