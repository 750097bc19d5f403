// Seeded synthetic least-squares problems with an exact, chosen condition
// number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fpx/core/decimal.hpp"

namespace fpx {

// X = H1 [diag(s) H2; 0] (N x d) with Householder reflections
// H = I - 2 v v^T / (v^T v) of small random integer vectors v (exactly
// orthogonal over the rationals, so X's singular values are exactly s), and
// s_i = 2^-round(i k / (d - 1)) for i = 0 .. d-1: cond_2(X) = 2^k exactly;
// w has random integers in [-9, 9], y = X w + noise * e with e_i random in
// {-1, 0, 1}. Everything is exact; `seed` fixes it.
struct SyntheticProblem {
  std::size_t rows = 0, cols = 0;
  std::vector<Rational> X;  // row-major, rows x cols
  std::vector<Rational> y, w;
  std::vector<Rational> singular_values;
  int log2_condition = 0;
};
SyntheticProblem synthetic_problem(std::size_t rows, std::size_t cols, int log2_condition,
                                   const Rational& noise, std::uint64_t seed);

// log2 of a positive rational, rounded to nearest (ties up): the k of a
// requested condition number.
int rounded_log2(const Rational& value);

}  // namespace fpx
