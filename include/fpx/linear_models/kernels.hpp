// The dense kernels of the linear models (X^T X, X^T v, A v, A B, v^T w),
// each a set of dot products under the arithmetic's summation strategy,
// counted and accounted as counted_arithmetic.hpp says.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fpx/linear_models/counted_arithmetic.hpp"
#include "fpx/linear_models/matrix.hpp"

namespace fpx {

// Kernels. Each notes its inputs and allocates its result in `arithmetic`.
//
// X^T X for X (N x d): d^2 dot products of length N (2 d^2 N FLOPs), or with
// `symmetric` only the upper half, mirrored: d(d+1)/2 dots, d(d+1)N FLOPs.
Matrix gram(Arithmetic& arithmetic, const Matrix& X, bool symmetric = false);
// X^T v for X (N x d), v (N): d dots of length N, 2dN FLOPs.
Matrix transpose_times(Arithmetic& arithmetic, const Matrix& X, const Matrix& v);
// A v for A (m x n), v (n): m dots of length n, 2mn FLOPs.
Matrix times(Arithmetic& arithmetic, const Matrix& A, const Matrix& v);
// A B for A (m x k), B (k x n): mn dots of length k, 2mnk FLOPs.
Matrix multiply(Arithmetic& arithmetic, const Matrix& A, const Matrix& B);
// v^T w, 2n FLOPs.
std::uint64_t dot(Arithmetic& arithmetic, const Matrix& v, const Matrix& w);

// Kernels on strided rows and columns, for the factorizations.
//
// x[i * stride_x] -= f * v[i * stride_v] for i < n: a multiply and a subtract
// each, or one fused multiply-add under the fma strategy.
void subtract_scaled(Arithmetic& arithmetic, std::uint64_t* x, std::size_t stride_x,
                     std::uint64_t f, const std::uint64_t* v, std::size_t stride_v, std::size_t n);
// value - sum_i x[i * stride_x] * y[i * stride_y]; the dot is skipped when
// n = 0 (so nothing is counted for it).
std::uint64_t minus_dot(Arithmetic& arithmetic, std::uint64_t value, const std::uint64_t* x,
                        std::size_t stride_x, const std::uint64_t* y, std::size_t stride_y,
                        std::size_t n);
// Solves U w = z (d unknowns) for an upper triangular U given by its strict
// upper part (U_ij at upper[i * row_stride + j * column_stride] for j > i)
// and its diagonal (diagonal[i * diagonal_stride]), from the last row up.
Matrix back_substitute(Arithmetic& arithmetic, const std::uint64_t* upper, std::size_t row_stride,
                       std::size_t column_stride, const std::uint64_t* diagonal,
                       std::size_t diagonal_stride, const Matrix& z, std::size_t d);
// Every entry finite.
bool all_finite(const Arithmetic& arithmetic, const Matrix& m);

// The decimal strings of a matrix's entries (shortest round trip).
std::vector<std::string> shortest_decimals(const Matrix& v);

}  // namespace fpx
