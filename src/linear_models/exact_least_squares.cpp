// The exact least-squares reference
// (include/fpx/linear_models/exact_least_squares.hpp): the normal equations
// over GMP rationals.
#include "fpx/linear_models/exact_least_squares.hpp"

#include <boost/multiprecision/gmp.hpp>

namespace fpx {
namespace {

using boost::multiprecision::mpq_rational;
using boost::multiprecision::mpz_int;

// cpp_int <-> mpz through hexadecimal text: exact, and fast enough for the
// sizes here (one conversion per entry).
mpz_int to_mpz(const BigInteger& value) {
  if (value == 0) return 0;
  const bool negative = value < 0;
  const BigInteger magnitude = negative ? BigInteger(-value) : value;
  mpz_int out("0x" + magnitude.str(0, std::ios_base::hex));
  return negative ? mpz_int(-out) : out;
}

BigInteger to_big_integer(const mpz_int& value) {
  if (value == 0) return 0;
  const bool negative = value < 0;
  const mpz_int magnitude = negative ? mpz_int(-value) : value;
  BigInteger out("0x" + magnitude.str(0, std::ios_base::hex));
  return negative ? BigInteger(-out) : out;
}

mpq_rational to_mpq(const Rational& value) {
  return mpq_rational(to_mpz(boost::multiprecision::numerator(value)),
                      to_mpz(boost::multiprecision::denominator(value)));
}

Rational to_cpp(const mpq_rational& value) {
  return Rational(to_big_integer(boost::multiprecision::numerator(value)),
                  to_big_integer(boost::multiprecision::denominator(value)));
}

struct NormalEquations {
  std::size_t d = 0;
  std::vector<mpq_rational> A;  // d x d
  std::vector<mpq_rational> b;  // d
};

NormalEquations normal_equations(const ExactProblem& problem) {
  const std::size_t n = problem.rows, d = problem.cols;
  std::vector<mpq_rational> X(n * d), y(n);
  for (std::size_t i = 0; i < n * d; ++i) X[i] = to_mpq(problem.X[i]);
  for (std::size_t i = 0; i < n; ++i) y[i] = to_mpq(problem.y[i]);
  NormalEquations out;
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
std::size_t eliminate(NormalEquations& system) {
  const std::size_t d = system.d;
  auto& A = system.A;
  auto& b = system.b;
  std::size_t rank = 0;
  std::vector<std::size_t> pivot_column;
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

ExactSolution exact_least_squares(const ExactProblem& problem) {
  NormalEquations system = normal_equations(problem);
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
  NormalEquations system = normal_equations(problem);
  return eliminate(system);
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
