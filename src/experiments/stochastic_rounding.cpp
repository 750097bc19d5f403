// stochastic-rounding: the distribution of a serial sum with stochastic
// rounding over many seeds, beside the exact sum and the round-to-nearest
// sum of the same terms. Format F sums the `size` terms of
// RandomTerms(F, uniform[0..1), derive_seed(seed, "stochastic-rounding F"));
// seed k of the stochastic sum is derive_seed(seed, "stochastic-rounding sr F", k).
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>

#include "fpx/core/decimal.hpp"
#include "fpx/experiments/random_data.hpp"
#include "fpx/summation/exact_accumulator.hpp"
#include "fpx/summation/summation.hpp"
#include "runners.hpp"

namespace fpx::experiments {
namespace {

// At most this many bars: one per distinct result while there are few,
// else equal bins.
constexpr std::size_t most_bars = 60;

}  // namespace

ExperimentResult stochastic_rounding(const ExperimentSettings& settings) {
  for (const ArithmeticChoice& choice : settings.formats)
    if (choice.rounding != Rounding::NearestEven)
      throw std::invalid_argument("stochastic-rounding: formats without :MODE");
  const std::size_t formats = settings.formats.size(), seeds = std::size_t(settings.trials);
  ExperimentResult out;
  out.table = TidyTable({"format", "series", "trial", "value", "count", "width"});
  out.figure =
      figure_of("A sum of " + std::to_string(settings.size) +
                    " uniform[0..1) terms with stochastic rounding over " + std::to_string(seeds) +
                    " seeds, beside the exact and the round-to-nearest sum",
                int(formats), 1, 1000, 60 + 460 * int(formats));
  SharedProgress progress(settings.progress, double(formats * seeds));
  for (std::size_t f = 0; f < formats; ++f) {
    const Format& format = *settings.formats[f].format;
    const std::string name(format.name);
    const std::vector<std::uint64_t> terms =
        random_terms(format, TermDistribution::UniformZeroOne, settings.size,
                     derive_seed(settings.seed, "stochastic-rounding " + name));
    SummationOptions options;
    options.input_format = &format;
    ExactAccumulator exact_sum(format);
    for (std::uint64_t term : terms) exact_sum.add(term);
    const Rational exact = to_rational(exact_sum.value());
    const std::uint64_t nearest = sum(Strategy(StrategyKind::Serial), terms, options).bits;
    std::vector<std::uint64_t> results(seeds);
    for_each_in_parallel(seeds, [&](std::size_t k) {
      SummationOptions seeded = options;
      seeded.seed = derive_seed(settings.seed, "stochastic-rounding sr " + name, k);
      results[k] = sum(Strategy(StrategyKind::Stochastic), terms, seeded).bits;
      progress.add(1);
    });
    // Mean and standard deviation, exactly, then as binary64.
    Rational total = 0, squares = 0;
    std::map<std::uint64_t, std::size_t> counts;  // of each distinct result
    for (std::uint64_t bits : results) {
      const Rational value = to_rational(format, bits);
      total += value;
      squares += value * value;
      ++counts[bits];
    }
    const Rational mean = total / Rational(seeds);
    const Rational variance = squares / Rational(seeds) - mean * mean;
    const double deviation = std::sqrt(std::max(0.0, to_double(variance)));
    for (std::size_t k = 0; k < seeds; ++k)
      out.table.add_row({name, "sample", number_cell(k),
                         number_cell(to_double(to_rational(format, results[k]))), "", ""});
    // The histogram: bars as wide as the widest spacing of the format among
    // the results (an ulp), aligned to its multiples, so that each bar holds
    // as many representable sums as any other; doubled until at most
    // `most_bars` bars.
    Rational width = 0;
    for (const auto& [bits, count] : counts)
      width = std::max(width, to_rational(format, unit_in_last_place(format, bits)));
    const Rational low = to_rational(format, counts.begin()->first);
    const Rational high = to_rational(format, counts.rbegin()->first);
    auto bar_of = [&](const Rational& value) {
      const Rational q = value / width;
      BigInteger index =
          boost::multiprecision::numerator(q) / boost::multiprecision::denominator(q);
      if (Rational(index) > q) --index;  // floor, for negative sums too
      return index;
    };
    while (bar_of(high) - bar_of(low) + 1 > most_bars) width *= 2;
    std::map<BigInteger, std::size_t> bins;
    for (std::uint64_t bits : results) ++bins[bar_of(to_rational(format, bits))];
    std::vector<std::array<double, 3>> bars;  // centre, count, width
    for (const auto& [index, count] : bins)
      bars.push_back(
          {to_double(Rational(2 * index + 1) * width / 2), double(count), to_double(width)});
    double tallest = 0;
    for (const auto& bar : bars) {
      tallest = std::max(tallest, bar[1]);
      out.table.add_row({name, "stochastic rounding (" + std::to_string(seeds) + " seeds)", "",
                         number_cell(bar[0]), number_cell(bar[1]), number_cell(bar[2])});
    }
    const std::string exact_title = "exact sum", nearest_title = "round to nearest (serial)",
                      mean_title = "mean of the stochastic sums";
    out.table.add_row(
        {name, exact_title, "", number_cell(to_double(exact)), number_cell(tallest), ""});
    out.table.add_row({name, nearest_title, "",
                       number_cell(to_double(to_rational(format, nearest))), number_cell(tallest),
                       ""});
    out.table.add_row(
        {name, mean_title, "", number_cell(to_double(mean)), number_cell(tallest), ""});

    FigurePanel panel;
    panel.title = name + " terms and sums, " + std::to_string(settings.size) + " terms";
    panel.x_label = "the sum (value in " + name + ")";
    panel.y_label = "seeds whose sum falls in the bar (count)";
    panel.legend = "top center";
    panel.y_min = 0;
    panel.y_max = tallest * 1.35;
    auto series = [&](const std::string& title, SeriesStyle style, const std::string& color) {
      FigureSeries s =
          series_of(title, {{"format", name}, {"series", title}}, "value", "count", style);
      s.color = color;
      if (style == SeriesStyle::Bars) s.bar_width = "width";
      panel.series.push_back(s);
    };
    series("stochastic rounding (" + std::to_string(seeds) + " seeds)", SeriesStyle::Bars,
           "#1f78b4");
    series(mean_title, SeriesStyle::Marker, "#33a02c");
    series(exact_title, SeriesStyle::Marker, "#000000");
    series(nearest_title, SeriesStyle::Marker, "#d95f02");
    out.figure.panels.push_back(panel);
    const double exact_value = to_double(exact);
    const double standard_error = deviation / std::sqrt(double(seeds));
    out.summary.push_back(
        name + ", " + std::to_string(settings.size) + " terms: exact " + decimal_string(exact, 7) +
        ", round to nearest " + shortest_decimal(format, nearest) + " (relative error " +
        short_number(to_double((to_rational(format, nearest) - exact) / exact)) +
        "); stochastic over " + std::to_string(seeds) + " seeds: mean " + decimal_string(mean, 7) +
        ", standard deviation " + short_number(deviation) +
        (seeds > 1 ? ", mean - exact = " +
                         short_number((to_double(mean) - exact_value) / standard_error) +
                         " standard errors"
                   : std::string()));
  }
  return out;
}

}  // namespace fpx::experiments
