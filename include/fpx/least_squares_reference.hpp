// The exact reference for least squares: exact rational solutions of
// min ||y - Xw||^2 (normal equations X^T X w = X^T y solved by Gaussian
// elimination over GMP rationals), of the data as given in decimal and of
// the data after rounding every entry of X and y once into a format; the
// log relative error (LRE) that scores a result against them; the NIST StRD
// data sets and their certified values; and data-file reading.
//
// Part of the fpx_reference library (GMP), like the MPFR reference.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "fpx/format.hpp"
#include "fpx/linear_algebra.hpp"
#include "fpx/rounding.hpp"
#include "fpx/summation.hpp"  // Rational

namespace fpx {

// Bad data (a file that cannot be read, a cell that is not a number, an
// unknown column): what() names the file, line and column.
class DataFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A problem stated exactly: X (rows x cols, row-major) and y (rows).
struct ExactProblem {
  std::size_t rows = 0, cols = 0;
  std::vector<Rational> X;
  std::vector<Rational> y;
  std::vector<std::string> column_names;  // one per column of X ("1", "x", "x^2", ...)

  const Rational& at(std::size_t i, std::size_t j) const { return X[i * cols + j]; }
};

struct ExactSolution {
  std::size_t rank = 0;     // rank of X
  bool full_rank = false;   // rank == cols: w is the unique solution
  std::vector<Rational> w;  // empty unless full_rank
  Rational residual_sum_of_squares = 0;
};

// The exact least-squares solution (normal equations over rationals).
ExactSolution exact_least_squares(const ExactProblem& problem);

// The rank of X, exactly.
std::size_t exact_rank(const ExactProblem& problem);

// ||y - Xw||^2 exactly.
Rational residual_sum_of_squares(const ExactProblem& problem, const std::vector<Rational>& w);

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

// A decimal (or any read_number text) as an exact rational; throws
// DataFileError for text that is not a finite number.
Rational parse_rational(const std::string& text);

// An exact value rounded once into a format (to_rational, the other way, is
// in decimal.hpp).
std::uint64_t round_to_format(const Format& format, const Rational& value,
                              Rounding mode = Rounding::NearestEven);
// `value` with `significant_digits` significant digits (nearest).
std::string decimal_string(const Rational& value, int significant_digits = 17);
// An approximation for display and LRE only: the nearest binary64.
double to_double(const Rational& value);

// NIST's log relative error -log10(|estimate - exact| / |exact|)
// (-log10 |estimate| when exact is 0), clamped to [0, cap]; `cap` when the
// two are equal. Computed from the exact difference; the logarithm is taken
// of its nearest binary64 (scaled by a power of two, so it never over- or
// underflows).
double log_relative_error(const Rational& estimate, const Rational& exact, double cap);
// The digits a format carries, p log10 2 (binary32: 7.22): the LRE cap for
// results of that format.
double format_digits(const Format& format);

// A CSV file read exactly: a header line of names, then rows of numbers
// (comma, semicolon, tab or space separated; '#' comments). Throws
// DataFileError naming the file and line for a non-numeric cell, a short
// row, a missing file. Cells in `text_columns` (by name) are kept as text.
struct DataTable {
  std::vector<std::string> header;
  std::vector<std::vector<Rational>> rows;                     // numeric cells (text columns: 0)
  std::vector<std::vector<std::string>> text;                  // every cell as written
  std::size_t column(const std::string& name_or_index) const;  // throws DataFileError
};
DataTable read_data_table(const std::string& path,
                          const std::vector<std::string>& text_columns = {});

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

// The eleven NIST StRD linear-regression data sets.
// A seeded synthetic least-squares problem with a chosen condition number:
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

const std::vector<std::string>& nist_dataset_names();
struct NistDataset {
  std::string name;
  std::vector<std::string> terms;
  bool intercept = true;
  std::string difficulty;
  std::vector<std::string> certified;  // certified coefficient estimates, as printed
  ExactProblem problem;                // the design matrix built exactly from the decimals
};
// Reads DIRECTORY/NAME.csv and DIRECTORY/NAME.certified.json.
NistDataset load_nist_dataset(const std::string& directory, const std::string& name);

}  // namespace fpx
