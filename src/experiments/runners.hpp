// What the experiments share inside the library: the seven runners the
// catalog names, running independent tasks on the machine's cores, and the
// progress they report.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/experiments/experiment.hpp"
#include "fpx/linear_models/log_relative_error.hpp"

namespace fpx::experiments {

ExperimentResult error_vs_n(const ExperimentSettings& settings);
ExperimentResult stagnation(const ExperimentSettings& settings);
ExperimentResult stochastic_rounding(const ExperimentSettings& settings);
ExperimentResult dot_conditioning(const ExperimentSettings& settings);
ExperimentResult gd_convergence(const ExperimentSettings& settings);
ExperimentResult tensor_cores(const ExperimentSettings& settings);
ExperimentResult nist(const ExperimentSettings& settings);

// Runs task(i) for every i < count on up to as many threads as the machine
// has cores. Tasks are independent and seeded by their index, so the results
// do not depend on the number of threads. The first exception a task throws
// is rethrown once every thread has stopped.
void for_each_in_parallel(std::size_t count, const std::function<void(std::size_t)>& task);

// Progress of tasks on several threads, reported to the settings' callback
// (one thread at a time) when another 1/500 of the work is done.
class SharedProgress {
 public:
  SharedProgress(const std::function<void(double)>& callback, double total_work);
  void add(double work);

 private:
  const std::function<void(double)>* callback_;
  double total_, done_ = 0, reported_ = 0;
  std::mutex mutex_;
};

// |computed - exact| / |exact| for an encoding of `format`, as the nearest
// binary64 (computed exactly, rounded once); NaN when the encoding is not
// finite or the exact value is 0.
double relative_error(const Format& format, std::uint64_t bits, const Rational& exact);

// A series of rows selected by `rows`, drawn from columns x and y; with
// `band`, shaded between the columns y_p05 and y_p95 (every experiment names
// its quantiles so).
FigureSeries series_of(std::string title, std::vector<RowSelection> rows, std::string x,
                       std::string y, SeriesStyle style = SeriesStyle::Line, bool band = false);

// A figure with its title, layout and size in pixels, no panels yet.
Figure figure_of(std::string title, int rows, int columns, int width, int height);

// 2^-p for a format of precision p (round to nearest), as a binary64.
double unit_roundoff(const Format& format);

// A short decimal of a binary64 for the text summaries: an integer in full
// ("16777216"), else 3 significant digits ("3.1e-05", "0.25").
std::string short_number(double value);

}  // namespace fpx::experiments
