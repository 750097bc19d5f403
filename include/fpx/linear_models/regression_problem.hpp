// A least-squares problem min ||y - Xw||^2 stated exactly, two ways: X and y
// as one rational per entry (ExactProblem: simple, for small problems and
// tests), or each column as integers over one common denominator
// (ScaledProblem: compact, and what the fast exact references take); built
// from a data table by model terms; and the same problem with every entry
// rounded once into a format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/io/data_table.hpp"
#include "fpx/linear_models/matrix.hpp"
#include "fpx/linear_models/progress.hpp"

namespace fpx {

// A problem stated exactly: X (rows x cols, row-major) and y (rows).
struct ExactProblem {
  std::size_t rows = 0, cols = 0;
  std::vector<Rational> X;
  std::vector<Rational> y;
  std::vector<std::string> column_names;  // one per column of X ("1", "x", "x^2", ...)

  const Rational& at(std::size_t i, std::size_t j) const { return X[i * cols + j]; }
};

// One column of exact values as integers over a common scale:
// value_i = numerator_i / scale. Decimal data has the least common multiple
// of its denominators as the scale (a power of ten for decimals written with
// the same number of places); the values of a binary format a power of two.
// The numerators are kept in 64 bits when they all fit, so that products
// and sums of them (the Gram matrix) run in machine integers.
struct ExactColumn {
  Rational scale = 1;               // positive
  std::vector<std::int64_t> small;  // the numerators, when every one fits in 64 bits
  std::vector<BigInteger> large;    // else the numerators here (and `small` is empty)

  std::size_t size() const { return large.empty() ? small.size() : large.size(); }
  bool is_small() const { return large.empty(); }
  BigInteger numerator(std::size_t i) const { return is_small() ? BigInteger(small[i]) : large[i]; }
  Rational value(std::size_t i) const { return Rational(numerator(i)) / scale; }
};
// The values as one column over the least common multiple of their
// denominators.
ExactColumn exact_column(const std::vector<Rational>& values);
// Numerators given over a scale; kept small when they fit.
ExactColumn exact_column(std::vector<BigInteger> numerators, Rational scale);
// The exact values of a column of bit patterns of `format` (finite), over
// the power of two of the smallest last bit.
ExactColumn exact_column(const Format& format, const std::uint64_t* bits, std::size_t stride,
                         std::size_t count);

// A problem stated exactly and compactly: X by columns, and y.
struct ScaledProblem {
  std::size_t rows = 0, cols = 0;
  std::vector<ExactColumn> X;             // cols columns of `rows` values
  ExactColumn y;                          // rows values
  std::vector<std::string> column_names;  // one per column of X
};
ScaledProblem scaled_problem(const ExactProblem& problem);

// Every entry of X and y rounded once into `format`: the bit patterns.
struct RoundedInputs {
  Matrix X;                 // rows x cols
  Matrix y;                 // rows x 1
  std::size_t inexact = 0;  // entries changed by rounding
};
// ... and the exact values of the rounded problem, one rational per entry.
struct RoundedProblem : RoundedInputs {
  ExactProblem exact;
};
// Both throw std::domain_error if an entry overflows or becomes NaN.
// Stochastic rounding draws every entry from a source seeded with 0, as
// round_to_format does.
RoundedProblem round_problem(const ExactProblem& problem, const Format& format,
                             Rounding mode = Rounding::NearestEven);
RoundedInputs round_problem(const ScaledProblem& problem, const Format& format,
                            Rounding mode = Rounding::NearestEven);

// A model term: "1" (intercept), "NAME" (a column), "NAME^K" (its K-th power).
struct Term {
  std::string text;
  int column = -1;  // -1 for the intercept
  int power = 1;
};
// Builds the design matrix exactly from the table: one column per term,
// response the named column. Throws DataFileError for an unknown column.
ExactProblem build_problem(const DataTable& table, const std::vector<std::string>& terms,
                           const std::string& response);
// The same, compactly: each data column scaled once to integers, each term
// a power of it. The table's rationals are read once and not copied.
ScaledProblem build_scaled_problem(const DataTable& table, const std::vector<std::string>& terms,
                                   const std::string& response,
                                   const ProgressCallback& progress = {});

}  // namespace fpx
