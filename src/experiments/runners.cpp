// What the experiments share (runners.hpp): tasks on the machine's cores,
// their progress, relative errors, series and figures.
#include "runners.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <thread>

#include "fpx/linear_models/log_relative_error.hpp"

namespace fpx::experiments {

void for_each_in_parallel(std::size_t count, const std::function<void(std::size_t)>& task) {
  const std::size_t threads =
      std::min<std::size_t>(count, std::max(1u, std::thread::hardware_concurrency()));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) {
      try {
        task(i);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;  // no new tasks
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

SharedProgress::SharedProgress(const std::function<void(double)>& callback, double total_work)
    : callback_(callback ? &callback : nullptr), total_(std::max(total_work, 1.0)) {}

void SharedProgress::add(double work) {
  if (!callback_) return;
  const std::lock_guard lock(mutex_);
  done_ += work;
  if (done_ - reported_ < total_ / 500 && done_ < total_) return;
  reported_ = done_;
  (*callback_)(std::min(done_ / total_, 1.0));
}

double relative_error(const Format& format, std::uint64_t bits, const Rational& exact) {
  const FloatClass c = classify(format, bits);
  const bool finite =
      c == FloatClass::Zero || c == FloatClass::Subnormal || c == FloatClass::Normal;
  if (!finite || exact == 0) return std::numeric_limits<double>::quiet_NaN();
  return std::fabs(to_double((to_rational(format, bits) - exact) / exact));
}

FigureSeries series_of(std::string title, std::vector<RowSelection> rows, std::string x,
                       std::string y, SeriesStyle style, bool band) {
  FigureSeries out;
  out.title = std::move(title);
  out.rows = std::move(rows);
  out.x = std::move(x);
  out.y = std::move(y);
  out.style = style;
  if (band) {
    out.band_low = out.y + "_p05";
    out.band_high = out.y + "_p95";
  }
  return out;
}

Figure figure_of(std::string title, int rows, int columns, int width, int height) {
  Figure out;
  out.title = std::move(title);
  out.rows = rows;
  out.columns = columns;
  out.width = width;
  out.height = height;
  return out;
}

double unit_roundoff(const Format& format) { return std::ldexp(1.0, -format.precision); }

std::string short_number(double value) {
  if (std::isnan(value)) return "-";
  char text[32];
  if (std::fabs(value) >= 1 && std::fabs(value) < 1e10 && value == std::trunc(value))
    std::snprintf(text, sizeof text, "%.0f", value);
  else
    std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

}  // namespace fpx::experiments
