// Distributions (include/fpx/explain/statistics.hpp).
#include "fpx/explain/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "fpx/core/exact_error.hpp"
#include "fpx/explain/style.hpp"
#include "fpx/linear_models/log_relative_error.hpp"

namespace fpx {

Distribution summarize(std::vector<Rational> samples) {
  if (samples.empty()) throw std::invalid_argument("summarize: no samples");
  std::sort(samples.begin(), samples.end());
  Distribution out;
  const std::size_t n = samples.size();
  out.count = n;
  Rational total = 0;
  for (const Rational& sample : samples) total += sample;
  out.mean = total / Rational(BigInteger(n));
  Rational variance = 0;
  for (const Rational& sample : samples) variance += (sample - out.mean) * (sample - out.mean);
  variance /= Rational(BigInteger(n));
  out.standard_deviation = std::sqrt(to_double(variance));
  auto rank = [&](std::size_t percent) {
    const std::size_t position = (percent * n + 99) / 100;  // ceil(q n), 1-based
    return samples[std::max<std::size_t>(position, 1) - 1];
  };
  out.minimum = samples.front();
  out.maximum = samples.back();
  out.q05 = rank(5);
  out.q25 = rank(25);
  out.median = rank(50);
  out.q75 = rank(75);
  out.q95 = rank(95);
  return out;
}

nlohmann::json distribution_json(const Distribution& d, int digits) {
  auto text = [&](const Rational& value) { return short_decimal(value, digits); };
  return {{"count", d.count},
          {"mean", text(d.mean)},
          {"standard_deviation", d.standard_deviation},
          {"min", text(d.minimum)},
          {"q05", text(d.q05)},
          {"q25", text(d.q25)},
          {"median", text(d.median)},
          {"q75", text(d.q75)},
          {"q95", text(d.q95)},
          {"max", text(d.maximum)}};
}

std::string distribution_text(const Distribution& d, int digits) {
  auto text = [&](const Rational& value) { return short_decimal(value, digits); };
  std::string out;
  append_format(out, "mean {}, sd {:.{}g}, min {}, 5% {}, median {}, 95% {}, max {}", text(d.mean),
                d.standard_deviation, digits, text(d.minimum), text(d.q05), text(d.median),
                text(d.q95), text(d.maximum));
  return out;
}

}  // namespace fpx
