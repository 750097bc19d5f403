// The median and a central band of a set of repeated measurements: what an
// experiment reports for each point over its seeded trials.
#pragma once

#include <vector>

namespace fpx {

// The q-quantile (0 <= q <= 1) of the values by linear interpolation between
// order statistics: position q (m - 1) in the sorted values, m the count
// (Hyndman and Fan, "Sample quantiles in statistical packages", The American
// Statistician 50(4), 1996, definition 7; numpy's default). NaN values are
// left out; the quantile of no values is NaN.
double quantile(std::vector<double> values, double q);

// The median and the 5% and 95% quantiles, by the definition above.
struct Spread {
  double median = 0;
  double low = 0;   // 5%
  double high = 0;  // 95%
};
Spread spread(const std::vector<double>& values);

}  // namespace fpx
