// The gradient-descent problem and exact gradient descent
// (include/fpx/experiments/gradient_descent.hpp).
#include "fpx/experiments/gradient_descent.hpp"

#include <algorithm>
#include <random>
#include <stdexcept>

#include "fpx/core/exact_error.hpp"
#include "fpx/linear_models/solver.hpp"

namespace fpx {
namespace {

// log2 of the denominator of a dyadic rational (its entries are values of a
// binary format).
long denominator_bits(const Rational& value) {
  const BigInteger denominator = boost::multiprecision::denominator(value);
  const long bits = long(boost::multiprecision::msb(denominator));
  if (BigInteger(1) << bits != denominator)
    throw std::logic_error("gradient descent: an entry that is not dyadic");
  return bits;
}

BigInteger scaled_integer(const Rational& value, long bits) {
  return boost::multiprecision::numerator(value) *
         (BigInteger(1) << (bits - denominator_bits(value)));
}

}  // namespace

GradientDescentProblem gradient_descent_problem(std::size_t rows, std::uint64_t seed) {
  if (rows < 2) throw std::invalid_argument("gradient descent: at least 2 rows");
  std::mt19937_64 engine(seed);
  GradientDescentProblem out;
  ExactProblem& p = out.problem;
  p.rows = rows;
  p.cols = 2;
  p.column_names = {"1", "x"};
  for (std::size_t i = 0; i < rows; ++i) {
    const Rational x(long(engine() % 15) - 3, 8);             // -3/8 .. 11/8
    const Rational noise(long(engine() % 1025) - 512, 2048);  // [-1/4, 1/4]
    const Rational y = 1 + x / 2 + noise;
    p.X.push_back(1);
    p.X.push_back(x);
    p.y.push_back(to_rational(e4m3, round_to_format(e4m3, y, Rounding::NearestEven)));
  }
  const RoundedProblem in_binary64 = round_problem(p, binary64);
  const Rational lambda = to_rational(binary64, estimate_lambda_max(in_binary64.X));
  out.log2_step = int(floor_log2(1 / lambda));
  out.step = out.log2_step >= 0 ? Rational(BigInteger(1) << out.log2_step)
                                : Rational(1) / Rational(BigInteger(1) << -out.log2_step);
  out.solution = exact_least_squares(p);
  return out;
}

std::vector<Rational> exact_gradient_descent_losses(const GradientDescentProblem& problem,
                                                    int steps) {
  const ExactProblem& p = problem.problem;
  const std::size_t rows = p.rows, d = p.cols;
  // Every entry times 2^t is an integer.
  long t = 0;
  for (const Rational& v : p.X) t = std::max(t, denominator_bits(v));
  for (const Rational& v : p.y) t = std::max(t, denominator_bits(v));
  std::vector<BigInteger> X(rows * d), y(rows);
  for (std::size_t k = 0; k < rows * d; ++k) X[k] = scaled_integer(p.X[k], t);
  for (std::size_t i = 0; i < rows; ++i) y[i] = scaled_integer(p.y[i], t);
  // A 2^(2t) and b 2^(2t), integers.
  std::vector<BigInteger> A(d * d, 0), b(d, 0);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      b[j] += X[i * d + j] * y[i];
      for (std::size_t l = 0; l < d; ++l) A[j * d + l] += X[i * d + j] * X[i * d + l];
    }
  // step = 2^-s; w = W / 2^m. With G = A_int W - b_int 2^m (the gradient
  // times 2^(2t+m)), w - step g = (W 2^(2t+s) - G) / 2^(m+2t+s).
  const long s = -long(problem.log2_step);
  if (2 * t + s < 0) throw std::logic_error("gradient descent: a step above 2^(2t)");
  std::vector<BigInteger> W(d, 0);
  long m = 0;
  auto loss = [&] {
    BigInteger total = 0;
    for (std::size_t i = 0; i < rows; ++i) {
      BigInteger r = y[i] << m;
      for (std::size_t j = 0; j < d; ++j) r -= X[i * d + j] * W[j];
      total += r * r;
    }
    return Rational(total, BigInteger(1) << (2 * (t + m)));
  };
  std::vector<Rational> losses;
  losses.push_back(loss());
  for (int k = 0; k < steps; ++k) {
    std::vector<BigInteger> next(d);
    for (std::size_t j = 0; j < d; ++j) {
      BigInteger g = -(b[j] << m);
      for (std::size_t l = 0; l < d; ++l) g += A[j * d + l] * W[l];
      next[j] = (W[j] << (2 * t + s)) - g;
    }
    W = std::move(next);
    m += 2 * t + s;
    // Lower the common power of two while every numerator is even.
    while (m > 0 && std::all_of(W.begin(), W.end(), [](const BigInteger& v) {
             return v == 0 || !boost::multiprecision::bit_test(v < 0 ? BigInteger(-v) : v, 0);
           })) {
      for (BigInteger& v : W) v >>= 1;
      --m;
    }
    losses.push_back(loss());
  }
  return losses;
}

}  // namespace fpx
