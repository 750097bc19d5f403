// Tests of the counted arithmetic (include/fpx/linear_models/) and the exact
// least-squares reference (linear_models/exact_least_squares.hpp):
// counted FLOPs against the lecture's formulas (the first addition into a
// zero accumulator counts), the memory account, the NIST StRD certified
// values reproduced by exact rational least squares, and the binary32
// ceilings (docs/linear_models.md).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/io/data_table.hpp"
#include "fpx/linear_models/cost_table.hpp"
#include "fpx/linear_models/counted_arithmetic.hpp"
#include "fpx/linear_models/exact_least_squares.hpp"
#include "fpx/linear_models/kernels.hpp"
#include "fpx/linear_models/log_relative_error.hpp"
#include "fpx/linear_models/matrix.hpp"
#include "fpx/linear_models/nist.hpp"
#include "fpx/linear_models/perceptron.hpp"
#include "fpx/linear_models/regression_problem.hpp"
#include "fpx/linear_models/solver.hpp"
#include "fpx/linear_models/synthetic.hpp"
#include "fpx/summation/error_bound.hpp"
#include "fpx/summation/strategy.hpp"
#include "fpx/summation/summation.hpp"

namespace {

const std::string nist_directory = FPX_TEST_DATA_DIR "/../../data/nist";

fpx::Matrix column_of(const fpx::Format& format, const std::vector<const char*>& values) {
  fpx::Matrix m(values.size(), 1, format);
  for (std::size_t i = 0; i < values.size(); ++i)
    m[i] = fpx::parse_number(format, values[i], fpx::Rounding::NearestEven).bits;
  return m;
}

fpx::Matrix random_matrix(std::size_t rows, std::size_t cols, std::uint64_t seed) {
  fpx::StochasticSource random(seed);
  fpx::Matrix m(rows, cols, fpx::binary32);
  for (std::size_t i = 0; i < m.size(); ++i) {
    const long k = long(random.next_bits() % 2001) - 1000;
    m[i] = fpx::round_rational(fpx::binary32, k < 0, fpx::BigInteger(k < 0 ? -k : k),
                               fpx::BigInteger(1000), 0, fpx::Rounding::NearestEven)
               .bits;
  }
  return m;
}

}  // namespace

TEST_CASE("linear algebra counted FLOPs equal the lecture formulas") {
  struct Case {
    std::size_t N, d, S;
  };
  for (const Case c : {Case{10, 3, 1}, Case{37, 5, 4}, Case{100, 8, 10}, Case{64, 1, 7}}) {
    CAPTURE(c.N);
    CAPTURE(c.d);
    CAPTURE(c.S);
    const std::vector<fpx::CostRow> rows = fpx::cost_table(c.N, c.d, c.S);
    const std::uint64_t N = c.N, d = c.d, S = c.S;
    auto find = [&](const std::string& step) -> const fpx::CostRow& {
      for (const fpx::CostRow& row : rows)
        if (row.step == step) return row;
      FAIL("no row " << step);
      return rows.front();
    };
    // The lecture's formulas, written out here.
    CHECK(find("inference").counted_flops == 2 * d);
    CHECK(find("xtx").counted_flops == 2 * d * d * N);
    CHECK(find("xty").counted_flops == 2 * d * N);
    CHECK(find("cb").counted_flops == 2 * d * d);
    CHECK(find("gd1_initial").counted_flops == 2 * d * d * N + 2 * d * N);
    CHECK(find("gd1_step").counted_flops == 2 * d * d + d);
    CHECK(find("gd2_initial").counted_flops == 2 * d * N);
    CHECK(find("gd2_step").counted_flops == 4 * d * N + d);
    CHECK(find("perceptron_step").counted_flops == 2 * d);
    // What the formulas leave out, exactly.
    CHECK(find("gd1_update").counted_flops == 2 * d);
    CHECK(find("gd1_total").counted_flops == 2 * d * d * N + 2 * d * N + S * (2 * d * d + 3 * d));
    CHECK(find("gd2_total").counted_flops == 2 * d * N + S * (4 * d * N + 3 * d));
    CHECK(find("wrong_order_cxt").counted_flops == 2 * d * d * N);
    // Every row with a formula value agrees with its count.
    for (const fpx::CostRow& row : rows) {
      CAPTURE(row.step);
      if (row.formula_flops) CHECK(*row.formula_flops == row.counted_flops);
    }
    // Memory: X^T X loads dN and makes d^2.
    CHECK(find("xtx").input_bytes == 4 * d * N);
    CHECK(find("xtx").new_bytes == 4 * d * d);
  }
}

TEST_CASE("linear algebra first addition into a zero accumulator counts") {
  const fpx::Matrix X = random_matrix(13, 4, 7);
  {
    fpx::Arithmetic a(fpx::binary32);
    fpx::gram(a, X);
    CHECK(a.count.adds == 4 * 4 * 13);
    CHECK(a.count.muls == 4 * 4 * 13);
    CHECK(a.count.flops() == 2 * 4 * 4 * 13);
  }
  {
    fpx::Arithmetic a(fpx::binary32);
    fpx::gram(a, X, true);
    CHECK(a.count.flops() == 4 * 5 * 13);  // d(d+1)N
  }
  {
    fpx::Arithmetic a(fpx::binary32, fpx::Rounding::NearestEven,
                      fpx::Strategy{fpx::StrategyKind::Fma, 0});
    fpx::gram(a, X);
    CHECK(a.count.fmas == 4 * 4 * 13);
    CHECK(a.count.adds == 0);
    CHECK(a.count.flops() == 2 * 4 * 4 * 13);
  }
  {
    fpx::Arithmetic a(fpx::binary32, fpx::Rounding::NearestEven,
                      fpx::Strategy{fpx::StrategyKind::Pairwise, 0});
    fpx::gram(a, X);
    CHECK(a.count.flops() == 2 * 4 * 4 * 13);  // tree orders counted by the same convention
  }
}

TEST_CASE("linear algebra serial and fma dots match the summation strategies") {
  // The whitepaper example of the lecture (docs/lecture_facts.md).
  const fpx::Matrix a =
      column_of(fpx::binary32, {"1.907607", "-0.7862027", "1.147311", "0.9604002"});
  const fpx::Matrix b =
      column_of(fpx::binary32, {"-0.9355000", "-0.6915108", "1.724470", "-0.7097529"});
  fpx::Arithmetic serial(fpx::binary32);
  CHECK(fpx::dot(serial, a, b) == 0x3D6533F0);
  fpx::Arithmetic fused(fpx::binary32, fpx::Rounding::NearestEven,
                        fpx::Strategy{fpx::StrategyKind::Fma, 0});
  CHECK(fpx::dot(fused, a, b) == 0x3D6533F6);
  // Random data, every deterministic mode: bit for bit with fpx::dot.
  const fpx::Matrix x = random_matrix(50, 1, 11), y = random_matrix(50, 1, 12);
  for (fpx::Rounding mode : fpx::all_deterministic_roundings) {
    CAPTURE(fpx::short_name(mode));
    for (fpx::StrategyKind kind :
         {fpx::StrategyKind::Serial, fpx::StrategyKind::Fma, fpx::StrategyKind::Pairwise}) {
      fpx::Arithmetic arithmetic(fpx::binary32, mode, fpx::Strategy{kind, 0});
      fpx::SummationOptions options;
      options.input_format = &fpx::binary32;
      options.rounding = mode;
      const fpx::Rounded expected =
          fpx::dot(fpx::Strategy{kind, 0}, std::span<const std::uint64_t>(x.values()),
                   std::span<const std::uint64_t>(y.values()), options);
      CHECK(fpx::dot(arithmetic, x, y) == expected.bits);
    }
  }
}

TEST_CASE("linear algebra memory account") {
  const fpx::Matrix X = random_matrix(20, 3, 3);
  const fpx::Matrix y = random_matrix(20, 1, 4);
  fpx::Arithmetic a(fpx::binary32);
  {
    fpx::Matrix A = fpx::gram(a, X);
    CHECK(a.memory.input_bytes == 20 * 3 * 4);
    CHECK(a.memory.new_bytes == 3 * 3 * 4);
    fpx::Matrix b = fpx::transpose_times(a, X, y);
    CHECK(a.memory.input_bytes == 20 * 3 * 4 + (20 * 3 + 20) * 4);
    CHECK(a.memory.current_extra_bytes == (9 + 3) * 4);
  }
  CHECK(a.memory.current_extra_bytes == 0);
  CHECK(a.memory.peak_extra_bytes == (9 + 3) * 4);
  CHECK(fpx::element_bytes(fpx::bfloat16) == 2);
  CHECK(fpx::element_bytes(fpx::e4m3) == 1);
  CHECK(fpx::element_bytes(fpx::binary64) == 8);
}

TEST_CASE("linear algebra exact reference reproduces the NIST certified values") {
  for (const std::string& name : fpx::nist_dataset_names()) {
    CAPTURE(name);
    const fpx::NistDataset dataset = fpx::load_nist_dataset(nist_directory, name);
    const fpx::ExactSolution solution = fpx::exact_least_squares(dataset.problem);
    REQUIRE(solution.full_rank);
    REQUIRE(solution.w.size() == dataset.certified.size());
    for (std::size_t j = 0; j < solution.w.size(); ++j) {
      CAPTURE(j);
      CAPTURE(dataset.certified[j]);
      CAPTURE(fpx::decimal_string(solution.w[j], 17));
      const fpx::Rational certified = fpx::parse_rational(dataset.certified[j]);
      CHECK(fpx::log_relative_error(solution.w[j], certified, 15) >= 14.0);
    }
  }
}

TEST_CASE("linear algebra binary32 rounded-data references of the NIST data sets") {
  // The minimum LRE against the certified values of the exact least-squares
  // solution of the problem rounded into binary32, rounded once.
  const std::vector<std::pair<std::string, double>> expected = {
      {"Norris", 5.0},    {"Pontius", 5.9},   {"NoInt1", 8.5},    {"NoInt2", 7.5},
      {"Filip", 0.0},     {"Longley", 4.9},   {"Wampler1", 15.0}, {"Wampler2", 4.8},
      {"Wampler3", 15.0}, {"Wampler4", 15.0}, {"Wampler5", 0.9}};
  for (const auto& [name, ceiling] : expected) {
    CAPTURE(name);
    const fpx::NistDataset dataset = fpx::load_nist_dataset(nist_directory, name);
    const fpx::RoundedProblem rounded = fpx::round_problem(dataset.problem, fpx::binary32);
    const fpx::ExactSolution solution = fpx::exact_least_squares(rounded.exact);
    REQUIRE(solution.full_rank);
    double least = 15;
    for (std::size_t j = 0; j < solution.w.size(); ++j) {
      const fpx::Rational once =
          fpx::to_rational(fpx::binary32, fpx::round_to_format(fpx::binary32, solution.w[j]));
      least = std::min(
          least, fpx::log_relative_error(once, fpx::parse_rational(dataset.certified[j]), 15));
    }
    CHECK(std::abs(least - ceiling) < 0.05);
  }
}

TEST_CASE("linear algebra exact rank and log relative error") {
  fpx::ExactProblem problem;
  problem.rows = 4;
  problem.cols = 3;
  for (int i = 1; i <= 4; ++i) {
    problem.X.push_back(1);
    problem.X.push_back(i);
    problem.X.push_back(2 * i);  // twice the second column
    problem.y.push_back(i * i);
  }
  const fpx::ExactSolution solution = fpx::exact_least_squares(problem);
  CHECK(solution.rank == 2);
  CHECK_FALSE(solution.full_rank);
  CHECK(solution.w.empty());
  // LRE: equal values give the cap; 1 vs 1.001 about 3; far off clamps at 0.
  CHECK(fpx::log_relative_error(fpx::Rational(1), fpx::Rational(1), 15) == 15);
  CHECK(fpx::log_relative_error(fpx::parse_rational("1.001"), fpx::Rational(1), 15) ==
        doctest::Approx(3.0));
  CHECK(fpx::log_relative_error(fpx::Rational(5), fpx::Rational(-1), 15) == 0);
  CHECK(fpx::format_digits(fpx::binary32) == doctest::Approx(7.2247));
}

TEST_CASE("linear algebra data table errors name the line") {
  CHECK_THROWS_WITH_AS(fpx::read_data_table(FPX_TEST_DATA_DIR "/../../data/no-such-file.csv"),
                       doctest::Contains("cannot open"), fpx::DataFileError);
  const fpx::DataTable iris =
      fpx::read_data_table(FPX_TEST_DATA_DIR "/../../data/iris.csv", {"species"});
  CHECK(iris.rows.size() == 150);
  CHECK(iris.column("species") == 4);
  CHECK_THROWS_AS(iris.column("colour"), fpx::DataFileError);
  // The species column as numbers: an error naming file, line and column.
  CHECK_THROWS_WITH_AS(fpx::read_data_table(FPX_TEST_DATA_DIR "/../../data/iris.csv"),
                       doctest::Contains("iris.csv:2: column 'species'"), fpx::DataFileError);
}
