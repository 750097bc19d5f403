// A least-squares problem min ||y - Xw||^2 stated exactly: X and y as
// rationals (the data as written), built from a data table by model terms,
// and the same problem with every entry rounded once into a format.
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

namespace fpx {

// A problem stated exactly: X (rows x cols, row-major) and y (rows).
struct ExactProblem {
  std::size_t rows = 0, cols = 0;
  std::vector<Rational> X;
  std::vector<Rational> y;
  std::vector<std::string> column_names;  // one per column of X ("1", "x", "x^2", ...)

  const Rational& at(std::size_t i, std::size_t j) const { return X[i * cols + j]; }
};

// Every entry of X and y rounded once into `format`: the bit patterns and
// the exact values of the rounded problem. Throws std::domain_error if an
// entry overflows or becomes NaN.
struct RoundedProblem {
  Matrix X;  // rows x cols
  Matrix y;  // rows x 1
  ExactProblem exact;
  std::size_t inexact = 0;  // entries changed by rounding
};
RoundedProblem round_problem(const ExactProblem& problem, const Format& format,
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

}  // namespace fpx
