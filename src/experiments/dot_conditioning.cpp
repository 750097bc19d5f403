// dot-conditioning: the relative error of dot products against their
// condition number, on vectors from Ogita, Rump and Oishi's GenDot
// (generate_dot.hpp) with target conditions 10^0, 10^1, ..., 10^40. Trial t
// at target 10^c in format F draws generate_dot(F, size, 10^c,
// derive_seed(seed, "dot-conditioning F", 41 t + c)); every strategy runs on
// the same vectors, in F, round to nearest even.
#include <cmath>
#include <string>

#include "fpx/experiments/generate_dot.hpp"
#include "fpx/experiments/random_data.hpp"
#include "fpx/experiments/statistics.hpp"
#include "fpx/summation/summation.hpp"
#include "runners.hpp"

namespace fpx::experiments {
namespace {

constexpr int largest_exponent = 40;  // targets 10^0 .. 10^40
constexpr int targets = largest_exponent + 1;

struct Trial {
  double condition = 0;
  std::vector<double> relative;  // per strategy
};

}  // namespace

ExperimentResult dot_conditioning(const ExperimentSettings& settings) {
  for (const ArithmeticChoice& choice : settings.formats) {
    const Format& f = *choice.format;
    if (choice.rounding != Rounding::NearestEven ||
        !(f == binary64 || f == binary32 || f == bfloat16))
      throw std::invalid_argument(
          "dot-conditioning: formats binary64, binary32 or bfloat16 (the exponent range that "
          "condition numbers up to 10^40 need), without :MODE");
  }
  const std::vector<Strategy>& strategies = settings.strategies;
  const std::size_t formats = settings.formats.size(), trials = std::size_t(settings.trials);
  std::vector<Trial> results(formats * targets * trials);
  SharedProgress progress(settings.progress, double(results.size()));
  for_each_in_parallel(results.size(), [&](std::size_t task) {
    const std::size_t t = task % trials, c = (task / trials) % targets, f = task / trials / targets;
    const Format& format = *settings.formats[f].format;
    const GeneratedDot data =
        generate_dot(format, settings.size, std::pow(10.0, double(c)),
                     derive_seed(settings.seed, "dot-conditioning " + std::string(format.name),
                                 targets * t + c));
    SummationOptions options;
    options.input_format = &format;
    Trial& out = results[task];
    out.condition = data.condition == 0 ? std::nan("") : to_double(data.condition);
    for (const Strategy& strategy : strategies)
      out.relative.push_back(
          relative_error(format, dot(strategy, data.x, data.y, options).bits, data.exact));
    progress.add(1);
  });

  ExperimentResult out;
  out.table = TidyTable({"format", "series", "kind", "target_condition", "trials", "condition",
                         "condition_p05", "condition_p95", "relative_error", "relative_error_p05",
                         "relative_error_p95"});
  out.figure =
      figure_of("Relative error of dot products of length " + std::to_string(settings.size) +
                    " against their condition number 2|x|^T|y| / |x^T y| (GenDot; "
                    "median and 5-95% band over " +
                    std::to_string(trials) + " vector pairs per condition)",
                int(formats), 1, 1100, 60 + 560 * int(formats));
  for (std::size_t f = 0; f < formats; ++f) {
    const Format& format = *settings.formats[f].format;
    const std::string name(format.name);
    const double u = unit_roundoff(format);
    const Trial* first = &results[f * targets * trials];
    std::vector<Spread> conditions(targets);
    for (int c = 0; c < targets; ++c) {
      std::vector<double> values;
      for (std::size_t t = 0; t < trials; ++t) values.push_back(first[c * trials + t].condition);
      conditions[c] = spread(values);
    }
    FigurePanel panel;
    panel.title = name + " vectors, products and sums";
    panel.x_label = "condition number 2|x|^T|y| / |x^T y| (median of the generated pairs)";
    panel.y_label = "relative error |computed - exact| / |exact| (exact: x^T y of the data)";
    panel.log_x = panel.log_y = true;
    panel.x_min = 1;
    panel.x_max = 1e43;
    panel.y_min = std::pow(10.0, std::floor(std::log10(u / 100)));
    panel.y_max = 1e2;  // a relative error of 1 is no correct digit
    panel.legend = "outside right top";
    std::string summary =
        name +
        ": the condition at which the median relative error first reaches 1 (no correct "
        "digit):";
    for (std::size_t k = 0; k < strategies.size(); ++k) {
      const std::string series = strategies[k].name(true);
      double lost = -1;  // the median condition there
      for (int c = 0; c < targets; ++c) {
        std::vector<double> values;
        for (std::size_t t = 0; t < trials; ++t)
          values.push_back(first[c * trials + t].relative[k]);
        const Spread s = spread(values);
        if (lost < 0 && s.median >= 1) lost = conditions[c].median;
        out.table.add_row({name, series, "measured", "1e" + std::to_string(c), number_cell(trials),
                           number_cell(conditions[c].median), number_cell(conditions[c].low),
                           number_cell(conditions[c].high), number_cell(s.median),
                           number_cell(s.low), number_cell(s.high)});
      }
      summary += " " + series + " " +
                 (lost < 0 ? "beyond " + short_number(conditions[targets - 1].median)
                           : short_number(lost)) +
                 ";";
      panel.series.push_back(series_of(series, {{"format", name}, {"series", series}}, "condition",
                                       "relative_error", SeriesStyle::Line, true));
    }
    for (const std::string theory : {"u cond", "u + u^2 cond"}) {
      for (int c = 0; c < targets; ++c) {
        const double cond = conditions[c].median;
        const double value = theory == "u cond" ? u * cond : u + u * u * cond;
        out.table.add_row({name, theory, "theory", "1e" + std::to_string(c), "", number_cell(cond),
                           "", "", number_cell(value), "", ""});
      }
      panel.series.push_back(
          series_of(theory + " (u = 2^-" + std::to_string(format.precision) + ")",
                    {{"format", name}, {"series", theory}}, "condition", "relative_error",
                    SeriesStyle::Theory));
    }
    out.figure.panels.push_back(panel);
    summary.pop_back();
    out.summary.push_back(summary);
  }
  return out;
}

}  // namespace fpx::experiments
