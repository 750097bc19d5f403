// Tests of the exact least-squares references
// (include/fpx/linear_models/exact_least_squares.hpp): the fast path
// (integer-scaled columns, a Gram matrix in machine integers, Bareiss
// elimination) equals the straightforward path (one GMP rational per entry,
// Gauss-Jordan over the rationals) exactly, on random decimals, on entries
// beyond 64 bits, on bit patterns of binary formats and on rank-deficient
// matrices.
#include <doctest/doctest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/io/data_table.hpp"
#include "fpx/linear_models/exact_least_squares.hpp"
#include "fpx/linear_models/nist.hpp"
#include "fpx/linear_models/regression_problem.hpp"
#include "operand_generator.hpp"

namespace {

const std::string nist_directory = FPX_TEST_DATA_DIR "/../../data/nist";

// A CSV of `rows` random decimals in `cols` columns (the last is the
// response): magnitudes from 1e-3 to 1e5, zero to six decimal places,
// negative values and zeros.
std::string random_decimal_csv(std::size_t rows, std::size_t cols, std::uint64_t seed) {
  fpx::StochasticSource random(seed);
  std::string text;
  for (std::size_t j = 0; j < cols; ++j) text += (j ? ",c" : "c") + std::to_string(j);
  text += "\n";
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < cols; ++j) {
      const std::uint64_t bits = std::uint64_t(random.next_bits()) << 32 | random.next_bits();
      const int places = int(bits % 7);
      const long integer = long((bits >> 8) % 100000000) - 50000000;
      std::string digits = std::to_string(integer < 0 ? -integer : integer);
      while (digits.size() <= std::size_t(places)) digits.insert(0, "0");
      if (places > 0) digits.insert(digits.size() - std::size_t(places), ".");
      if ((bits >> 40) % 13 == 0) digits = "0";
      text += (j ? "," : "") + std::string(integer < 0 && digits != "0" ? "-" : "") + digits;
    }
    text += "\n";
  }
  return text;
}

fpx::DataTable table_of(const std::string& csv) {
  std::istringstream input(csv);
  return fpx::read_data_table(input, "test");
}

// Every column but the last as a term, the last as the response.
std::vector<std::string> all_terms(const fpx::DataTable& table, bool intercept) {
  std::vector<std::string> terms;
  if (intercept) terms.push_back("1");
  for (std::size_t k = 0; k + 1 < table.header.size(); ++k) terms.push_back(table.header[k]);
  return terms;
}

void check_same(const fpx::ExactSolution& fast, const fpx::ExactSolution& reference) {
  CHECK(fast.rank == reference.rank);
  CHECK(fast.full_rank == reference.full_rank);
  REQUIRE(fast.w.size() == reference.w.size());
  for (std::size_t j = 0; j < fast.w.size(); ++j) {
    CAPTURE(j);
    CHECK(fast.w[j] == reference.w[j]);
  }
  CHECK(fast.residual_sum_of_squares == reference.residual_sum_of_squares);
}

}  // namespace

TEST_CASE("exact references: the fast path equals the rational path on random decimals") {
  const std::uint64_t seed = fpx::testing::derive_seed(fpx::testing::test_seed(), "decimals");
  CAPTURE(seed);
  const fpx::DataTable table = table_of(random_decimal_csv(2000, 20, seed));
  const std::vector<std::string> terms = all_terms(table, true);
  const fpx::ExactProblem exact = fpx::build_problem(table, terms, table.header.back());
  const fpx::ScaledProblem scaled = fpx::build_scaled_problem(table, terms, table.header.back());
  REQUIRE(scaled.cols == 20);
  const fpx::NormalEquations equations(scaled);
  const fpx::ExactSolution fast = equations.solve();
  const fpx::ExactSolution reference = fpx::exact_least_squares_by_rationals(exact);
  REQUIRE(reference.full_rank);
  check_same(fast, reference);
  // The residual of another w, from the d x d numbers and entry by entry.
  std::vector<fpx::Rational> other = reference.w;
  for (std::size_t j = 0; j < other.size(); ++j) other[j] += fpx::Rational(int(j) - 7, 3);
  CHECK(equations.residual_sum_of_squares(other) == fpx::residual_sum_of_squares(exact, other));
  // At the exact solution the gradient A w - b is zero and so is the
  // backward error.
  for (const fpx::Rational& value : equations.gradient(reference.w)) CHECK(value == 0);
  CHECK(equations.backward_error(reference.w) == 0);
}

TEST_CASE("exact references: entries beyond 64 bits, overflowing 128-bit sums, thirds") {
  // Column a: about 2^62, so that the 128-bit partial sums of a^2 overflow
  // and carry into GMP; b: beyond 2^64 (GMP columns); c: ratios with
  // denominators 3 and 7 (scale 21); d: small, mixed with the others.
  std::string csv = "a,b,c,d,y\n";
  for (int i = 0; i < 100; ++i) {
    const std::string a = std::to_string(4611686018427387904LL - 1000003LL * i);
    const std::string b = (i % 2 ? "-" : "") + std::to_string(i + 1) + "00000000000000000000001";
    const std::string c = std::to_string(i % 11 - 5) + (i % 2 ? "/3" : "/7");
    const std::string d = std::to_string((i * 37) % 101) + ".5";
    const std::string y = std::to_string((i * 53) % 97) + "." + std::to_string(i % 10);
    csv += a + "," + b + "," + c + "," + d + "," + y + "\n";
  }
  const fpx::DataTable table = table_of(csv);
  for (bool intercept : {true, false}) {
    CAPTURE(intercept);
    const std::vector<std::string> terms = all_terms(table, intercept);
    const fpx::ScaledProblem scaled = fpx::build_scaled_problem(table, terms, "y");
    CHECK(scaled.X[intercept ? 1 : 0].is_small());
    CHECK_FALSE(scaled.X[intercept ? 2 : 1].is_small());
    CHECK(scaled.X[intercept ? 3 : 2].scale == 21);
    const fpx::ExactProblem exact = fpx::build_problem(table, terms, "y");
    check_same(fpx::NormalEquations(scaled).solve(), fpx::exact_least_squares_by_rationals(exact));
  }
  // Powers of the columns (numerators of several limbs).
  const std::vector<std::string> powers = {"1", "d", "d^2", "d^3", "c^2"};
  check_same(fpx::NormalEquations(fpx::build_scaled_problem(table, powers, "y")).solve(),
             fpx::exact_least_squares_by_rationals(fpx::build_problem(table, powers, "y")));
}

TEST_CASE("exact references: from the bit patterns of the rounded NIST problems") {
  for (const fpx::Format* format : {&fpx::binary32, &fpx::bfloat16, &fpx::binary64}) {
    for (const std::string& name : fpx::nist_dataset_names()) {
      CAPTURE(format->name);
      CAPTURE(name);
      const fpx::NistDataset dataset = fpx::load_nist_dataset(nist_directory, name);
      const fpx::RoundedProblem rounded = fpx::round_problem(dataset.problem, *format);
      // The compact rounding gives the same bits, in every mode.
      for (fpx::Rounding mode :
           {fpx::Rounding::NearestEven, fpx::Rounding::TowardZero, fpx::Rounding::Stochastic}) {
        CAPTURE(fpx::short_name(mode));
        const fpx::RoundedProblem one_by_one = fpx::round_problem(dataset.problem, *format, mode);
        const fpx::RoundedInputs compact =
            fpx::round_problem(fpx::scaled_problem(dataset.problem), *format, mode);
        CHECK(compact.X.values() == one_by_one.X.values());
        CHECK(compact.y.values() == one_by_one.y.values());
        CHECK(compact.inexact == one_by_one.inexact);
      }
      check_same(fpx::NormalEquations(rounded.X, rounded.y).solve(),
                 fpx::exact_least_squares_by_rationals(rounded.exact));
    }
  }
}

TEST_CASE("exact references: the rank of rank-deficient X, with pivoting and skipped columns") {
  struct Case {
    const char* name;
    std::vector<std::vector<long>> rows;  // X | y
    std::size_t rank;
  } cases[] = {
      {"first column zero", {{0, 1, 2, 1}, {0, 2, 1, 2}, {0, 3, 5, 4}, {0, 1, 1, 3}}, 2},
      {"a column twice another", {{1, 2, 4, 1}, {1, 3, 6, 2}, {1, 5, 10, 4}, {1, 7, 14, 3}}, 2},
      {"rank one", {{1, 2, 3, 1}, {2, 4, 6, 2}, {-1, -2, -3, 4}, {3, 6, 9, 3}}, 1},
      {"all zero", {{0, 0, 0, 1}, {0, 0, 0, 2}, {0, 0, 0, 3}}, 0},
      {"middle column zero", {{1, 0, 2, 1}, {3, 0, 1, 2}, {4, 0, 5, 4}, {1, 0, 1, 3}}, 2},
      {"full rank", {{1, 0, 2, 1}, {3, 1, 1, 2}, {4, 0, 5, 4}, {1, 2, 1, 3}}, 3},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    fpx::ExactProblem problem;
    problem.rows = c.rows.size();
    problem.cols = 3;
    for (const auto& row : c.rows) {
      for (std::size_t j = 0; j < 3; ++j) problem.X.push_back(fpx::Rational(row[j]));
      problem.y.push_back(fpx::Rational(row[3]));
    }
    const fpx::ExactSolution fast = fpx::exact_least_squares(problem);
    CHECK(fast.rank == c.rank);
    check_same(fast, fpx::exact_least_squares_by_rationals(problem));
  }
}

TEST_CASE("exact references: progress is reported for the Gram matrix and the elimination") {
  const fpx::DataTable table = table_of(random_decimal_csv(50, 5, 3));
  const fpx::ScaledProblem scaled =
      fpx::build_scaled_problem(table, all_terms(table, true), table.header.back());
  std::vector<std::string> stages;
  std::uint64_t last_total = 0;
  const fpx::ProgressCallback progress = [&](std::string_view stage, std::uint64_t,
                                             std::uint64_t total, std::string_view) {
    if (stages.empty() || stages.back() != stage) stages.emplace_back(stage);
    last_total = total;
  };
  const fpx::NormalEquations equations(scaled, progress);
  CHECK(last_total == 6 * 7 / 2);  // column pairs of [X y], 5 columns of X
  equations.solve(progress);
  CHECK(last_total == 5);
  CHECK(stages ==
        std::vector<std::string>{"exact references: X^T X", "exact references: elimination"});
}
