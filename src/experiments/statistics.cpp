// Quantiles over trials (include/fpx/experiments/statistics.hpp).
#include "fpx/experiments/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fpx {

double quantile(std::vector<double> values, double q) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double position = q * double(values.size() - 1);
  const std::size_t below = std::size_t(std::floor(position));
  if (below + 1 >= values.size()) return values.back();
  const double fraction = position - double(below);
  if (fraction == 0) return values[below];
  return values[below] + fraction * (values[below + 1] - values[below]);
}

Spread spread(const std::vector<double>& values) {
  return Spread{quantile(values, 0.5), quantile(values, 0.05), quantile(values, 0.95)};
}

}  // namespace fpx
