// Several summation strategies run side by side on the same data as it
// arrives, each result measured against the exact sum: its error, relative
// error, correct bits, its a-priori bound and whether the error is within
// it. The library form of `fpx sum`, `fpx dot` and `fpx table`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/summation/error_bound.hpp"
#include "fpx/summation/exact_accumulator.hpp"
#include "fpx/summation/strategy.hpp"
#include "fpx/summation/summation.hpp"

namespace fpx {

// One strategy's result and its measures.
struct StrategyOutcome {
  Strategy strategy;
  std::string name;  // as printed for this operation (sum2 or dot2)
  Rounded result;    // in the accumulator format
  ErrorBound bound;
  // The measures, when the exact sum and the result are both finite.
  bool measured = false;
  ExactNumber error;  // result - exact
  // error / |exact|; empty when the exact sum is 0 (then the error is 0 or
  // infinitely large relative to it).
  std::optional<Rational> relative_error;
  long correct_bits = 0;
  // With a bound: the bound in units in the last place of the result, and
  // whether |error| is within it.
  std::optional<Rational> bound_ulps;
  std::optional<bool> within_bound;
};

struct ComparisonReport {
  bool dot = false;
  std::size_t n = 0;
  SummationOptions options;
  bool exact_finite = true;         // no NaN, no infinity among the terms
  Rational exact = 0;               // the exact sum (when finite)
  std::uint64_t exact_nearest = 0;  // the exact sum rounded to nearest even (accumulator format)
  std::vector<std::string> whole_vector_strategies;  // kept every value in memory
  std::vector<StrategyOutcome> outcomes;
};

class StrategyComparison {
 public:
  StrategyComparison(bool dot, const SummationOptions& options, std::vector<Strategy> strategies);
  // One term (values[0]), or one pair of factors (values[0], values[1]).
  void add(const std::uint64_t* values);
  std::size_t count() const { return count_; }
  ComparisonReport report() const;

 private:
  bool dot_;
  SummationOptions options_;
  std::vector<Strategy> strategies_;
  std::vector<std::unique_ptr<StreamingSummation>> streaming_;  // null: needs the whole vector
  bool keep_vectors_ = false;
  std::vector<std::uint64_t> first_, second_;
  // The exact sum and sum |x_i| (or |a_i b_i|), fed a buffer at a time
  // through the accumulators' array entry points.
  void flush_exact() const;
  mutable ExactAccumulator exact_, magnitudes_;
  mutable std::vector<std::uint64_t> pending_first_, pending_second_;
  std::size_t count_ = 0;
};

// Strategy names separated by commas, or "all". Throws std::invalid_argument
// naming an unknown one (or fma for a sum) and listing the spellings.
std::vector<Strategy> parse_strategy_list(const std::string& names, bool dot);

}  // namespace fpx
