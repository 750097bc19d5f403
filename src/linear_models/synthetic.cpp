// Synthetic regression problems (include/fpx/linear_models/synthetic.hpp).
#include "fpx/linear_models/synthetic.hpp"

#include <stdexcept>

namespace fpx {

SyntheticProblem synthetic_problem(std::size_t rows, std::size_t cols, int log2_condition,
                                   const Rational& noise, std::uint64_t seed) {
  if (cols == 0 || rows < cols)
    throw std::invalid_argument("synthetic problem: need rows >= cols >= 1");
  if (log2_condition < 0 || log2_condition > 200)
    throw std::invalid_argument(
        "synthetic problem: log2 of the condition number must be in [0, 200]");
  StochasticSource random(seed);
  auto small_integer = [&random](int bound) {  // uniform in [-bound, bound]
    return long(random.next_bits() % std::uint32_t(2 * bound + 1)) - bound;
  };
  auto random_vector = [&](std::size_t n) {
    std::vector<Rational> v(n);
    bool nonzero = false;
    while (!nonzero)
      for (auto& x : v) {
        const long value = small_integer(3);
        x = Rational(value);
        nonzero = nonzero || value != 0;
      }
    return v;
  };
  SyntheticProblem out;
  out.rows = rows;
  out.cols = cols;
  out.log2_condition = log2_condition;
  // Singular values: powers of two from 1 down to 2^-k.
  for (std::size_t i = 0; i < cols; ++i) {
    const long step =
        cols == 1 ? 0
                  : long((2 * long(i) * log2_condition + long(cols - 1)) / (2 * long(cols - 1)));
    out.singular_values.push_back(Rational(1) / Rational(BigInteger(1) << step));
  }
  // Step 1: M = diag(s) H2, d x d, with H2 = I - 2 v v^T / (v^T v).
  const std::vector<Rational> v2 = random_vector(cols);
  Rational v2_norm = 0;
  for (const auto& x : v2) v2_norm += x * x;
  std::vector<Rational> top(cols * cols);
  for (std::size_t i = 0; i < cols; ++i)
    for (std::size_t j = 0; j < cols; ++j)
      top[i * cols + j] = out.singular_values[i] *
                          ((i == j ? Rational(1) : Rational(0)) - 2 * v2[i] * v2[j] / v2_norm);
  // Step 2: X = H1 [M; 0] = [M; 0] - 2 v1 (v1^T [M; 0]) / (v1^T v1).
  const std::vector<Rational> v1 = random_vector(rows);
  Rational v1_norm = 0;
  for (const auto& x : v1) v1_norm += x * x;
  std::vector<Rational> projection(cols, Rational(0));
  for (std::size_t i = 0; i < cols; ++i)
    for (std::size_t j = 0; j < cols; ++j) projection[j] += v1[i] * top[i * cols + j];
  out.X.assign(rows * cols, Rational(0));
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j)
      out.X[i * cols + j] =
          (i < cols ? top[i * cols + j] : Rational(0)) - 2 * v1[i] * projection[j] / v1_norm;
  // Step 3: w and y.
  for (std::size_t j = 0; j < cols; ++j) {
    long value = 0;
    while (value == 0) value = small_integer(9);
    out.w.push_back(value);
  }
  for (std::size_t i = 0; i < rows; ++i) {
    Rational yi = noise * small_integer(1);
    for (std::size_t j = 0; j < cols; ++j) yi += out.X[i * cols + j] * out.w[j];
    out.y.push_back(yi);
  }
  return out;
}

int rounded_log2(const Rational& value) {
  const BigInteger top = boost::multiprecision::numerator(value),
                   bottom = boost::multiprecision::denominator(value);
  long k = long(boost::multiprecision::msb(top)) - long(boost::multiprecision::msb(bottom));
  // value in [2^(k-1), 2^(k+1)): compare with 2^(k + 1/2), i.e. value^2 with 2^(2k+1).
  const Rational square = value * value;
  auto power = [](long e) {
    return e >= 0 ? Rational(BigInteger(1) << e) : Rational(1) / Rational(BigInteger(1) << -e);
  };
  while (square >= power(2 * k + 1)) ++k;
  while (square < power(2 * k - 1)) --k;
  return int(k);
}

}  // namespace fpx
