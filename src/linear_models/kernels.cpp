// The dense kernels (include/fpx/linear_models/kernels.hpp).
#include "fpx/linear_models/kernels.hpp"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <vector>

#include "fpx/core/arrays.hpp"
#include "fpx/core/decimal.hpp"

namespace fpx {

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

void subtract_scaled(Arithmetic& arithmetic, std::uint64_t* x, std::size_t stride_x,
                     std::uint64_t f, const std::uint64_t* v, std::size_t stride_v, std::size_t n) {
  const bool fused = arithmetic.strategy().kind == StrategyKind::Fma;
  // Long rows go through the array engine (the same bits, flags and
  // counts); stochastic rounding keeps the order of its draws element by
  // element.
  if (n >= 16 && arithmetic.rounding() != Rounding::Stochastic) {
    const Format& format = arithmetic.format();
    const Rounding mode = arithmetic.rounding();
    std::vector<std::uint64_t> target(n), factor(n), scale(n, fused ? arithmetic.negate(f) : f);
    for (std::size_t i = 0; i < n; ++i) {
      target[i] = x[i * stride_x];
      factor[i] = v[i * stride_v];
    }
    const std::span<const std::uint64_t> scales(scale), factors(factor), targets(target);
    if (fused) {
      arithmetic.flags |= fpx::fused_multiply_add(format, scales, factors, targets,
                                                  std::span<std::uint64_t>(target), mode);
      arithmetic.count.fmas += n;
    } else {
      std::vector<std::uint64_t> product(n);
      arithmetic.flags |=
          fpx::multiply(format, scales, factors, std::span<std::uint64_t>(product), mode);
      arithmetic.flags |= fpx::subtract(format, targets, std::span<const std::uint64_t>(product),
                                        std::span<std::uint64_t>(target), mode);
      arithmetic.count.muls += n;
      arithmetic.count.adds += n;
    }
    for (std::size_t i = 0; i < n; ++i) x[i * stride_x] = target[i];
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t& target = x[i * stride_x];
    target = fused ? arithmetic.fused_multiply_add(arithmetic.negate(f), v[i * stride_v], target)
                   : arithmetic.subtract(target, arithmetic.multiply(f, v[i * stride_v]));
  }
}

std::uint64_t minus_dot(Arithmetic& arithmetic, std::uint64_t value, const std::uint64_t* x,
                        std::size_t stride_x, const std::uint64_t* y, std::size_t stride_y,
                        std::size_t n) {
  if (n == 0) return value;
  return arithmetic.subtract(value, arithmetic.dot(x, stride_x, y, stride_y, n));
}

Matrix back_substitute(Arithmetic& arithmetic, const std::uint64_t* upper, std::size_t row_stride,
                       std::size_t column_stride, const std::uint64_t* diagonal,
                       std::size_t diagonal_stride, const Matrix& z, std::size_t d) {
  Matrix w(d, 1, arithmetic);
  for (std::size_t i = d; i-- > 0;)
    w[i] = arithmetic.divide(
        minus_dot(arithmetic, z[i], upper + i * row_stride + (i + 1) * column_stride, column_stride,
                  w.data() + i + 1, 1, d - 1 - i),
        diagonal[i * diagonal_stride]);
  return w;
}

bool all_finite(const Arithmetic& arithmetic, const Matrix& m) {
  return std::all_of(m.values().begin(), m.values().end(),
                     [&](std::uint64_t bits) { return arithmetic.is_finite(bits); });
}

std::vector<std::string> shortest_decimals(const Matrix& v) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (std::uint64_t bits : v.values()) out.push_back(shortest_decimal(v.format(), bits));
  return out;
}

}  // namespace fpx
