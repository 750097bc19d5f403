// The experiments layer: each experiment's table, for a small configuration,
// against values computed here another way (exact rational sums, the core's
// operations one by one, the summation strategies on whole vectors, the
// tensor-core model called directly) and against facts derived by hand (a
// bfloat16 serial sum of ones stalls at 256, binary16 at 2048, binary32 at
// 2^24); the CSV, the quantiles and the gnuplot script; the settings checks.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/experiments/experiment.hpp"
#include "fpx/experiments/figure.hpp"
#include "fpx/experiments/generate_dot.hpp"
#include "fpx/experiments/gradient_descent.hpp"
#include "fpx/experiments/random_data.hpp"
#include "fpx/experiments/statistics.hpp"
#include "fpx/experiments/tidy_table.hpp"
#include "fpx/linear_models/log_relative_error.hpp"
#include "fpx/linear_models/nist.hpp"
#include "fpx/linear_models/regression.hpp"
#include "fpx/summation/comparison.hpp"
#include "fpx/summation/summation.hpp"
#include "fpx/tensor_core/model.hpp"
#include "operand_generator.hpp"

namespace {

using fpx::Rational;

fpx::ExperimentResult run(const std::string& name, std::size_t size, int trials, std::uint64_t seed,
                          const std::string& formats = "",
                          const std::vector<fpx::Strategy>& strategies = {}) {
  fpx::ExperimentSettings settings;
  settings.size = size;
  settings.trials = trials;
  settings.seed = seed;
  if (!formats.empty()) settings.formats = fpx::parse_arithmetic_list(formats);
  settings.strategies = strategies;
  return fpx::run_experiment(*fpx::find_experiment(name), settings);
}

// The rows whose cells equal the given values, as maps from column to cell.
using Row = std::map<std::string, std::string>;
std::vector<Row> rows_where(const fpx::TidyTable& table,
                            const std::vector<std::pair<std::string, std::string>>& where) {
  std::vector<Row> out;
  for (const auto& cells : table.rows()) {
    bool match = true;
    for (const auto& [column, value] : where) match = match && cells[table.column(column)] == value;
    if (!match) continue;
    Row row;
    for (std::size_t j = 0; j < cells.size(); ++j) row[table.columns()[j]] = cells[j];
    out.push_back(row);
  }
  return out;
}

Rational absolute(const Rational& value) { return value < 0 ? Rational(-value) : value; }

// |computed - exact| / |exact| as the table writes it.
std::string relative_error_cell(const fpx::Format& format, std::uint64_t bits,
                                const Rational& exact) {
  return fpx::number_cell(
      std::fabs(fpx::to_double((fpx::to_rational(format, bits) - exact) / absolute(exact))));
}

Rational exact_sum(const fpx::Format& format, std::span<const std::uint64_t> terms) {
  Rational total = 0;
  for (std::uint64_t term : terms) total += fpx::to_rational(format, term);
  return total;
}

bool has_line(const std::vector<std::string>& lines, const std::string& part) {
  for (const std::string& line : lines)
    if (line.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("experiments: CSV cells, quantiles and the catalog") {
  fpx::TidyTable table({"name", "value"});
  table.add_row({"uniform[0..1)", fpx::number_cell(0.1)});
  table.add_row({"a,b \"c\"", fpx::number_cell(std::nan(""))});
  CHECK(fpx::csv_text(table) == "name,value\nuniform[0..1),0.1\n\"a,b \"\"c\"\"\",\n");
  CHECK_THROWS_AS(table.add_row({"one"}), std::invalid_argument);
  CHECK(fpx::number_cell(16777216.0) == "16777216");
  CHECK(fpx::number_cell(std::ldexp(1.0, -24)) == "5.960464477539063e-08");
  // Hyndman and Fan's definition 7 (numpy's default), NaN left out.
  CHECK(fpx::quantile({3, 1, 2, std::nan(""), 4}, 0.5) == 2.5);
  // Positions q (m - 1) = 0.5 and 9.5 in 11 values (0.05 * 10 and 0.95 * 10
  // round to exactly that).
  CHECK(fpx::quantile({11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.05) == 1.5);
  CHECK(fpx::quantile({11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.95) == 10.5);
  CHECK(std::isnan(fpx::quantile({}, 0.5)));
  const fpx::Spread one = fpx::spread({0.25});
  CHECK((one.median == 0.25 && one.low == 0.25 && one.high == 0.25));

  std::vector<std::string> names;
  for (const auto& e : fpx::experiment_catalog()) {
    names.push_back(std::string(e.name));
    CHECK(e.smallest_size <= e.default_size);
    CHECK(e.default_size <= e.largest_size);
  }
  CHECK(names == std::vector<std::string>{"error-vs-n", "stagnation", "stochastic-rounding",
                                          "dot-conditioning", "gd-convergence", "tensor-cores",
                                          "nist"});
  CHECK(fpx::find_experiment("nope") == nullptr);
}

TEST_CASE("experiments: the settings are checked") {
  const auto& e = *fpx::find_experiment("error-vs-n");
  auto message = [&](fpx::ExperimentSettings settings) {
    try {
      fpx::run_experiment(e, settings);
    } catch (const std::invalid_argument& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  fpx::ExperimentSettings small;
  small.size = 99;
  CHECK(message(small) == "error-vs-n: --size (the largest n) must be 100 .. 100000000");
  small.size = 100;
  small.trials = 1001;
  CHECK(message(small) == "error-vs-n: --trials must be 1 .. 1000 (random data sets)");
  CHECK_THROWS_WITH_AS(fpx::parse_arithmetic_list("binary32,nope"), "unknown format 'nope'",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(fpx::parse_arithmetic_list("bfloat16:up"),
                       "unknown rounding mode 'up' (expected rne rna rtz rup rdn rto sr)",
                       std::invalid_argument);
  CHECK(fpx::parse_arithmetic_list("bf16:sr")[0].name() == "bfloat16:sr");
  fpx::ExperimentSettings nist;
  nist.trials = 2;
  CHECK_THROWS_WITH_AS(fpx::run_experiment(*fpx::find_experiment("nist"), nist),
                       "nist: --trials must be 1: the experiment is deterministic",
                       std::invalid_argument);
  fpx::ExperimentSettings strategies;
  strategies.size = 4096;
  strategies.strategies = {fpx::Strategy(fpx::StrategyKind::Kahan)};
  CHECK_THROWS_WITH_AS(fpx::run_experiment(*fpx::find_experiment("stagnation"), strategies),
                       "stagnation takes no --strategy", std::invalid_argument);
  fpx::ExperimentSettings tensor;
  tensor.size = 64;
  tensor.formats = fpx::parse_arithmetic_list("binary32");
  CHECK_THROWS_AS(fpx::run_experiment(*fpx::find_experiment("tensor-cores"), tensor),
                  std::invalid_argument);
}

TEST_CASE("experiments: the gnuplot script selects each series' rows") {
  fpx::Figure figure;
  figure.title = "t";
  fpx::FigurePanel panel;
  panel.title = "p";
  panel.log_y = true;
  panel.y_min = 1e-3;
  fpx::FigureSeries series;
  series.title = "serial";
  series.rows = {{"format", "binary32"}, {"series", "serial"}};
  series.x = "n";
  series.y = "e";
  series.band_low = "lo";
  series.band_high = "hi";
  panel.series.push_back(series);
  figure.panels.push_back(panel);
  const std::string script = fpx::gnuplot_script(figure, "a.csv", "a.svg", "made by a test");
  CHECK(script.find("# made by a test\n") == 0);
  CHECK(script.find("set output \"a.svg\"") != std::string::npos);
  CHECK(script.find("plot \"a.csv\" using (strcol(\"format\") eq \"binary32\" && "
                    "strcol(\"series\") eq \"serial\" ? column(\"n\") : NaN):(column(\"lo\") > "
                    "0.001 ? column(\"lo\") : 0.001)") != std::string::npos);
  CHECK(script.find("title \"serial\" noenhanced") != std::string::npos);
  fpx::TidyTable table({"format", "series", "n", "e", "lo", "hi"});
  table.add_row({"binary32", "serial", "10", "0.5", "", ""});
  table.add_row({"binary32", "serial", "20", "0", "", ""});  // 0 has no place on a log axis
  table.add_row({"binary32", "other", "20", "0.5", "", ""});
  CHECK(fpx::plotted_points(table, figure.panels[0], series) == 1);
  figure.panels[0].series[0].rows[0].value = "a,b";  // gnuplot splits at every comma
  CHECK_THROWS_AS(fpx::gnuplot_script(figure, "a.csv", "a.svg", ""), std::invalid_argument);
}

TEST_CASE(
    "error-vs-n: each point is its strategy's sum of the first n terms against their exact sum") {
  const std::uint64_t seed = fpx::testing::test_seed();
  CAPTURE(seed);
  const auto strategies = fpx::parse_strategy_list("serial,pairwise,kahan,stochastic,exact", false);
  const fpx::ExperimentResult result = run("error-vs-n", 200, 1, seed, "", strategies);
  std::size_t checked = 0;
  for (const fpx::Format* format : {&fpx::binary32, &fpx::bfloat16}) {
    const double u = std::ldexp(1.0, -format->precision);
    for (auto distribution :
         {fpx::TermDistribution::UniformZeroOne, fpx::TermDistribution::UniformMinusOneOne}) {
      const std::string data(fpx::distribution_name(distribution));
      const std::string label = std::string(format->name) + " " + data;
      const auto terms = fpx::random_terms(*format, distribution, 200,
                                           fpx::derive_seed(seed, "error-vs-n " + label));
      fpx::SummationOptions options;
      options.input_format = format;
      options.seed = fpx::derive_seed(seed, "error-vs-n stochastic " + label);
      for (std::size_t n : {10, 20, 50, 100, 200}) {
        CAPTURE(label);
        CAPTURE(n);
        const std::span<const std::uint64_t> prefix(terms.data(), n);
        const Rational exact = exact_sum(*format, prefix);
        for (const fpx::Strategy& strategy : strategies) {
          const auto rows = rows_where(result.table, {{"format", std::string(format->name)},
                                                      {"data", data},
                                                      {"series", strategy.name()},
                                                      {"n", std::to_string(n)}});
          REQUIRE(rows.size() == 1);
          const std::string expected =
              relative_error_cell(*format, fpx::sum(strategy, prefix, options).bits, exact);
          CHECK(rows[0].at("relative_error") == expected);
          CHECK(rows[0].at("relative_error_p05") == expected);  // one trial
          CHECK(rows[0].at("relative_error_p95") == expected);
          ++checked;
        }
        // The theory lines, times the condition number sum |x_i| / |sum x_i|.
        Rational magnitudes = 0;
        for (std::uint64_t term : prefix) magnitudes += absolute(fpx::to_rational(*format, term));
        const double condition = fpx::to_double(magnitudes / absolute(exact));
        const double m = double(n);
        const auto bound = rows_where(result.table, {{"format", std::string(format->name)},
                                                     {"data", data},
                                                     {"series", "bound (n-1)u/(1-(n-1)u)"},
                                                     {"n", std::to_string(n)}});
        REQUIRE(bound.size() == 1);
        CHECK(bound[0].at("relative_error") ==
              fpx::number_cell((m - 1) * u < 1 ? (m - 1) * u / (1 - (m - 1) * u) * condition
                                               : std::nan("")));
        CHECK(bound[0].at("condition_number") == fpx::number_cell(condition));
        const auto probabilistic = rows_where(result.table, {{"format", std::string(format->name)},
                                                             {"data", data},
                                                             {"series", "sqrt(n) u"},
                                                             {"n", std::to_string(n)}});
        REQUIRE(probabilistic.size() == 1);
        CHECK(probabilistic[0].at("relative_error") ==
              fpx::number_cell(std::sqrt(m) * u * condition));
      }
    }
  }
  CHECK(checked == 2 * 2 * 5 * 5);
  CHECK(result.table.rows().size() == 2 * 2 * 7 * 5);
  CHECK(result.figure.panels.size() == 4);
}

TEST_CASE(
    "stagnation: bfloat16 ones stall at 256, binary16 at 2048; the rest as the strategies sum") {
  const std::uint64_t seed = fpx::testing::test_seed();
  CAPTURE(seed);
  const fpx::ExperimentResult result = run("stagnation", 4096, 1, seed);
  const std::map<std::string, std::size_t> stall = {
      {"binary32", 4096}, {"bfloat16", 256}, {"binary16", 2048}};
  const std::map<std::string, std::size_t> last = {
      {"binary32", 4096}, {"bfloat16", 1024}, {"binary16", 4096}};  // min(size, 2^(p+2))
  for (const fpx::Format* format : {&fpx::binary32, &fpx::bfloat16, &fpx::binary16}) {
    const std::string name(format->name);
    for (const std::string term_text : {"1", "0.1"}) {
      CAPTURE(name);
      CAPTURE(term_text);
      const std::uint64_t term =
          fpx::parse_number(*format, term_text, fpx::Rounding::NearestEven).bits;
      fpx::SummationOptions options;
      options.input_format = format;
      fpx::SummationOptions stochastic = options;
      stochastic.seed = fpx::derive_seed(seed, "stagnation " + name + " " + term_text);
      const auto serial =
          rows_where(result.table, {{"format", name}, {"term", term_text}, {"series", "serial"}});
      REQUIRE(!serial.empty());
      CHECK(serial.back().at("index") == std::to_string(last.at(name)));
      for (const std::string series : {"serial", "kahan", "pairwise", "stochastic"}) {
        for (const Row& row : rows_where(
                 result.table, {{"format", name}, {"term", term_text}, {"series", series}})) {
          const std::size_t n = std::stoul(row.at("index"));
          const std::vector<std::uint64_t> copies(n, term);
          const fpx::Strategy strategy = *fpx::parse_strategy(series);
          const std::uint64_t bits =
              fpx::sum(strategy, copies, series == "stochastic" ? stochastic : options).bits;
          const double value = fpx::to_double(fpx::to_rational(*format, bits));
          CHECK(row.at("running_sum") == fpx::number_cell(value));
          const double exact = fpx::to_double(Rational(n) * fpx::to_rational(*format, term));
          CHECK(row.at("ratio_to_exact") == fpx::number_cell(value / exact));
          if (term_text == "1" && series == "serial")
            CHECK(row.at("running_sum") == std::to_string(std::min(n, stall.at(name))));
          if (term_text == "1" && series == "pairwise" && (n & (n - 1)) == 0)
            CHECK(row.at("running_sum") == std::to_string(n));  // halves of 2^k ones are exact
        }
      }
      for (const Row& row : rows_where(
               result.table,
               {{"format", name}, {"term", term_text}, {"series", "exact n x " + term_text}}))
        CHECK(row.at("running_sum") ==
              fpx::number_cell(fpx::to_double(Rational(std::stoul(row.at("index"))) *
                                              fpx::to_rational(*format, term))));
    }
  }
  CHECK(has_line(result.summary,
                 "bfloat16, terms 1: serial stalls at 256 (no change from term 257 on)"));
  CHECK(has_line(result.summary,
                 "binary16, terms 1: serial stalls at 2048 (no change from term 2049 on)"));
  CHECK(has_line(result.summary, "binary32, terms 1: serial does not stall"));
}

TEST_CASE("stagnation: the binary32 serial sum of ones stalls at exactly 2^24") {
  const fpx::ExperimentResult result =
      run("stagnation", (std::size_t(1) << 24) + 16, 1, 1, "binary32");
  const auto serial = rows_where(result.table, {{"term", "1"}, {"series", "serial"}});
  REQUIRE(serial.size() > 100);
  for (const Row& row : serial)
    CHECK(row.at("running_sum") ==
          std::to_string(std::min<std::size_t>(std::stoul(row.at("index")), 1 << 24)));
  CHECK(serial.back().at("running_sum") == "16777216");
  CHECK(has_line(result.summary,
                 "binary32, terms 1: serial stalls at 16777216 (no change from term 16777217 on)"));
}

TEST_CASE("stochastic-rounding: the samples, the histogram and the marks") {
  const std::uint64_t seed = fpx::testing::test_seed();
  CAPTURE(seed);
  const int seeds = 40;
  const fpx::ExperimentResult result =
      run("stochastic-rounding", 300, seeds, seed, "bfloat16,binary16");
  for (const fpx::Format* format : {&fpx::bfloat16, &fpx::binary16}) {
    const std::string name(format->name);
    CAPTURE(name);
    const auto terms = fpx::random_terms(*format, fpx::TermDistribution::UniformZeroOne, 300,
                                         fpx::derive_seed(seed, "stochastic-rounding " + name));
    fpx::SummationOptions options;
    options.input_format = format;
    const auto samples = rows_where(result.table, {{"format", name}, {"series", "sample"}});
    REQUIRE(samples.size() == std::size_t(seeds));
    std::vector<double> values;
    Rational total = 0;
    for (int k = 0; k < seeds; ++k) {
      fpx::SummationOptions seeded = options;
      seeded.seed = fpx::derive_seed(seed, "stochastic-rounding sr " + name, std::uint64_t(k));
      const std::uint64_t bits =
          fpx::sum(fpx::Strategy(fpx::StrategyKind::Stochastic), terms, seeded).bits;
      total += fpx::to_rational(*format, bits);
      values.push_back(fpx::to_double(fpx::to_rational(*format, bits)));
      CHECK(samples[std::size_t(k)].at("trial") == std::to_string(k));
      CHECK(samples[std::size_t(k)].at("value") == fpx::number_cell(values.back()));
    }
    // Each sample in exactly one bar [centre - width/2, centre + width/2); the
    // counts add up to the seeds.
    const auto bars =
        rows_where(result.table, {{"format", name}, {"series", "stochastic rounding (40 seeds)"}});
    REQUIRE(!bars.empty());
    double counted = 0;
    for (const Row& bar : bars) {
      const double centre = std::stod(bar.at("value")), width = std::stod(bar.at("width"));
      std::size_t inside = 0;
      for (double v : values) inside += v >= centre - width / 2 && v < centre + width / 2;
      CHECK(bar.at("count") == fpx::number_cell(double(inside)));
      counted += std::stod(bar.at("count"));
    }
    CHECK(counted == seeds);
    const auto exact = rows_where(result.table, {{"format", name}, {"series", "exact sum"}});
    REQUIRE(exact.size() == 1);
    CHECK(exact[0].at("value") == fpx::number_cell(fpx::to_double(exact_sum(*format, terms))));
    const auto nearest =
        rows_where(result.table, {{"format", name}, {"series", "round to nearest (serial)"}});
    REQUIRE(nearest.size() == 1);
    std::uint64_t s = 0;  // the serial sum, one core addition at a time
    for (std::uint64_t term : terms)
      s = fpx::add(*format, s, term, fpx::Rounding::NearestEven).bits;
    CHECK(nearest[0].at("value") == fpx::number_cell(fpx::to_double(fpx::to_rational(*format, s))));
    const auto mean =
        rows_where(result.table, {{"format", name}, {"series", "mean of the stochastic sums"}});
    REQUIRE(mean.size() == 1);
    CHECK(mean[0].at("value") == fpx::number_cell(fpx::to_double(total / seeds)));
  }
}

TEST_CASE("dot-conditioning: GenDot's vectors and each strategy's error on them") {
  const std::uint64_t seed = fpx::testing::test_seed();
  CAPTURE(seed);
  const fpx::ExperimentResult result = run("dot-conditioning", 12, 1, seed);
  const auto strategies =
      fpx::parse_strategy_list("serial,fma,pairwise,kahan,neumaier,dot2,exact", true);
  const double u = std::ldexp(1.0, -53);
  std::vector<double> log_ratios;
  for (int c = 0; c <= 40; ++c) {
    CAPTURE(c);
    const fpx::GeneratedDot data =
        fpx::generate_dot(fpx::binary64, 12, std::pow(10.0, c),
                          fpx::derive_seed(seed, "dot-conditioning binary64", std::uint64_t(c)));
    REQUIRE(data.x.size() == 12);
    // The exact value and the condition number, from rationals.
    Rational dot = 0, magnitudes = 0;
    for (std::size_t i = 0; i < 12; ++i) {
      const Rational product =
          fpx::to_rational(fpx::binary64, data.x[i]) * fpx::to_rational(fpx::binary64, data.y[i]);
      dot += product;
      magnitudes += absolute(product);
    }
    CHECK(data.exact == dot);
    REQUIRE(dot != 0);
    CHECK(data.condition == 2 * magnitudes / absolute(dot));
    const double condition = fpx::to_double(data.condition);
    log_ratios.push_back(std::log10(condition) - c);
    fpx::SummationOptions options;
    options.input_format = &fpx::binary64;
    for (const fpx::Strategy& strategy : strategies) {
      const auto rows = rows_where(result.table, {{"series", strategy.name(true)},
                                                  {"target_condition", "1e" + std::to_string(c)}});
      REQUIRE(rows.size() == 1);
      CHECK(rows[0].at("condition") == fpx::number_cell(condition));
      CHECK(rows[0].at("relative_error") ==
            relative_error_cell(fpx::binary64, fpx::dot(strategy, data.x, data.y, options).bits,
                                dot));
    }
    const auto bound = rows_where(
        result.table, {{"series", "u + u^2 cond"}, {"target_condition", "1e" + std::to_string(c)}});
    REQUIRE(bound.size() == 1);
    CHECK(bound[0].at("relative_error") == fpx::number_cell(u + u * u * condition));
  }
  // GenDot approaches the condition asked for: a median within 10^-1 .. 10^3 of it.
  const double median = fpx::quantile(log_ratios, 0.5);
  CHECK(median > -1);
  CHECK(median < 3);
  // Up to 10^40 in binary32's range too.
  const fpx::GeneratedDot single = fpx::generate_dot(fpx::binary32, 100, 1e40, 5);
  CHECK(fpx::to_double(single.condition) > 1e38);
  CHECK_THROWS_AS(fpx::generate_dot(fpx::binary16, 100, 1e40, 5), std::invalid_argument);
}

TEST_CASE("gd-convergence: exact gradient descent and binary32 gradient descent step by step") {
  const std::uint64_t seed = fpx::testing::test_seed();
  CAPTURE(seed);
  const int steps = 12;
  const fpx::ExperimentResult result =
      run("gd-convergence", steps, 1, seed, "binary32,bfloat16:sr");
  const fpx::GradientDescentProblem p =
      fpx::gradient_descent_problem(32, fpx::derive_seed(seed, "gd-convergence"));
  const fpx::ExactProblem& problem = p.problem;
  for (const Rational& v : problem.X)
    CHECK(fpx::to_rational(fpx::e4m3, fpx::round_to_format(fpx::e4m3, v)) == v);
  const Rational least = p.solution.residual_sum_of_squares;
  REQUIRE(least > 0);
  auto excess = [&](const std::vector<Rational>& w) {
    return fpx::number_cell(
        fpx::to_double((fpx::residual_sum_of_squares(problem, w) - least) / least));
  };
  auto rows = [&](const std::string& option, const std::string& series) {
    return rows_where(result.table, {{"option", option}, {"series", series}, {"kind", "iterate"}});
  };
  // Exact arithmetic, with rationals: w <- w - step (A w - b).
  Rational A[2][2] = {{0, 0}, {0, 0}}, b[2] = {0, 0};
  for (std::size_t i = 0; i < problem.rows; ++i)
    for (int j = 0; j < 2; ++j) {
      b[j] += problem.at(i, j) * problem.y[i];
      for (int l = 0; l < 2; ++l) A[j][l] += problem.at(i, j) * problem.at(i, l);
    }
  std::vector<Rational> w = {0, 0};
  for (const std::string option : {"option 1", "option 2"}) {
    const auto exact_rows = rows(option, "exact");
    REQUIRE(exact_rows.size() == steps + 1);
    std::vector<Rational> v = w;
    for (int k = 0; k <= steps; ++k) {
      CHECK(exact_rows[std::size_t(k)].at("excess_loss") == excess(v));
      const Rational g0 = A[0][0] * v[0] + A[0][1] * v[1] - b[0];
      const Rational g1 = A[1][0] * v[0] + A[1][1] * v[1] - b[1];
      v = {v[0] - p.step * g0, v[1] - p.step * g1};
    }
  }
  // binary32, one core operation at a time: serial dot products from +0,
  // w_i = rn(w_i - rn(step g_i)).
  using fpx::binary32;
  const auto rne = fpx::Rounding::NearestEven;
  auto bits = [](const Rational& value) { return fpx::round_to_format(binary32, value); };
  auto serial_dot = [&](const std::vector<std::uint64_t>& x, const std::vector<std::uint64_t>& y) {
    std::uint64_t t = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
      t = fpx::add(binary32, t, fpx::multiply(binary32, x[i], y[i], rne).bits, rne).bits;
    return t;
  };
  std::vector<std::uint64_t> column[2], y;
  for (std::size_t i = 0; i < problem.rows; ++i) {
    for (int j = 0; j < 2; ++j) column[j].push_back(bits(problem.at(i, j)));
    y.push_back(bits(problem.y[i]));
  }
  const std::uint64_t step = bits(p.step);
  for (const std::string option : {"option 1", "option 2"}) {
    CAPTURE(option);
    const auto binary32_rows = rows(option, "binary32");
    REQUIRE(binary32_rows.size() == steps + 1);
    std::vector<std::uint64_t> Ab[2] = {
        {serial_dot(column[0], column[0]), serial_dot(column[0], column[1])},
        {serial_dot(column[1], column[0]), serial_dot(column[1], column[1])}};
    const std::uint64_t b32[2] = {serial_dot(column[0], y), serial_dot(column[1], y)};
    std::vector<std::uint64_t> v = {0, 0};
    for (int k = 0; k <= steps; ++k) {
      CAPTURE(k);
      CHECK(binary32_rows[std::size_t(k)].at("excess_loss") ==
            excess({fpx::to_rational(binary32, v[0]), fpx::to_rational(binary32, v[1])}));
      std::uint64_t g[2];
      if (option == "option 1") {
        for (int j = 0; j < 2; ++j) g[j] = serial_dot(Ab[j], v);
      } else {
        std::vector<std::uint64_t> Xw;
        for (std::size_t i = 0; i < problem.rows; ++i)
          Xw.push_back(serial_dot({column[0][i], column[1][i]}, v));
        for (int j = 0; j < 2; ++j) g[j] = serial_dot(column[j], Xw);
      }
      for (int j = 0; j < 2; ++j) {
        g[j] = fpx::subtract(binary32, g[j], b32[j], rne).bits;
        v[std::size_t(j)] = fpx::subtract(binary32, v[std::size_t(j)],
                                          fpx::multiply(binary32, step, g[j], rne).bits, rne)
                                .bits;
      }
    }
    // Stochastic rounding: from w = 0 and never "stalled".
    const auto stochastic_rows = rows(option, "bfloat16:sr");
    REQUIRE(stochastic_rows.size() == steps + 1);
    CHECK(stochastic_rows[0].at("excess_loss") == excess({0, 0}));
    CHECK(
        rows_where(result.table, {{"option", option}, {"series", "bfloat16:sr"}, {"kind", "stall"}})
            .empty());
  }
}

TEST_CASE("tensor-cores: the H100 model and a binary32 FMA chain against the exact dot product") {
  const std::uint64_t seed = fpx::testing::test_seed();
  CAPTURE(seed);
  const fpx::ExperimentResult result = run("tensor-cores", 128, 1, seed);
  for (const fpx::Format* format : {&fpx::bfloat16, &fpx::binary16, &fpx::tf32, &fpx::e4m3}) {
    const std::string name(format->name);
    CAPTURE(name);
    const auto a = fpx::random_terms(*format, fpx::TermDistribution::UniformZeroOne, 128,
                                     fpx::derive_seed(seed, "tensor-cores a " + name));
    const auto b = fpx::random_terms(*format, fpx::TermDistribution::UniformZeroOne, 128,
                                     fpx::derive_seed(seed, "tensor-cores b " + name));
    for (std::size_t k : {16, 32, 64, 128}) {
      CAPTURE(k);
      Rational exact = 0;
      std::uint64_t chain = 0;  // t = fma(a_i, b_i, t) in binary32
      for (std::size_t i = 0; i < k; ++i) {
        exact += fpx::to_rational(*format, a[i]) * fpx::to_rational(*format, b[i]);
        const auto rne = fpx::Rounding::NearestEven;
        chain = fpx::fused_multiply_add(
                    fpx::binary32, fpx::convert(*format, fpx::binary32, a[i], rne).bits,
                    fpx::convert(*format, fpx::binary32, b[i], rne).bits, chain, rne)
                    .bits;
      }
      const std::uint64_t tensor = fpx::tensor_core_dot(
          fpx::TensorCoreArch::H100, *format, std::span(a.data(), k), std::span(b.data(), k));
      const auto tc =
          rows_where(result.table,
                     {{"format", name}, {"series", "h100 tensor cores"}, {"k", std::to_string(k)}});
      const auto fma = rows_where(
          result.table,
          {{"format", name}, {"series", "binary32 fma chain"}, {"k", std::to_string(k)}});
      REQUIRE(tc.size() == 1);
      REQUIRE(fma.size() == 1);
      CHECK(tc[0].at("relative_error") == relative_error_cell(fpx::binary32, tensor, exact));
      CHECK(fma[0].at("relative_error") == relative_error_cell(fpx::binary32, chain, exact));
    }
  }
}

TEST_CASE("nist: each solver's minimum LRE and the ceiling, as fpx nist scores them") {
  const fpx::ExperimentResult result = run("nist", 2, 1, 1, "binary32");
  const std::string directory = fpx::find_nist_directory("");
  fpx::SolverRun run;
  run.settings.refine = 10;
  for (const std::string name : {"Norris", "Pontius"}) {
    CAPTURE(name);
    const fpx::NistRow row =
        fpx::score_nist_dataset(fpx::load_nist_dataset(directory, name), fpx::all_methods(), run);
    const auto ceiling = rows_where(result.table, {{"dataset", name}, {"series", "ceiling"}});
    REQUIRE(ceiling.size() == 1);
    CHECK(ceiling[0].at("lre") == fpx::number_cell(row.ceiling));
    const auto reference =
        rows_where(result.table, {{"dataset", name}, {"series", "rounded data"}});
    REQUIRE(reference.size() == 1);
    CHECK(reference[0].at("lre") == fpx::number_cell(row.rounded_data_lre));
    REQUIRE(row.solvers.size() == 14);
    for (const fpx::SolverScore& score : row.solvers) {
      const auto solver = rows_where(result.table, {{"dataset", name}, {"series", score.name}});
      REQUIRE(solver.size() == 1);
      CHECK(solver[0].at("lre") == (score.has_values ? fpx::number_cell(score.min_certified) : ""));
    }
  }
  CHECK(result.table.rows().size() == 2 * 16);
}
