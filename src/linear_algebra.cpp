// Counted arithmetic on dense matrices of bit patterns: see
// include/fpx/linear_algebra.hpp for the counting convention.
#include "fpx/linear_algebra.hpp"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <utility>

#include "fpx/decimal.hpp"
#include "fpx/operations.hpp"

namespace fpx {

OperationCount& OperationCount::operator+=(const OperationCount& other) {
  adds += other.adds;
  muls += other.muls;
  fmas += other.fmas;
  divs += other.divs;
  sqrts += other.sqrts;
  exact_terms += other.exact_terms;
  return *this;
}

OperationCount operator-(OperationCount a, const OperationCount& b) {
  a.adds -= b.adds;
  a.muls -= b.muls;
  a.fmas -= b.fmas;
  a.divs -= b.divs;
  a.sqrts -= b.sqrts;
  a.exact_terms -= b.exact_terms;
  return a;
}

std::size_t element_bytes(const Format& format) {
  const int width = format.width();
  if (width <= 8) return 1;
  if (width <= 16) return 2;
  if (width <= 32) return 4;
  return 8;
}

OperationCount dot_cost(const Strategy& strategy, std::size_t n) {
  OperationCount cost;
  const std::uint64_t terms = n;
  switch (strategy.kind) {
    case StrategyKind::Fma: cost.fmas = terms; break;
    case StrategyKind::Kahan:
      // Kahan (1965): y = x - c; t = s + y; c = (t - s) - y; s = t.
      cost.muls = terms;
      cost.adds = 4 * terms;
      break;
    case StrategyKind::Neumaier:
      // t = s + x; c += (s - t) + x (or (x - t) + s); final s + c.
      cost.muls = terms;
      cost.adds = 4 * terms + 1;
      break;
    case StrategyKind::Klein:
      // Klein (2006): two nested Neumaier corrections, final s + cs + ccs.
      cost.muls = terms;
      cost.adds = 7 * terms + 2;
      break;
    case StrategyKind::Sum2:
      // Ogita, Rump, Oishi Dot2: TwoProduct (mul + fma), TwoSum (6 adds),
      // the error terms summed (2 adds), final sum.
      cost.muls = terms;
      cost.fmas = terms;
      cost.adds = 8 * terms + 1;
      break;
    default:
      cost.muls = terms;
      cost.adds = terms;
      break;
  }
  return cost;
}

Arithmetic::Arithmetic(const Format& format, Rounding rounding, Strategy strategy,
                       std::uint64_t seed)
    : format_(&format), rounding_(rounding), strategy_(strategy), random_(seed) {}

std::uint64_t Arithmetic::add(std::uint64_t a, std::uint64_t b) {
  ++count.adds;
  return take(fpx::add(*format_, a, b, rounding_, options()));
}

std::uint64_t Arithmetic::subtract(std::uint64_t a, std::uint64_t b) {
  ++count.adds;
  return take(fpx::subtract(*format_, a, b, rounding_, options()));
}

std::uint64_t Arithmetic::multiply(std::uint64_t a, std::uint64_t b) {
  ++count.muls;
  return take(fpx::multiply(*format_, a, b, rounding_, options()));
}

std::uint64_t Arithmetic::divide(std::uint64_t a, std::uint64_t b) {
  ++count.divs;
  return take(fpx::divide(*format_, a, b, rounding_, options()));
}

std::uint64_t Arithmetic::square_root(std::uint64_t a) {
  ++count.sqrts;
  return take(fpx::square_root(*format_, a, rounding_, options()));
}

std::uint64_t Arithmetic::fused_multiply_add(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  ++count.fmas;
  return take(fpx::fused_multiply_add(*format_, a, b, c, rounding_, options()));
}

std::uint64_t Arithmetic::one() const {
  return std::uint64_t(format_->bias) << format_->fraction_bits();
}

std::uint64_t Arithmetic::integer(long value) {
  const bool negative = value < 0;
  const unsigned long magnitude = negative ? 0ul - static_cast<unsigned long>(value) : value;
  return take(round_rational(*format_, negative, BigInteger(magnitude), BigInteger(1), 0,
                             Rounding::NearestEven));
}

std::uint64_t Arithmetic::dot(const std::uint64_t* a, std::size_t stride_a, const std::uint64_t* b,
                              std::size_t stride_b, std::size_t n) {
  // Serial and fma are done here, operation by operation, from a zero
  // accumulator (the first addition counts); the others go to fpx::dot.
  if (strategy_.kind == StrategyKind::Serial) {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum = add(sum, multiply(a[i * stride_a], b[i * stride_b]));
    return sum;
  }
  if (strategy_.kind == StrategyKind::Fma) {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < n; ++i)
      sum = fused_multiply_add(a[i * stride_a], b[i * stride_b], sum);
    return sum;
  }
  gather_a_.resize(n);
  gather_b_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    gather_a_[i] = a[i * stride_a];
    gather_b_[i] = b[i * stride_b];
  }
  SummationOptions options;
  options.input_format = format_;
  options.rounding = rounding_;
  options.seed = random_.next_bits();
  count += dot_cost(strategy_, n);
  return take(fpx::dot(strategy_, std::span<const std::uint64_t>(gather_a_),
                       std::span<const std::uint64_t>(gather_b_), options));
}

bool Arithmetic::is_finite(std::uint64_t a) const {
  const FloatClass value_class = classify(*format_, a);
  return value_class == FloatClass::Zero || value_class == FloatClass::Subnormal ||
         value_class == FloatClass::Normal;
}

bool Arithmetic::less(std::uint64_t a, std::uint64_t b) const {
  const std::uint64_t magnitude_a = absolute(a), magnitude_b = absolute(b);
  if (magnitude_a == 0 && magnitude_b == 0) return false;
  const bool negative_a = is_negative(a) && magnitude_a != 0;
  const bool negative_b = is_negative(b) && magnitude_b != 0;
  if (negative_a != negative_b) return negative_a;
  return negative_a ? magnitude_a > magnitude_b : magnitude_a < magnitude_b;
}

void Arithmetic::note_input(const Matrix& operand) { memory.input_bytes += operand.bytes(); }

void Arithmetic::allocate(std::uint64_t bytes) {
  memory.new_bytes += bytes;
  memory.current_extra_bytes += bytes;
  memory.peak_extra_bytes = std::max(memory.peak_extra_bytes, memory.current_extra_bytes);
}

void Arithmetic::release(std::uint64_t bytes) { memory.current_extra_bytes -= bytes; }

Matrix::Matrix(std::size_t rows, std::size_t cols, Arithmetic& account)
    : rows_(rows),
      cols_(cols),
      format_(&account.format()),
      data_(rows * cols, 0),
      account_(&account) {
  account_->allocate(bytes());
}

Matrix::Matrix(std::size_t rows, std::size_t cols, const Format& format)
    : rows_(rows), cols_(cols), format_(&format), data_(rows * cols, 0) {}

Matrix::~Matrix() {
  if (account_) account_->release(bytes());
}

Matrix::Matrix(const Matrix& other)
    : rows_(other.rows_), cols_(other.cols_), format_(other.format_), data_(other.data_) {}

Matrix& Matrix::operator=(const Matrix& other) {
  if (this == &other) return *this;
  if (account_) account_->release(bytes());
  account_ = nullptr;
  rows_ = other.rows_;
  cols_ = other.cols_;
  format_ = other.format_;
  data_ = other.data_;
  return *this;
}

Matrix::Matrix(Matrix&& other) noexcept
    : rows_(other.rows_),
      cols_(other.cols_),
      format_(other.format_),
      data_(std::move(other.data_)),
      account_(std::exchange(other.account_, nullptr)) {
  other.rows_ = other.cols_ = 0;
  other.data_.clear();
}

Matrix& Matrix::operator=(Matrix&& other) noexcept {
  if (this == &other) return *this;
  if (account_) account_->release(bytes());
  rows_ = other.rows_;
  cols_ = other.cols_;
  format_ = other.format_;
  data_ = std::move(other.data_);
  account_ = std::exchange(other.account_, nullptr);
  other.rows_ = other.cols_ = 0;
  other.data_.clear();
  return *this;
}

Matrix gram(Arithmetic& arithmetic, const Matrix& X, bool symmetric) {
  const std::size_t n = X.rows(), d = X.cols();
  arithmetic.note_input(X);
  Matrix A(d, d, arithmetic);
  for (std::size_t j = 0; j < d; ++j) {
    for (std::size_t k = symmetric ? j : 0; k < d; ++k) {
      A(j, k) = arithmetic.dot(X.data() + j, d, X.data() + k, d, n);
      if (symmetric) A(k, j) = A(j, k);
    }
  }
  return A;
}

Matrix transpose_times(Arithmetic& arithmetic, const Matrix& X, const Matrix& v) {
  if (v.size() != X.rows()) throw std::invalid_argument("transpose_times: sizes differ");
  const std::size_t n = X.rows(), d = X.cols();
  arithmetic.note_input(X);
  arithmetic.note_input(v);
  Matrix out(d, 1, arithmetic);
  for (std::size_t j = 0; j < d; ++j) out[j] = arithmetic.dot(X.data() + j, d, v.data(), 1, n);
  return out;
}

Matrix times(Arithmetic& arithmetic, const Matrix& A, const Matrix& v) {
  if (v.size() != A.cols()) throw std::invalid_argument("times: sizes differ");
  arithmetic.note_input(A);
  arithmetic.note_input(v);
  Matrix out(A.rows(), 1, arithmetic);
  for (std::size_t i = 0; i < A.rows(); ++i)
    out[i] = arithmetic.dot(A.data() + i * A.cols(), 1, v.data(), 1, A.cols());
  return out;
}

Matrix multiply(Arithmetic& arithmetic, const Matrix& A, const Matrix& B) {
  if (A.cols() != B.rows()) throw std::invalid_argument("multiply: sizes differ");
  arithmetic.note_input(A);
  arithmetic.note_input(B);
  Matrix out(A.rows(), B.cols(), arithmetic);
  for (std::size_t i = 0; i < A.rows(); ++i)
    for (std::size_t j = 0; j < B.cols(); ++j)
      out(i, j) = arithmetic.dot(A.data() + i * A.cols(), 1, B.data() + j, B.cols(), A.cols());
  return out;
}

std::uint64_t dot(Arithmetic& arithmetic, const Matrix& v, const Matrix& w) {
  if (v.size() != w.size()) throw std::invalid_argument("dot: sizes differ");
  arithmetic.note_input(v);
  arithmetic.note_input(w);
  return arithmetic.dot(v.data(), 1, w.data(), 1, v.size());
}

std::vector<std::string> shortest_decimals(const Matrix& v) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (std::uint64_t bits : v.values()) out.push_back(shortest_decimal(v.format(), bits));
  return out;
}

}  // namespace fpx
