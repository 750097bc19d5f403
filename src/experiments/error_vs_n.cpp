// error-vs-n: the relative error of summation strategies against n.
//
// Trial t of format F and data D sums the terms of
// RandomTerms(F, D, derive_seed(seed, "error-vs-n F D", t)), the stochastic
// strategy seeded with derive_seed(seed, "error-vs-n stochastic F D", t),
// every operation in F (round to nearest even). One pass over the terms:
// the vector of n terms is the first n terms of the trial's sequence, and
// the strategies' results at each n of the grid come from streams fed term
// by term and read at the grid points (pairwise and the other whole-vector
// strategies run on the prefix kept so far).
#include <cmath>
#include <string>

#include "fpx/experiments/random_data.hpp"
#include "fpx/experiments/statistics.hpp"
#include "fpx/summation/exact_accumulator.hpp"
#include "fpx/summation/summation.hpp"
#include "runners.hpp"

namespace fpx::experiments {
namespace {

// 10, 20, 50, 100, 200, 500, ... up to `largest`, and `largest` itself.
std::vector<std::size_t> grid_1_2_5(std::size_t largest) {
  std::vector<std::size_t> grid;
  for (std::size_t decade = 10; decade <= largest; decade *= 10)
    for (std::size_t step : {1, 2, 5})
      if (decade * step <= largest) grid.push_back(decade * step);
  if (grid.empty() || grid.back() != largest) grid.push_back(largest);
  return grid;
}

constexpr TermDistribution distributions[] = {TermDistribution::UniformZeroOne,
                                              TermDistribution::UniformMinusOneOne};

struct TrialErrors {
  std::vector<std::vector<double>> relative;  // [strategy][grid point]
  std::vector<double> condition;              // [grid point]: sum |x_i| / |sum x_i|
};

TrialErrors run_trial(const Format& format, TermDistribution distribution, std::size_t trial,
                      const ExperimentSettings& settings, const std::vector<std::size_t>& grid,
                      SharedProgress& progress) {
  const std::string label =
      std::string(format.name) + " " + std::string(distribution_name(distribution));
  SummationOptions options;
  options.input_format = &format;
  options.seed = derive_seed(settings.seed, "error-vs-n stochastic " + label, trial);
  const std::vector<Strategy>& strategies = settings.strategies;
  // A stream per streaming strategy; the whole-vector ones run on the kept
  // prefix; the exact strategy's result (the exact sum rounded once) is read
  // from the accumulator that holds the exact sum.
  std::vector<std::unique_ptr<StreamingSummation>> streams;
  bool keep_terms = false;
  for (const Strategy& strategy : strategies) {
    const bool exact = strategy.kind == StrategyKind::Exact;
    streams.push_back(exact ? nullptr : make_streaming_summation(strategy, options));
    keep_terms = keep_terms || (!exact && !streams.back());
  }
  std::vector<std::uint64_t> kept;
  if (keep_terms) kept.reserve(grid.back());
  RandomTerms terms(format, distribution, derive_seed(settings.seed, "error-vs-n " + label, trial));
  // sum |x_i| for the condition number (1 for terms of one sign).
  const bool signed_terms = distribution == TermDistribution::UniformMinusOneOne;
  ExactAccumulator exact(format), magnitudes(format);
  TrialErrors out;
  out.relative.assign(strategies.size(), std::vector<double>(grid.size()));
  out.condition.assign(grid.size(), 1);
  std::size_t next_point = 0, since_report = 0;
  for (std::size_t i = 1; next_point < grid.size(); ++i) {
    const std::uint64_t term = terms.next();
    for (const auto& stream : streams)
      if (stream) stream->add(term);
    exact.add(term);
    if (signed_terms) magnitudes.add(term & format.magnitude_mask());
    if (keep_terms) kept.push_back(term);
    if (++since_report == 1 << 16) {
      progress.add(double(since_report));
      since_report = 0;
    }
    if (i != grid[next_point]) continue;
    const Rational sum = to_rational(exact.value());
    const Rational magnitude = sum < 0 ? Rational(-sum) : sum;
    for (std::size_t k = 0; k < strategies.size(); ++k) {
      const Rounded result = streams[k] ? streams[k]->result()
                             : strategies[k].kind == StrategyKind::Exact
                                 ? exact.round(format, Rounding::NearestEven)
                                 : fpx::sum(strategies[k], kept, options);
      out.relative[k][next_point] = relative_error(format, result.bits, sum);
    }
    if (signed_terms)
      out.condition[next_point] =
          sum == 0 ? std::nan("") : to_double(to_rational(magnitudes.value()) / magnitude);
    ++next_point;
  }
  progress.add(double(since_report));
  return out;
}

}  // namespace

ExperimentResult error_vs_n(const ExperimentSettings& settings) {
  for (const ArithmeticChoice& choice : settings.formats)
    if (choice.rounding != Rounding::NearestEven)
      throw std::invalid_argument("error-vs-n: formats round to nearest even (no :MODE)");
  const std::vector<std::size_t> grid = grid_1_2_5(settings.size);
  const std::size_t formats = settings.formats.size(), trials = std::size_t(settings.trials);
  const std::size_t tasks = formats * 2 * trials;
  std::vector<TrialErrors> results(tasks);
  SharedProgress progress(settings.progress, double(tasks) * double(settings.size));
  for_each_in_parallel(tasks, [&](std::size_t task) {
    const std::size_t trial = task % trials, d = (task / trials) % 2, f = task / trials / 2;
    results[task] =
        run_trial(*settings.formats[f].format, distributions[d], trial, settings, grid, progress);
  });

  ExperimentResult out;
  out.table = TidyTable({"format", "data", "series", "kind", "n", "trials", "relative_error",
                         "relative_error_p05", "relative_error_p95", "condition_number"});
  out.figure = figure_of(
      "Relative error of summation strategies against n: median and 5-95% band over " +
          std::to_string(trials) +
          " seeded data sets; dashed: Higham's worst-case bound, dotted: Higham and Mary's "
          "probabilistic sqrt(n) u",
      int(formats), 2, 1300, 60 + 580 * int(formats));
  const std::string higham = "bound (n-1)u/(1-(n-1)u)";
  const std::string probabilistic = "sqrt(n) u";
  for (std::size_t f = 0; f < formats; ++f) {
    const Format& format = *settings.formats[f].format;
    const double u = unit_roundoff(format);
    for (std::size_t d = 0; d < 2; ++d) {
      const std::string format_name(format.name), data(distribution_name(distributions[d]));
      const TrialErrors* first = &results[(f * 2 + d) * trials];
      std::vector<double> condition(grid.size());
      for (std::size_t g = 0; g < grid.size(); ++g) {
        std::vector<double> values;
        for (std::size_t t = 0; t < trials; ++t) values.push_back(first[t].condition[g]);
        condition[g] = spread(values).median;
      }
      FigurePanel panel;
      const bool signed_data = distributions[d] == TermDistribution::UniformMinusOneOne;
      const std::string times_condition = signed_data ? " x cond" : "";
      panel.title = format_name + " terms and sums, " + data + " data" +
                    (signed_data ? "; cond = sum|x_i| / |sum x_i| (median)" : "");
      panel.x_label = "n (number of terms)";
      panel.y_label = "relative error |computed - exact| / |exact| (exact: sum of the data)";
      panel.log_x = panel.log_y = true;
      // From a thousandth of u to 10^2: the measured errors and the bounds
      // while they mean something.
      panel.y_min = std::pow(10.0, std::floor(std::log10(u / 1000)));
      panel.y_max = 1e2;
      panel.legend = "outside below center horizontal maxcols 4";
      std::string summary =
          format_name + ", " + data + ", n = " + std::to_string(grid.back()) + ":";
      for (std::size_t k = 0; k < settings.strategies.size(); ++k) {
        const std::string name = settings.strategies[k].name(false);
        for (std::size_t g = 0; g < grid.size(); ++g) {
          std::vector<double> values;
          for (std::size_t t = 0; t < trials; ++t) values.push_back(first[t].relative[k][g]);
          const Spread s = spread(values);
          out.table.add_row({format_name, data, name, "measured", number_cell(grid[g]),
                             number_cell(trials), number_cell(s.median), number_cell(s.low),
                             number_cell(s.high), number_cell(condition[g])});
          if (g + 1 == grid.size()) summary += " " + name + " " + short_number(s.median);
        }
        panel.series.push_back(
            series_of(name, {{"format", format_name}, {"data", data}, {"series", name}}, "n",
                      "relative_error", SeriesStyle::Line, true));
      }
      for (const std::string& theory : {higham, probabilistic}) {
        for (std::size_t g = 0; g < grid.size(); ++g) {
          const double n = double(grid[g]);
          const double value = theory == higham
                                   ? ((n - 1) * u < 1 ? (n - 1) * u / (1 - (n - 1) * u) : NAN)
                                   : std::sqrt(n) * u;
          out.table.add_row({format_name, data, theory, "theory", number_cell(grid[g]), "",
                             number_cell(value * condition[g]), "", "", number_cell(condition[g])});
        }
        panel.series.push_back(series_of(
            theory + times_condition, {{"format", format_name}, {"data", data}, {"series", theory}},
            "n", "relative_error", SeriesStyle::Theory));
      }
      out.figure.panels.push_back(panel);
      out.summary.push_back(summary + " (median relative error)");
    }
  }
  return out;
}

}  // namespace fpx::experiments
