// The least-squares problem of the gradient-descent experiment and gradient
// descent on it in exact arithmetic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/linear_models/exact_least_squares.hpp"
#include "fpx/linear_models/regression_problem.hpp"

namespace fpx {

// min ||y - Xw||^2 with X = [1 x] (N x 2): x_i = k/8 with k uniform in
// -3..11 (cond_2(X^T X) about 10, so that gradient descent needs a few
// hundred steps), y_i = 1 + x_i/2 + noise (noise uniform on [-1/4, 1/4] in
// steps of 2^-11) rounded to nearest even into e4m3. Every entry is an e4m3
// value, so the problem is the same, exactly, in e4m3, bfloat16, binary16,
// binary32 and binary64. The step is the largest power of two at most
// 1 / lambda_max(X^T X) (lambda_max from the library's estimate, the power
// iteration in binary64): a value of every one of those formats, and a step
// that converges.
struct GradientDescentProblem {
  ExactProblem problem;
  Rational step;
  int log2_step = 0;
  ExactSolution solution;  // the exact least-squares solution and its loss
};
GradientDescentProblem gradient_descent_problem(std::size_t rows, std::uint64_t seed);

// The exact loss ||y - X w_k||^2, k = 0 .. steps, of gradient descent from
// w_0 = 0 in exact arithmetic: w_{k+1} = w_k - step (X^T X w_k - X^T y), the
// lecture's update with step = 2 eps. (Options 1 and 2 are the same in exact
// arithmetic.) The iterates are dyadic: integers over a power of two, so
// each step is integer arithmetic.
std::vector<Rational> exact_gradient_descent_losses(const GradientDescentProblem& problem,
                                                    int steps);

}  // namespace fpx
