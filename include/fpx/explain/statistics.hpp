// A distribution summarized: what --trials reports for stochastic rounding,
// where one seed gives one draw. The samples are exact rationals (results
// or errors); the mean, minimum, maximum and quantiles are exact, the
// standard deviation is the nearest binary64 of its exact square.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"

namespace fpx {

struct Distribution {
  std::size_t count = 0;
  Rational mean = 0;
  double standard_deviation = 0;  // sqrt of the exact population variance, approximately
  Rational minimum = 0, maximum = 0;
  // Quantiles by the nearest-rank rule: the ceil(q n)-th smallest sample.
  Rational q05 = 0, q25 = 0, median = 0, q75 = 0, q95 = 0;
};
// Throws std::invalid_argument for no samples.
Distribution summarize(std::vector<Rational> samples);

// {"count", "mean", "standard_deviation", "min", "q05", "q25", "median",
// "q75", "q95", "max"}: decimals with `digits` significant digits (strings)
// and the standard deviation as a JSON number.
nlohmann::json distribution_json(const Distribution& distribution, int digits = 6);
// "mean 98.9, sd 2.47, min 97.5, 5% 97.5, median 98.5, 95% 105, max 105".
std::string distribution_text(const Distribution& distribution, int digits = 4);

}  // namespace fpx
