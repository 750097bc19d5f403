// The exact reference for least squares: the exact rational solution of
// min ||y - Xw||^2 from the normal equations X^T X w = X^T y, for the data as
// written or for the data rounded into a format (regression_problem.hpp).
//
// The fast path (NormalEquations) scales every column of [X y] to integers
// over a common denominator (ExactColumn), forms their Gram matrix
// Z^T Z in machine integers (64-bit products summed in 128 bits, spilling
// into GMP integers only when a sum would overflow), and solves
// Z_X^T Z_X u = Z_X^T z_y by Bareiss's fraction-free elimination (E. H.
// Bareiss, "Sylvester's identity and multistep integer-preserving Gaussian
// elimination", Math. Comp. 22, 1968), which divides only exactly; then
// w_j = u_j scale_j / scale_y. The residual sum of squares of any w follows
// from the same d x d numbers: ||y - Xw||^2 = y^T y - 2 w^T X^T y +
// w^T X^T X w, exactly. A 10^5 x 50 problem costs about 1.3e8 integer
// multiply-adds where one rational per entry costs as many GMP rational
// operations, each with a gcd.
//
// The straightforward path (exact_least_squares_by_rationals) keeps one GMP
// rational per entry and eliminates over the rationals; it is the
// independent check of the fast path in the tests.
#pragma once

#include <cstddef>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/linear_models/matrix.hpp"
#include "fpx/linear_models/progress.hpp"
#include "fpx/linear_models/regression_problem.hpp"

namespace fpx {

struct ExactSolution {
  std::size_t rank = 0;     // rank of X
  bool full_rank = false;   // rank == cols: w is the unique solution
  std::vector<Rational> w;  // empty unless full_rank
  Rational residual_sum_of_squares = 0;
};

// The normal equations of one problem, exactly: A = X^T X, b = X^T y and
// y^T y, kept as the integer Gram matrix of the scaled columns of [X y] and
// the scales. Everything below costs O(d^2) or O(d^3), not O(N).
class NormalEquations {
 public:
  NormalEquations() = default;
  explicit NormalEquations(const ScaledProblem& problem, const ProgressCallback& progress = {});
  explicit NormalEquations(const ExactProblem& problem);
  // The exact values of bit patterns (X: N x d, y: N x 1, finite).
  NormalEquations(const Matrix& X, const Matrix& y);

  std::size_t cols() const { return cols_; }
  // The rank of X and, when it is full, the exact solution and its residual.
  ExactSolution solve(const ProgressCallback& progress = {}) const;
  // A w - b, exactly.
  std::vector<Rational> gradient(const std::vector<Rational>& w) const;
  // The normwise backward error of w for A w = b in the infinity norm,
  // ||A w - b|| / (||A|| ||w|| + ||b||) (Rigal and Gaches 1967; Higham,
  // "Accuracy and Stability of Numerical Algorithms", 2nd ed., Theorem 7.1):
  // the smallest relative change of A and b of which w is the exact
  // solution. Exactly; 0 when A, b and w are all zero.
  Rational backward_error(const std::vector<Rational>& w) const;
  // ||y - X w||^2, exactly.
  Rational residual_sum_of_squares(const std::vector<Rational>& w) const;

 private:
  void finish(const std::vector<const ExactColumn*>& columns, const ProgressCallback& progress);
  // v_k = w_k / scale_k as integers over one common denominator.
  std::vector<BigInteger> scaled_weights(const std::vector<Rational>& w, Rational& common) const;
  const BigInteger& gram(std::size_t j, std::size_t k) const { return gram_[j * (cols_ + 1) + k]; }

  std::size_t cols_ = 0;
  std::vector<Rational> scale_;   // cols + 1: column k of [X y] = integer column k / scale_[k]
  std::vector<BigInteger> gram_;  // (cols + 1)^2: the Gram matrix of the integer columns
};

// The exact least-squares solution: NormalEquations(problem).solve().
ExactSolution exact_least_squares(const ExactProblem& problem);
// The same from one GMP rational per entry, eliminated over the rationals.
ExactSolution exact_least_squares_by_rationals(const ExactProblem& problem);

// The rank of X, exactly.
std::size_t exact_rank(const ExactProblem& problem);

// ||y - Xw||^2 exactly, entry by entry.
Rational residual_sum_of_squares(const ExactProblem& problem, const std::vector<Rational>& w);

}  // namespace fpx
