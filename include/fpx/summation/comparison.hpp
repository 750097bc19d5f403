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
#include "fpx/summation/exact_number_sum.hpp"
#include "fpx/summation/strategy.hpp"
#include "fpx/summation/summation.hpp"

namespace fpx {

// A result against one exact value: the error, in ulps of the exact value
// (core/exact_error.hpp) and relative to it, and the bits it gets right.
// Measured when the result and the exact value are both finite.
struct ErrorMeasure {
  bool measured = false;
  ExactNumber error;  // result - exact
  // error / |exact|; empty when the exact value is 0 (then the error is 0 or
  // infinitely large relative to it).
  std::optional<Rational> relative_error;
  long correct_bits = 0;
};

// One strategy's result and its measures, against the two exact values:
// the data as written (decimal text, exactly) and the inputs after rounding
// into the input format (which is what the arithmetic saw: its a-priori
// bound is about that one).
struct StrategyOutcome {
  Strategy strategy;
  std::string name;  // as printed for this operation (sum2 or dot2)
  Rounded result;    // in the accumulator format
  ErrorBound bound;
  ErrorMeasure against_data, against_inputs;
  // With a bound that applies: the bound in ulps of the exact sum of the
  // inputs, and whether |error against the inputs| is within it.
  std::optional<Rational> bound_ulps;
  std::optional<bool> within_bound;
};

// An exact sum (or dot product).
struct ExactValue {
  bool finite = true;  // no NaN, no infinity among the terms
  bool nan = false;    // when not finite: NaN (else an infinity)
  bool negative_infinity = false;
  ExactNumber value;       // when finite
  bool truncated = false;  // a term had more digits than kept exactly (decimal.hpp)
  // A term was beyond 10^+-1000 (decimal.hpp): the value is not the data's
  // and no error is measured against it.
  bool beyond_range = false;
};

// The exact value of the inputs (from their accumulator) and of the data as
// written (from its sum of exact numbers).
ExactValue exact_value_of(const ExactAccumulator& inputs);
ExactValue exact_value_of(const ExactNumberSum& data);
// The error of `bits` (a result in `format`) against `exact`; not measured
// when either is not finite or the exact value is beyond range.
ErrorMeasure measure_error(const Format& format, std::uint64_t bits, const ExactValue& exact);

struct ComparisonReport {
  bool dot = false;
  std::size_t n = 0;
  SummationOptions options;
  ExactValue data;                   // of the data as written
  ExactValue inputs;                 // of the inputs rounded into the input format
  bool data_are_inputs = true;       // no input changed by rounding: the two are the same
  std::uint64_t inputs_nearest = 0;  // the exact sum of the inputs rounded to nearest even
                                     // (accumulator format)
  std::vector<std::string> whole_vector_strategies;  // kept every value in memory
  std::vector<StrategyOutcome> outcomes;
};

class StrategyComparison {
 public:
  StrategyComparison(bool dot, const SummationOptions& options, std::vector<Strategy> strategies);
  // One term (values[0]), or one pair of factors (values[0], values[1]),
  // encodings of the input format, with the exact values they were read
  // from (`data`, one or two; null when the inputs are the data, as for bit
  // patterns).
  void add(const std::uint64_t* values, const ExactNumber* data = nullptr);
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
  ExactNumberSum data_;  // the exact sum of the data as written
  bool data_are_inputs_ = true;
  std::size_t count_ = 0;
};

// Strategy names separated by commas, or "all". Throws std::invalid_argument
// naming an unknown one (or fma for a sum) and listing the spellings.
std::vector<Strategy> parse_strategy_list(const std::string& names, bool dot);

}  // namespace fpx
