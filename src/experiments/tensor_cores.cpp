// tensor-cores: the relative error of a dot product against its length K on
// H100 tensor cores (the model of tensor_core/model.hpp, as the summation
// strategy mma:h100), beside a chain of binary32 fused multiply-adds on the
// same data, for each input format. Trial t of format F takes the first K
// terms of a = RandomTerms(F, uniform[0..1), derive_seed(seed,
// "tensor-cores a F", t)) and b (label "tensor-cores b F"); both results are
// binary32 and measured against the exact dot product of the data.
#include <array>
#include <cmath>
#include <string>

#include "fpx/experiments/random_data.hpp"
#include "fpx/experiments/statistics.hpp"
#include "fpx/summation/exact_accumulator.hpp"
#include "fpx/summation/summation.hpp"
#include "runners.hpp"

namespace fpx::experiments {
namespace {

// 16, 32, ..., the largest power of two up to `largest`.
std::vector<std::size_t> depths(std::size_t largest) {
  std::vector<std::size_t> out;
  for (std::size_t k = 16; k <= largest; k *= 2) out.push_back(k);
  return out;
}

const Strategy tensor_core{StrategyKind::TensorCore, 0, TensorCoreTarget{TensorCoreArch::H100}};
const Strategy fma_chain{StrategyKind::Fma};

}  // namespace

ExperimentResult tensor_cores(const ExperimentSettings& settings) {
  for (const ArithmeticChoice& choice : settings.formats)
    if (choice.rounding != Rounding::NearestEven || !tensor_core_input_for(*choice.format))
      throw std::invalid_argument(
          "tensor-cores: formats the tensor cores take (bfloat16, binary16, tf32, e4m3, e5m2), "
          "without :MODE");
  const std::vector<std::size_t> grid = depths(settings.size);
  const std::size_t formats = settings.formats.size(), trials = std::size_t(settings.trials);
  // [task][strategy][depth], strategy 0 the tensor cores, 1 the FMA chain.
  std::vector<std::array<std::vector<double>, 2>> results(formats * trials);
  SharedProgress progress(settings.progress, double(results.size()));
  for_each_in_parallel(results.size(), [&](std::size_t task) {
    const std::size_t t = task % trials, f = task / trials;
    const Format& format = *settings.formats[f].format;
    const std::string name(format.name);
    const std::vector<std::uint64_t> a =
        random_terms(format, TermDistribution::UniformZeroOne, grid.back(),
                     derive_seed(settings.seed, "tensor-cores a " + name, t));
    const std::vector<std::uint64_t> b =
        random_terms(format, TermDistribution::UniformZeroOne, grid.back(),
                     derive_seed(settings.seed, "tensor-cores b " + name, t));
    SummationOptions options;
    options.input_format = &format;
    options.accumulator_format = &binary32;
    for (std::size_t g = 0; g < grid.size(); ++g) {
      const std::size_t k = grid[g];
      ExactAccumulator exact(format);
      exact.add_dot(a.data(), b.data(), k);
      const Rational value = to_rational(exact.value());
      int s = 0;
      for (const Strategy& strategy : {tensor_core, fma_chain}) {
        const std::uint64_t bits =
            dot(strategy, std::span(a.data(), k), std::span(b.data(), k), options).bits;
        results[task][s++].push_back(relative_error(binary32, bits, value));
      }
    }
    progress.add(1);
  });

  ExperimentResult out;
  out.table = TidyTable({"format", "series", "kind", "k", "trials", "relative_error",
                         "relative_error_p05", "relative_error_p95"});
  out.figure = figure_of(
      "Dot products of uniform[0..1) data on H100 tensor cores and as a binary32 FMA chain: "
      "median and 5-95% band over " +
          std::to_string(trials) + " data sets",
      1, 1, 1200, 650);
  FigurePanel panel;
  panel.title =
      "tensor cores (lines, with bands) and binary32 FMA chains (marks), binary32 results; no "
      "mark: no error";
  panel.x_label = "K (length of the dot product)";
  panel.y_label =
      "relative error |computed - exact| / |exact| (exact: the dot product of the data)";
  panel.log_x = panel.log_y = true;
  panel.x_min = 10;
  panel.x_max = double(grid.back()) * 2;
  panel.legend = "outside right top";
  const double u = unit_roundoff(binary32);
  for (std::size_t f = 0; f < formats; ++f) {
    const std::string name(settings.formats[f].format->name);
    std::string summary = name + " inputs, K = " + std::to_string(grid.back()) + ":";
    for (int s = 0; s < 2; ++s) {
      const std::string series = s == 0 ? "h100 tensor cores" : "binary32 fma chain";
      for (std::size_t g = 0; g < grid.size(); ++g) {
        std::vector<double> values;
        for (std::size_t t = 0; t < trials; ++t) values.push_back(results[f * trials + t][s][g]);
        const Spread spread_k = spread(values);
        out.table.add_row({name, series, "measured", number_cell(grid[g]), number_cell(trials),
                           number_cell(spread_k.median), number_cell(spread_k.low),
                           number_cell(spread_k.high)});
        if (g + 1 == grid.size()) summary += " " + series + " " + short_number(spread_k.median);
      }
      // One colour per format: a line with a band for the tensor cores,
      // marks for the chain.
      FigureSeries line =
          series_of(name + ", " + series, {{"format", name}, {"series", series}}, "k",
                    "relative_error", s == 0 ? SeriesStyle::Line : SeriesStyle::Points, s == 0);
      line.color = palette_color(f);
      panel.series.push_back(line);
    }
    out.summary.push_back(summary + " (median relative error)");
  }
  for (const std::string theory : {"(K-1)u/(1-(K-1)u)", "sqrt(K) u"}) {
    for (std::size_t k : grid) {
      const double n = double(k);
      const double value =
          theory == "sqrt(K) u" ? std::sqrt(n) * u : (n - 1) * u / (1 - (n - 1) * u);
      out.table.add_row(
          {"binary32", theory, "theory", number_cell(k), "", number_cell(value), "", ""});
    }
    panel.series.push_back(series_of("binary32 chain: " + theory + ", u = 2^-24",
                                     {{"series", theory}}, "k", "relative_error",
                                     SeriesStyle::Theory));
  }
  out.figure.panels.push_back(panel);
  return out;
}

}  // namespace fpx::experiments
