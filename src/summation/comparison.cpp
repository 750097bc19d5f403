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
  if (names == "all") return all_strategies(dot);
  std::vector<Strategy> strategies;
  for (const std::string& name : split_list(names)) {
    auto strategy = parse_strategy(name);
    if (!strategy || (!dot && strategy->kind == StrategyKind::Fma))
      throw std::invalid_argument("unknown strategy '" + name + "'" + (dot ? "" : " for a sum") +
                                  " (expected " + strategy_spellings(dot) + ", or all)");
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
    streaming_.push_back(make_streaming_summation(strategy, options_));
    keep_vectors_ = keep_vectors_ || !streaming_.back();
  }
}

void StrategyComparison::add(const std::uint64_t* values) {
  for (auto& streaming : streaming_) {
    if (!streaming) continue;
    if (dot_)
      streaming->add_product(values[0], values[1]);
    else
      streaming->add(values[0]);
  }
  pending_first_.push_back(values[0]);
  if (dot_) pending_second_.push_back(values[1]);
  if (pending_first_.size() == 4096) flush_exact();
  if (keep_vectors_) {
    first_.push_back(values[0]);
    if (dot_) second_.push_back(values[1]);
  }
  ++count_;
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
  out.exact_finite = !exact_.is_nan() && !exact_.is_infinite();
  out.exact = out.exact_finite ? to_rational(exact_.value()) : Rational(0);
  const Rational magnitude_sum = out.exact_finite ? to_rational(magnitudes_.value()) : Rational(0);
  out.exact_nearest = exact_.round(accumulator, Rounding::NearestEven).bits;
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
    if (out.exact_finite && is_finite(accumulator, row.result.bits)) {
      row.measured = true;
      const ExactNumber computed = exact_number(accumulator, row.result.bits);
      row.error = difference(computed, exact_.value());
      const Rational error = to_rational(computed) - out.exact;
      const Rational absolute_error = absolute(error);
      if (out.exact != 0) row.relative_error = error / absolute(out.exact);
      row.correct_bits = correct_bits(out.exact, error, accumulator.precision);
      if (row.bound.has_bound()) {
        const Rational limit =
            row.bound.relative * absolute(out.exact) + row.bound.absolute * magnitude_sum;
        const ExactNumber unit =
            exact_number(accumulator, unit_in_last_place(accumulator, row.result.bits));
        row.bound_ulps = limit / to_rational(unit);
        row.within_bound = absolute_error <= limit;
      }
    }
    out.outcomes.push_back(std::move(row));
  }
  return out;
}

}  // namespace fpx
