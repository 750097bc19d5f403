// Summation strategies for sums and dot products in emulated arithmetic:
// each term, product and partial sum rounded by the fpx core in the chosen
// formats and mode, so that the result is what hardware following that
// strategy returns. What the strategies are (names, parameters, costs) is
// strategy.hpp; their a-priori error bounds are error_bound.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/summation/strategy.hpp"

namespace fpx {

struct SummationOptions {
  const Format* input_format = &binary32;      // the terms or factors
  const Format* accumulator_format = nullptr;  // default: input format
  const Format* product_format = nullptr;      // default: accumulator format
  Rounding rounding = Rounding::NearestEven;   // every rounding except Stochastic's
  std::uint64_t seed = 0;                      // Stochastic: the seed of its source
  Tininess tininess = Tininess::AfterRounding;
  // When set, random bits are drawn from this source instead of one seeded
  // with `seed`: a caller that runs many sums (the linear-model kernels)
  // keeps one stream of random bits across them.
  StochasticSource* random = nullptr;

  const Format& accumulator() const {
    return accumulator_format ? *accumulator_format : *input_format;
  }
  const Format& product() const { return product_format ? *product_format : accumulator(); }
};

// Throws std::invalid_argument, naming the problem, when `strategy` cannot
// run with these formats (tensor cores that lack the input format): callers
// check before they read any data.
void check_strategy(const Strategy& strategy, const SummationOptions& options);

// The result in the accumulator format and the union of the flags raised by
// every operation of the strategy (conversions of the inputs included).
Rounded sum(const Strategy& strategy, std::span<const std::uint64_t> terms,
            const SummationOptions& options);
Rounded dot(const Strategy& strategy, std::span<const std::uint64_t> a,
            std::span<const std::uint64_t> b, const SummationOptions& options);

// A strategy fed one term (or one pair of factors) at a time. Only for
// strategies that do not need the whole vector.
class StreamingSummation {
 public:
  virtual ~StreamingSummation() = default;
  virtual void add(std::uint64_t term) = 0;
  virtual void add_product(std::uint64_t a, std::uint64_t b) = 0;
  // Many terms or pairs at once, in order: the same result as adding them
  // one by one (the exact strategy takes them through the exact
  // accumulator's array entry points).
  virtual void add_all(std::span<const std::uint64_t> terms) {
    for (std::uint64_t term : terms) add(term);
  }
  virtual void add_products(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) {
    for (std::size_t i = 0; i < a.size(); ++i) add_product(a[i], b[i]);
  }
  virtual Rounded result() const = 0;
};
std::unique_ptr<StreamingSummation> make_streaming_summation(const Strategy& strategy,
                                                             const SummationOptions& options);

}  // namespace fpx
