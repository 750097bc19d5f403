// stagnation: the running sum of n copies of one term (1, or 0.1 rounded to
// nearest into the format) against n, for serial summation in round to
// nearest (which stalls once half an ulp of the sum exceeds the term:
// 2^(p) for ones, 256 in bfloat16, 2048 in binary16, 2^24 in binary32),
// serial with stochastic rounding (trial t seeded with
// derive_seed(seed, "stagnation F TERM", t)), Kahan, pairwise, and the exact
// running sum n * term. Each format runs to min(size, 2^(p+2)).
#include <cmath>
#include <string>

#include "fpx/core/decimal.hpp"
#include "fpx/experiments/random_data.hpp"
#include "fpx/experiments/statistics.hpp"
#include "fpx/summation/summation.hpp"
#include "runners.hpp"

namespace fpx::experiments {
namespace {

constexpr const char* term_texts[] = {"1", "0.1"};

// 1, 2, ..., 16, then about 8 points per octave (rounded to integers,
// powers of two included), up to `largest`, and `largest` itself.
std::vector<std::size_t> index_grid(std::size_t largest) {
  std::vector<std::size_t> grid;
  for (std::size_t i = 1; i <= std::min<std::size_t>(16, largest); ++i) grid.push_back(i);
  for (int k = 33; grid.back() < largest; ++k) {
    const auto i = std::size_t(std::llround(std::exp2(double(k) / 8)));
    if (i > grid.back()) grid.push_back(std::min(i, largest));
  }
  return grid;
}

// What one task computes: the values at the grid points of some strategies.
struct Runs {
  std::vector<double> serial, kahan;   // part 0
  std::size_t serial_stall_index = 0;  // the first index from which serial no longer changes
  std::uint64_t serial_bits = 0;       // the serial sum at the last index
  std::vector<double> pairwise;        // part 1, at powers of two and the last index (else NaN)
  std::vector<double> stochastic;      // parts 2.., one seed each
};

double value_of(const Format& format, std::uint64_t bits) {
  return to_double(to_rational(format, bits));
}

}  // namespace

ExperimentResult stagnation(const ExperimentSettings& settings) {
  for (const ArithmeticChoice& choice : settings.formats)
    if (choice.rounding != Rounding::NearestEven)
      throw std::invalid_argument("stagnation: formats round to nearest even (no :MODE)");
  const std::size_t formats = settings.formats.size(), trials = std::size_t(settings.trials);
  const std::size_t parts = 2 + trials;
  std::vector<std::vector<std::size_t>> grids(formats);
  double work = 0;
  for (std::size_t f = 0; f < formats; ++f) {
    const int p = settings.formats[f].format->precision;
    const std::size_t largest =
        p + 2 >= 63 ? settings.size : std::min(settings.size, std::size_t(1) << (p + 2));
    grids[f] = index_grid(largest);
    work += 2 * double(largest) * double(parts + 1);
  }
  std::vector<Runs> runs(formats * 2 * parts);
  SharedProgress progress(settings.progress, work);
  for_each_in_parallel(runs.size(), [&](std::size_t task) {
    const std::size_t part = task % parts, t = (task / parts) % 2, f = task / parts / 2;
    const Format& format = *settings.formats[f].format;
    const std::vector<std::size_t>& grid = grids[f];
    const std::uint64_t term = parse_number(format, term_texts[t], Rounding::NearestEven).bits;
    SummationOptions options;
    options.input_format = &format;
    Runs& out = runs[task];
    if (part == 1) {
      // Pairwise needs the whole vector: at powers of two and the last index.
      out.pairwise.assign(grid.size(), std::nan(""));
      for (std::size_t g = 0; g < grid.size(); ++g) {
        const std::size_t n = grid[g];
        if ((n & (n - 1)) != 0 && g + 1 != grid.size()) continue;
        const std::vector<std::uint64_t> terms(n, term);
        out.pairwise[g] =
            value_of(format, sum(Strategy(StrategyKind::Pairwise), terms, options).bits);
        progress.add(2 * double(n));
      }
      return;
    }
    std::vector<std::unique_ptr<StreamingSummation>> streams;
    if (part == 0) {
      streams.push_back(make_streaming_summation(Strategy(StrategyKind::Serial), options));
      streams.push_back(make_streaming_summation(Strategy(StrategyKind::Kahan), options));
      out.serial.resize(grid.size());
      out.kahan.resize(grid.size());
    } else {
      options.seed = derive_seed(
          settings.seed, "stagnation " + std::string(format.name) + " " + term_texts[t], part - 2);
      streams.push_back(make_streaming_summation(Strategy(StrategyKind::Stochastic), options));
      out.stochastic.resize(grid.size());
    }
    std::uint64_t previous_serial = 0;
    std::size_t next_point = 0;
    for (std::size_t i = 1; next_point < grid.size(); ++i) {
      for (const auto& stream : streams) stream->add(term);
      if (part == 0) {
        const std::uint64_t serial = streams[0]->result().bits;
        if (serial != previous_serial || i == 1) out.serial_stall_index = i + 1;
        previous_serial = serial;
      }
      if ((i & 0xFFFF) == 0) progress.add(double(0x10000));
      if (i != grid[next_point]) continue;
      if (part == 0) {
        out.serial_bits = streams[0]->result().bits;
        out.serial[next_point] = value_of(format, out.serial_bits);
        out.kahan[next_point] = value_of(format, streams[1]->result().bits);
      } else {
        out.stochastic[next_point] = value_of(format, streams[0]->result().bits);
      }
      ++next_point;
    }
  });

  ExperimentResult out;
  out.table =
      TidyTable({"format", "term", "series", "index", "trials", "running_sum", "running_sum_p05",
                 "running_sum_p95", "ratio_to_exact", "ratio_to_exact_p05", "ratio_to_exact_p95"});
  out.figure = figure_of(
      "The running sum of n equal terms, relative to the exact n x term: where round to nearest "
      "stalls (stochastic: median and 5-95% band over " +
          std::to_string(trials) + " seeds)",
      2, int(formats), 120 + 470 * int(formats), 1000);
  std::vector<FigurePanel> panels(2 * formats);
  for (std::size_t t = 0; t < 2; ++t) {
    for (std::size_t f = 0; f < formats; ++f) {
      const Format& format = *settings.formats[f].format;
      const std::string format_name(format.name), term_name = term_texts[t];
      const std::uint64_t term = parse_number(format, term_texts[t], Rounding::NearestEven).bits;
      const Rational term_value = to_rational(format, term);
      const std::vector<std::size_t>& grid = grids[f];
      const Runs* part = &runs[(f * 2 + t) * parts];
      auto add_rows = [&](const std::string& series, std::size_t g, double value, double low,
                          double high, std::size_t count) {
        // The ratio to the exact running sum n x term (as binary64).
        const double exact = to_double(Rational(grid[g]) * term_value);
        out.table.add_row({format_name, term_name, series, number_cell(grid[g]),
                           count ? number_cell(count) : "", number_cell(value), number_cell(low),
                           number_cell(high), number_cell(value / exact), number_cell(low / exact),
                           number_cell(high / exact)});
      };
      const std::string exact_name = "exact n x " + term_name;
      for (std::size_t g = 0; g < grid.size(); ++g)
        add_rows(exact_name, g, to_double(Rational(grid[g]) * term_value), NAN, NAN, 0);
      for (std::size_t g = 0; g < grid.size(); ++g)
        add_rows("serial", g, part[0].serial[g], NAN, NAN, 1);
      for (std::size_t g = 0; g < grid.size(); ++g) {
        std::vector<double> values;
        for (std::size_t k = 0; k < trials; ++k) values.push_back(part[2 + k].stochastic[g]);
        const Spread s = spread(values);
        add_rows("stochastic", g, s.median, s.low, s.high, trials);
      }
      for (std::size_t g = 0; g < grid.size(); ++g)
        add_rows("kahan", g, part[0].kahan[g], NAN, NAN, 1);
      for (std::size_t g = 0; g < grid.size(); ++g)
        if (!std::isnan(part[1].pairwise[g]))
          add_rows("pairwise", g, part[1].pairwise[g], NAN, NAN, 1);

      FigurePanel& panel = panels[t * formats + f];
      const std::size_t stall = part[0].serial_stall_index;
      panel.title = format_name + ", terms " + term_name +
                    (t == 1 ? " = " + exact_decimal(format, term) : std::string()) +
                    (stall <= grid.back()
                         ? "\nserial stalls at " + shortest_decimal(format, part[0].serial_bits) +
                               " from term " + std::to_string(stall) + " on"
                         : std::string("\nserial does not stall"));
      panel.x_min = 1;
      panel.x_max = double(grid.back());
      panel.x_label = "n (number of terms added)";
      panel.y_label = "running sum / exact running sum n x term";
      panel.log_x = true;
      panel.y_min = 0;
      panel.y_max = 1.25;
      panel.legend = "bottom left";
      auto series = [&](const std::string& name, SeriesStyle style, bool band) {
        panel.series.push_back(
            series_of(name, {{"format", format_name}, {"term", term_name}, {"series", name}},
                      "index", "ratio_to_exact", style, band));
      };
      series(exact_name, SeriesStyle::Theory, false);
      series("serial", SeriesStyle::Line, false);
      series("stochastic", SeriesStyle::Line, true);
      series("kahan", SeriesStyle::Line, false);
      series("pairwise", SeriesStyle::Points, false);
      const std::size_t last = grid.size() - 1;
      std::string line = format_name + ", terms " + term_name + ": serial ";
      if (stall <= grid.back())
        line += "stalls at " + shortest_decimal(format, part[0].serial_bits) +
                " (no change from term " + std::to_string(stall) + " on)";
      else
        line += "does not stall";
      std::vector<double> final_stochastic;
      for (std::size_t k = 0; k < trials; ++k)
        final_stochastic.push_back(part[2 + k].stochastic[last]);
      line += "; at n = " + std::to_string(grid.back()) + ": exact " +
              short_number(to_double(Rational(grid.back()) * term_value)) + ", serial " +
              short_number(part[0].serial[last]) + ", stochastic " +
              short_number(spread(final_stochastic).median) + " (median), kahan " +
              short_number(part[0].kahan[last]) + ", pairwise " +
              short_number(part[1].pairwise[last]);
      out.summary.push_back(line);
    }
  }
  out.figure.panels = std::move(panels);
  return out;
}

}  // namespace fpx::experiments
