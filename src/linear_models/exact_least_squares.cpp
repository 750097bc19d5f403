// The exact least-squares reference
// (include/fpx/linear_models/exact_least_squares.hpp): the normal equations
// from integer-scaled columns, and the straightforward rational path.
#include "fpx/linear_models/exact_least_squares.hpp"

#include <boost/multiprecision/gmp.hpp>
#include <iterator>

namespace fpx {
namespace {

using boost::multiprecision::mpq_rational;
using boost::multiprecision::mpz_int;
__extension__ typedef __int128 Integer128;
__extension__ typedef unsigned __int128 Unsigned128;

// cpp_int <-> mpz through 64-bit limbs.
mpz_int to_mpz(const BigInteger& value) {
  mpz_int out;
  if (value == 0) return out;
  std::vector<std::uint64_t> limbs;
  boost::multiprecision::export_bits(value, std::back_inserter(limbs), 64, false);
  mpz_import(out.backend().data(), limbs.size(), -1, sizeof(std::uint64_t), 0, 0, limbs.data());
  if (value < 0) mpz_neg(out.backend().data(), out.backend().data());
  return out;
}

BigInteger to_big_integer(const mpz_int& value) {
  if (value == 0) return 0;
  std::vector<std::uint64_t> limbs(mpz_sizeinbase(value.backend().data(), 2) / 64 + 1);
  std::size_t count = 0;
  mpz_export(limbs.data(), &count, -1, sizeof(std::uint64_t), 0, 0, value.backend().data());
  BigInteger out;
  boost::multiprecision::import_bits(out, limbs.begin(), limbs.begin() + count, 64, false);
  return value < 0 ? BigInteger(-out) : out;
}

mpq_rational to_mpq(const Rational& value) {
  return mpq_rational(to_mpz(boost::multiprecision::numerator(value)),
                      to_mpz(boost::multiprecision::denominator(value)));
}

Rational to_cpp(const mpq_rational& value) {
  return Rational(to_big_integer(boost::multiprecision::numerator(value)),
                  to_big_integer(boost::multiprecision::denominator(value)));
}

// total += value for a 128-bit value.
void add_128(mpz_int& total, Integer128 value) {
  if (value == 0) return;
  const bool negative = value < 0;
  const Unsigned128 magnitude = negative ? Unsigned128(0) - Unsigned128(value) : Unsigned128(value);
  const std::uint64_t limbs[2] = {std::uint64_t(magnitude), std::uint64_t(magnitude >> 64)};
  mpz_int part;
  mpz_import(part.backend().data(), 2, -1, sizeof(std::uint64_t), 0, 0, limbs);
  if (negative)
    total -= part;
  else
    total += part;
}

// sum_i a_i b_i of two 64-bit columns: each product exact in 128 bits, the
// sum in 128 bits until it would overflow, then carried into `total`.
mpz_int dot_small(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  mpz_int total;
  Integer128 partial = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Integer128 product = Integer128(a[i]) * b[i];
    Integer128 sum;
    if (__builtin_add_overflow(partial, product, &sum)) {
      add_128(total, partial);
      partial = product;
    } else {
      partial = sum;
    }
  }
  add_128(total, partial);
  return total;
}

// sum_i a_i b_i with b in GMP integers and a in 64 bits.
mpz_int dot_mixed(const std::vector<std::int64_t>& a, const std::vector<mpz_int>& b) {
  mpz_int total;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] >= 0)
      mpz_addmul_ui(total.backend().data(), b[i].backend().data(), std::uint64_t(a[i]));
    else
      mpz_submul_ui(total.backend().data(), b[i].backend().data(),
                    std::uint64_t(0) - std::uint64_t(a[i]));
  }
  return total;
}

mpz_int dot_large(const std::vector<mpz_int>& a, const std::vector<mpz_int>& b) {
  mpz_int total;
  for (std::size_t i = 0; i < a.size(); ++i)
    mpz_addmul(total.backend().data(), a[i].backend().data(), b[i].backend().data());
  return total;
}

// sum_k a_k b_k of two short integer vectors.
BigInteger dot(const std::vector<BigInteger>& a, const BigInteger* b, std::size_t stride) {
  BigInteger total = 0;
  for (std::size_t k = 0; k < a.size(); ++k) total += a[k] * b[k * stride];
  return total;
}

// Bareiss's fraction-free elimination of the m x (m + 1) system [G | h]
// (row-major, in place) to row echelon form, with row exchanges and
// skipped columns: every entry stays an integer (a minor of [G | h]) and
// every division is exact. Returns the rank of G; when it is m, u = G^{-1} h
// by fraction-free back substitution.
std::size_t bareiss(std::vector<mpz_int>& M, std::size_t m, std::vector<mpq_rational>& u,
                    const ProgressCallback& progress) {
  const std::size_t width = m + 1;
  auto at = [&](std::size_t i, std::size_t j) -> mpz_int& { return M[i * width + j]; };
  mpz_int previous = 1, product;
  std::size_t rank = 0;
  for (std::size_t column = 0; column < m && rank < m; ++column) {
    if (progress) progress("exact references: elimination", column, m, "columns");
    std::size_t pivot = rank;
    while (pivot < m && at(pivot, column) == 0) ++pivot;
    if (pivot == m) continue;
    if (pivot != rank)
      for (std::size_t j = 0; j < width; ++j) std::swap(at(pivot, j), at(rank, j));
    const mpz_int& p = at(rank, column);
    for (std::size_t i = rank + 1; i < m; ++i) {
      const mpz_int factor = at(i, column);
      for (std::size_t j = column + 1; j < width; ++j) {
        mpz_mul(product.backend().data(), factor.backend().data(), at(rank, j).backend().data());
        mpz_mul(at(i, j).backend().data(), at(i, j).backend().data(), p.backend().data());
        mpz_sub(at(i, j).backend().data(), at(i, j).backend().data(), product.backend().data());
        mpz_divexact(at(i, j).backend().data(), at(i, j).backend().data(),
                     previous.backend().data());
      }
      at(i, column) = 0;
    }
    previous = p;
    ++rank;
  }
  if (rank < m) return rank;
  // x_i = det u_i with det = U_{m-1,m-1}: x_i = (det h_i - sum_{j>i} U_ij x_j) / U_ii, exact.
  const mpz_int determinant = at(m - 1, m - 1);
  std::vector<mpz_int> x(m);
  for (std::size_t i = m; i-- > 0;) {
    mpz_int numerator = determinant * at(i, m);
    for (std::size_t j = i + 1; j < m; ++j)
      mpz_submul(numerator.backend().data(), at(i, j).backend().data(), x[j].backend().data());
    mpz_divexact(x[i].backend().data(), numerator.backend().data(), at(i, i).backend().data());
  }
  u.resize(m);
  for (std::size_t i = 0; i < m; ++i) u[i] = mpq_rational(x[i], determinant);
  return rank;
}

// The straightforward path: one GMP rational per entry.
struct RationalSystem {
  std::size_t d = 0;
  std::vector<mpq_rational> A;  // d x d
  std::vector<mpq_rational> b;  // d
};

RationalSystem rational_normal_equations(const ExactProblem& problem) {
  const std::size_t n = problem.rows, d = problem.cols;
  std::vector<mpq_rational> X(n * d), y(n);
  for (std::size_t i = 0; i < n * d; ++i) X[i] = to_mpq(problem.X[i]);
  for (std::size_t i = 0; i < n; ++i) y[i] = to_mpq(problem.y[i]);
  RationalSystem out;
  out.d = d;
  out.A.assign(d * d, 0);
  out.b.assign(d, 0);
  for (std::size_t j = 0; j < d; ++j) {
    for (std::size_t k = j; k < d; ++k) {
      mpq_rational sum = 0;
      for (std::size_t i = 0; i < n; ++i) sum += X[i * d + j] * X[i * d + k];
      out.A[j * d + k] = sum;
      out.A[k * d + j] = sum;
    }
    mpq_rational sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += X[i * d + j] * y[i];
    out.b[j] = sum;
  }
  return out;
}

// Gauss-Jordan elimination over the rationals on [A | b]; returns the rank
// and leaves the solution in b when A is nonsingular.
std::size_t eliminate(RationalSystem& system) {
  const std::size_t d = system.d;
  auto& A = system.A;
  auto& b = system.b;
  std::size_t rank = 0;
  for (std::size_t col = 0; col < d && rank < d; ++col) {
    std::size_t pivot = rank;
    while (pivot < d && A[pivot * d + col] == 0) ++pivot;
    if (pivot == d) continue;
    if (pivot != rank) {
      for (std::size_t k = 0; k < d; ++k) std::swap(A[pivot * d + k], A[rank * d + k]);
      std::swap(b[pivot], b[rank]);
    }
    const mpq_rational inverse = 1 / A[rank * d + col];
    for (std::size_t k = col; k < d; ++k) A[rank * d + k] *= inverse;
    b[rank] *= inverse;
    for (std::size_t i = 0; i < d; ++i) {
      if (i == rank || A[i * d + col] == 0) continue;
      const mpq_rational factor = A[i * d + col];
      for (std::size_t k = col; k < d; ++k) A[i * d + k] -= factor * A[rank * d + k];
      b[i] -= factor * b[rank];
    }
    ++rank;
  }
  return rank;
}

}  // namespace

NormalEquations::NormalEquations(const ScaledProblem& problem, const ProgressCallback& progress)
    : cols_(problem.cols) {
  std::vector<const ExactColumn*> columns;
  for (const ExactColumn& column : problem.X) columns.push_back(&column);
  columns.push_back(&problem.y);
  finish(columns, progress);
}

NormalEquations::NormalEquations(const ExactProblem& problem)
    : NormalEquations(scaled_problem(problem)) {}

NormalEquations::NormalEquations(const Matrix& X, const Matrix& y) : cols_(X.cols()) {
  std::vector<ExactColumn> exact;
  for (std::size_t j = 0; j < X.cols(); ++j)
    exact.push_back(exact_column(X.format(), X.data() + j, X.cols(), X.rows()));
  exact.push_back(exact_column(y.format(), y.data(), 1, y.rows()));
  std::vector<const ExactColumn*> columns;
  for (const ExactColumn& column : exact) columns.push_back(&column);
  finish(columns, {});
}

void NormalEquations::finish(const std::vector<const ExactColumn*>& columns,
                             const ProgressCallback& progress) {
  const std::size_t m = columns.size();
  for (const ExactColumn* column : columns) scale_.push_back(column->scale);
  // The columns that do not fit in 64 bits, once in GMP integers.
  std::vector<std::vector<mpz_int>> large(m);
  for (std::size_t k = 0; k < m; ++k)
    for (const BigInteger& value : columns[k]->large) large[k].push_back(to_mpz(value));
  gram_.assign(m * m, BigInteger(0));
  const std::size_t pairs = m * (m + 1) / 2;
  std::size_t done = 0;
  for (std::size_t j = 0; j < m; ++j) {
    for (std::size_t k = j; k < m; ++k) {
      if (progress) progress("exact references: X^T X", done++, pairs, "column pairs");
      const ExactColumn& a = *columns[j];
      const ExactColumn& b = *columns[k];
      mpz_int sum;
      if (a.is_small() && b.is_small())
        sum = dot_small(a.small, b.small);
      else if (a.is_small())
        sum = dot_mixed(a.small, large[k]);
      else if (b.is_small())
        sum = dot_mixed(b.small, large[j]);
      else
        sum = dot_large(large[j], large[k]);
      gram_[j * m + k] = to_big_integer(sum);
      gram_[k * m + j] = gram_[j * m + k];
    }
  }
}

std::vector<BigInteger> NormalEquations::scaled_weights(const std::vector<Rational>& w,
                                                        Rational& common) const {
  std::vector<Rational> v(cols_);
  for (std::size_t k = 0; k < cols_; ++k) v[k] = w[k] / scale_[k];
  const ExactColumn column = exact_column(v);
  common = column.scale;
  std::vector<BigInteger> numerators(cols_);
  for (std::size_t k = 0; k < cols_; ++k) numerators[k] = column.numerator(k);
  return numerators;
}

ExactSolution NormalEquations::solve(const ProgressCallback& progress) const {
  const std::size_t d = cols_, width = d + 1;
  std::vector<mpz_int> system(d * width);
  for (std::size_t j = 0; j < d; ++j)
    for (std::size_t k = 0; k <= d; ++k) system[j * width + k] = to_mpz(gram(j, k));
  std::vector<mpq_rational> u;
  ExactSolution solution;
  solution.rank = bareiss(system, d, u, progress);
  solution.full_rank = solution.rank == d;
  if (!solution.full_rank) return solution;
  // w_j = u_j scale_j / scale_y; ||y - Xw||^2 = (z^T z - u^T h) / scale_y^2.
  const mpq_rational scale_y = to_mpq(scale_[d]);
  mpq_rational explained = 0;
  for (std::size_t j = 0; j < d; ++j) {
    solution.w.push_back(to_cpp(u[j] * to_mpq(scale_[j]) / scale_y));
    explained += u[j] * to_mpz(gram(j, d));
  }
  solution.residual_sum_of_squares =
      to_cpp((mpq_rational(to_mpz(gram(d, d))) - explained) / (scale_y * scale_y));
  return solution;
}

std::vector<Rational> NormalEquations::gradient(const std::vector<Rational>& w) const {
  // (A w - b)_j = (sum_k G_jk v_k - h_j / scale_y) / scale_j with v_k = w_k / scale_k.
  const std::size_t d = cols_, m = d + 1;
  Rational common;
  const std::vector<BigInteger> n = scaled_weights(w, common);
  std::vector<Rational> out(d);
  for (std::size_t j = 0; j < d; ++j)
    out[j] = (Rational(dot(n, &gram_[j * m], 1)) / common - Rational(gram(j, d)) / scale_[d]) /
             scale_[j];
  return out;
}

Rational NormalEquations::backward_error(const std::vector<Rational>& w) const {
  const std::size_t d = cols_;
  auto raise = [](Rational& largest, const Rational& value) {
    if (value > largest) largest = value;
  };
  Rational residual = 0, matrix = 0, weights = 0, right = 0;
  for (const Rational& value : gradient(w)) raise(residual, abs(value));
  for (std::size_t j = 0; j < d; ++j) {
    Rational row = 0;
    for (std::size_t k = 0; k < d; ++k) {
      const BigInteger magnitude = abs(gram(j, k));
      row += Rational(magnitude) / scale_[k];
    }
    raise(matrix, row / scale_[j]);
    raise(weights, abs(w[j]));
    const BigInteger magnitude = abs(gram(j, d));
    raise(right, Rational(magnitude) / (scale_[j] * scale_[d]));
  }
  const Rational scale = matrix * weights + right;
  if (scale == 0) return 0;
  return residual / scale;
}

Rational NormalEquations::residual_sum_of_squares(const std::vector<Rational>& w) const {
  // y^T y - 2 w^T b + w^T A w with v = w / scale = n / S:
  // z^T z / s_y^2 - 2 n^T h / (S s_y) + n^T G n / S^2.
  const std::size_t d = cols_, m = d + 1;
  Rational S;
  const std::vector<BigInteger> n = scaled_weights(w, S);
  BigInteger quadratic = 0;
  for (std::size_t j = 0; j < d; ++j) quadratic += n[j] * dot(n, &gram_[j * m], 1);
  const Rational& s_y = scale_[d];
  return Rational(gram(d, d)) / (s_y * s_y) - 2 * Rational(dot(n, &gram_[d], m)) / (S * s_y) +
         Rational(quadratic) / (S * S);
}

ExactSolution exact_least_squares(const ExactProblem& problem) {
  return NormalEquations(problem).solve();
}

ExactSolution exact_least_squares_by_rationals(const ExactProblem& problem) {
  RationalSystem system = rational_normal_equations(problem);
  ExactSolution solution;
  solution.rank = eliminate(system);
  solution.full_rank = solution.rank == problem.cols;
  if (solution.full_rank) {
    solution.w.reserve(problem.cols);
    for (const mpq_rational& value : system.b) solution.w.push_back(to_cpp(value));
    solution.residual_sum_of_squares = residual_sum_of_squares(problem, solution.w);
  }
  return solution;
}

std::size_t exact_rank(const ExactProblem& problem) {
  return NormalEquations(problem).solve().rank;
}

Rational residual_sum_of_squares(const ExactProblem& problem, const std::vector<Rational>& w) {
  std::vector<mpq_rational> weights;
  for (const Rational& value : w) weights.push_back(to_mpq(value));
  mpq_rational total = 0;
  for (std::size_t i = 0; i < problem.rows; ++i) {
    mpq_rational r = to_mpq(problem.y[i]);
    for (std::size_t j = 0; j < problem.cols; ++j) r -= to_mpq(problem.at(i, j)) * weights[j];
    total += r * r;
  }
  return to_cpp(total);
}

}  // namespace fpx
