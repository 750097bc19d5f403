// Strategies side by side (include/fpx/summation/comparison.hpp).
#include "fpx/summation/comparison.hpp"

#include <stdexcept>

#include "fpx/core/exact_error.hpp"
#include "fpx/core/text.hpp"

namespace fpx {
namespace {

bool is_finite(const Format& format, std::uint64_t bits) {
  const FloatClass c = classify(format, bits);
  return c != FloatClass::Infinity && c != FloatClass::QuietNaN && c != FloatClass::SignalingNaN;
}

Rational absolute(const Rational& value) { return value < 0 ? Rational(-value) : value; }

}  // namespace

std::vector<Strategy> parse_strategy_list(const std::string& names, bool dot) {
  if (equals_ignoring_case(names, "all")) return all_strategies(dot);
  std::vector<Strategy> strategies;
  for (const std::string& name : split_list(names)) {
    auto strategy = parse_strategy(name);
    if (!strategy || (!dot && strategy->kind == StrategyKind::Fma))
      throw std::invalid_argument(unknown_strategy_message(name, dot));
    strategies.push_back(*strategy);
  }
  return strategies;
}

StrategyComparison::StrategyComparison(bool dot, const SummationOptions& options,
                                       std::vector<Strategy> strategies)
    : dot_(dot),
      options_(options),
      strategies_(std::move(strategies)),
      exact_(*options.input_format),
      magnitudes_(*options.input_format) {
  for (const Strategy& strategy : strategies_) {
    check_strategy(strategy, options_);
    streaming_.push_back(make_streaming_summation(strategy, options_));
    keep_vectors_ = keep_vectors_ || !streaming_.back();
  }
}

void StrategyComparison::add(const std::uint64_t* values, const ExactNumber* data) {
  const Format& input = *options_.input_format;
  for (auto& streaming : streaming_) {
    if (!streaming) continue;
    if (dot_)
      streaming->add_product(values[0], values[1]);
    else
      streaming->add(values[0]);
  }
  // The data as written: given, or the inputs themselves. The exact sums
  // of the inputs go through the accumulators' array entry points a
  // buffer at a time (flush_exact).
  ExactNumber written[2];
  for (int k = 0; k < (dot_ ? 2 : 1); ++k) {
    const ExactNumber as_input = exact_number(input, values[k]);
    written[k] = data ? data[k] : as_input;
    if (data && data_are_inputs_) {
      const bool same_kind = as_input.kind == data[k].kind;
      data_are_inputs_ = same_kind && (data[k].kind != ExactNumber::Kind::Finite ||
                                       to_rational(as_input) == to_rational(data[k]));
    }
  }
  if (dot_)
    data_.add_product(written[0], written[1]);
  else
    data_.add(written[0]);
  pending_first_.push_back(values[0]);
  if (dot_) pending_second_.push_back(values[1]);
  if (pending_first_.size() == 4096) flush_exact();
  if (keep_vectors_) {
    first_.push_back(values[0]);
    if (dot_) second_.push_back(values[1]);
  }
  ++count_;
}

ErrorMeasure measure_error(const Format& format, std::uint64_t bits, const ExactValue& exact) {
  ErrorMeasure out;
  if (!exact.finite || exact.beyond_range || !is_finite(format, bits)) return out;
  out.measured = true;
  const ExactNumber computed = exact_number(format, bits);
  out.error = difference(computed, exact.value);
  const Rational exact_value = to_rational(exact.value);
  const Rational error = to_rational(out.error);
  if (exact_value != 0) out.relative_error = error / absolute(exact_value);
  out.correct_bits = correct_bits(exact_value, error, format.precision);
  return out;
}

ExactValue exact_value_of(const ExactAccumulator& inputs) {
  ExactValue out;
  out.finite = !inputs.is_nan() && !inputs.is_infinite();
  out.nan = inputs.is_nan();
  if (out.finite) out.value = inputs.value();
  return out;
}

ExactValue exact_value_of(const ExactNumberSum& data) {
  ExactValue out;
  out.finite = !data.is_nan() && !data.is_infinite();
  out.nan = data.is_nan();
  out.negative_infinity = data.negative_infinity();
  out.truncated = data.truncated();
  out.beyond_range = data.beyond_range();
  if (out.finite) out.value = data.value();
  return out;
}

void StrategyComparison::flush_exact() const {
  if (pending_first_.empty()) return;
  const std::span<const std::uint64_t> first(pending_first_), second(pending_second_);
  const std::uint64_t magnitude_mask = options_.input_format->magnitude_mask();
  std::vector<std::uint64_t> magnitudes(pending_first_.size());
  if (dot_) {
    exact_.add_dot(first, second);
    std::vector<std::uint64_t> second_magnitudes(pending_second_.size());
    for (std::size_t i = 0; i < magnitudes.size(); ++i) {
      magnitudes[i] = pending_first_[i] & magnitude_mask;
      second_magnitudes[i] = pending_second_[i] & magnitude_mask;
    }
    magnitudes_.add_dot(std::span<const std::uint64_t>(magnitudes),
                        std::span<const std::uint64_t>(second_magnitudes));
  } else {
    exact_.add(first);
    for (std::size_t i = 0; i < magnitudes.size(); ++i)
      magnitudes[i] = pending_first_[i] & magnitude_mask;
    magnitudes_.add(std::span<const std::uint64_t>(magnitudes));
  }
  pending_first_.clear();
  pending_second_.clear();
}

ComparisonReport StrategyComparison::report() const {
  flush_exact();
  const Format& accumulator = options_.accumulator();
  ComparisonReport out;
  out.dot = dot_;
  out.n = count_;
  out.options = options_;
  out.inputs = exact_value_of(exact_);
  out.data = exact_value_of(data_);
  out.data_are_inputs = data_are_inputs_;
  const Rational magnitude_sum = out.inputs.finite ? to_rational(magnitudes_.value()) : Rational(0);
  out.inputs_nearest = exact_.round(accumulator, Rounding::NearestEven).bits;
  for (const Strategy& strategy : strategies_)
    if (needs_whole_vector(strategy)) out.whole_vector_strategies.push_back(strategy.name(dot_));
  for (std::size_t k = 0; k < strategies_.size(); ++k) {
    const Strategy& strategy = strategies_[k];
    StrategyOutcome row;
    row.strategy = strategy;
    row.name = strategy.name(dot_);
    row.result = streaming_[k] ? streaming_[k]->result()
                 : dot_        ? dot(strategy, first_, second_, options_)
                               : sum(strategy, first_, options_);
    row.bound = error_bound(strategy, count_, dot_, options_);
    row.against_data = measure_error(accumulator, row.result.bits, out.data);
    row.against_inputs = measure_error(accumulator, row.result.bits, out.inputs);
    if (row.against_inputs.measured && row.bound.has_bound()) {
      const Rational exact = absolute(to_rational(out.inputs.value));
      const Rational limit = row.bound.relative * exact + row.bound.absolute * magnitude_sum;
      const long quantum = ulp_exponent_of_exact(accumulator, out.inputs.value);
      const Rational ulp = quantum >= 0 ? Rational(BigInteger(1) << quantum)
                                        : Rational(1) / Rational(BigInteger(1) << -quantum);
      row.bound_ulps = limit / ulp;
      row.within_bound = absolute(to_rational(row.against_inputs.error)) <= limit;
    }
    out.outcomes.push_back(std::move(row));
  }
  return out;
}

}  // namespace fpx
