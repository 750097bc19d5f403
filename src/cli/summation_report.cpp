#include "summation_report.hpp"

#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"
#include "fpx/printing.hpp"

namespace fpx::cli {
namespace {

// floor(log2(numerator / denominator)) for positive rationals.
long floor_log2(const Rational& value) {
  const BigInteger top = boost::multiprecision::numerator(value),
                   bottom = boost::multiprecision::denominator(value);
  long estimate = long(boost::multiprecision::msb(top)) - long(boost::multiprecision::msb(bottom));
  const bool below = estimate >= 0 ? top < (bottom << estimate) : (top << -estimate) < bottom;
  return below ? estimate - 1 : estimate;
}

// A rational as a short decimal, via ExactNumber's printer.
std::string short_decimal(const Rational& value, int digits = 4) {
  const BigInteger top = boost::multiprecision::numerator(value),
                   bottom = boost::multiprecision::denominator(value);
  return approximate_decimal(top < 0, top < 0 ? BigInteger(-top) : top, bottom, 0, digits);
}

bool is_finite(const Format& format, std::uint64_t bits) {
  const FloatClass c = classify(format, bits);
  return c != FloatClass::Infinity && c != FloatClass::QuietNaN && c != FloatClass::SignalingNaN;
}

}  // namespace

std::vector<Strategy> require_strategies(const std::string& names, bool dot) {
  if (names == "all") return all_strategies(dot);
  std::vector<Strategy> strategies;
  std::size_t start = 0;
  while (start <= names.size()) {
    std::size_t comma = names.find(',', start);
    if (comma == std::string::npos) comma = names.size();
    const std::string name = names.substr(start, comma - start);
    auto strategy = parse_strategy(name);
    if (!strategy || (!dot && strategy->kind == StrategyKind::Fma))
      throw UsageError(
          "unknown strategy '" + name + "'" + (dot ? "" : " for a sum") +
          " (expected serial, fma, pairwise[:L], numpy, strided:P, blocked:B, kahan, neumaier, "
          "klein, sum2, dot2, sorted, stochastic, exact, mma:ARCH[:wgmma], or all)");
    strategies.push_back(*strategy);
    start = comma + 1;
  }
  return strategies;
}

SummationRun::SummationRun(bool dot, const SummationOptions& options,
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

void SummationRun::add(const std::uint64_t* values) {
  const std::uint64_t magnitude_mask = options_.input_format->magnitude_mask();
  for (auto& streaming : streaming_) {
    if (!streaming) continue;
    if (dot_)
      streaming->add_product(values[0], values[1]);
    else
      streaming->add(values[0]);
  }
  if (dot_) {
    exact_.add_product(values[0], values[1]);
    magnitudes_.add_product(values[0] & magnitude_mask, values[1] & magnitude_mask);
  } else {
    exact_.add(values[0]);
    magnitudes_.add(values[0] & magnitude_mask);
  }
  if (keep_vectors_) {
    first_.push_back(values[0]);
    if (dot_) second_.push_back(values[1]);
  }
  ++count_;
}

nlohmann::json SummationRun::report(const ReadSummary& input) const {
  const Format& accumulator = options_.accumulator();
  nlohmann::json out;
  out["operation"] = dot_ ? "dot" : "sum";
  out["n"] = count_;
  out["input_format"] = options_.input_format->name;
  out["accumulator_format"] = accumulator.name;
  if (dot_) out["product_format"] = options_.product().name;
  out["rounding"] = short_name(options_.rounding);
  out["inexact_inputs"] = input.rows == 0 ? 0 : input.inexact;
  out["non_finite_inputs"] = input.non_finite;
  if (!input.header.empty()) out["header"] = input.header;
  const bool exact_finite = !exact_.is_nan() && !exact_.is_infinite();
  const Rational exact = exact_finite ? to_rational(exact_.value()) : Rational(0);
  const Rational magnitude_sum = exact_finite ? to_rational(magnitudes_.value()) : Rational(0);
  const std::uint64_t exact_rounded = exact_.round(accumulator, Rounding::NearestEven).bits;
  out["exact"] = {{"value", exact_finite ? short_decimal(exact, 17)
                                         : exact_decimal(accumulator, exact_rounded)},
                  {"hex", hex_text(accumulator, exact_rounded)},
                  {"note", "hex: the exact value rounded to nearest in the accumulator format"}};
  std::vector<std::string> in_memory;
  for (const Strategy& strategy : strategies_)
    if (needs_whole_vector(strategy)) in_memory.push_back(strategy.name(dot_));
  out["whole_vector_strategies"] = in_memory;
  out["results"] = nlohmann::json::array();
  for (std::size_t k = 0; k < strategies_.size(); ++k) {
    const Strategy& strategy = strategies_[k];
    const Rounded result = streaming_[k] ? streaming_[k]->result()
                           : dot_        ? dot(strategy, first_, second_, options_)
                                         : sum(strategy, first_, options_);
    nlohmann::json row{{"strategy", strategy.name(dot_)},
                       {"hex", hex_text(accumulator, result.bits)},
                       {"value", shortest_decimal(accumulator, result.bits)},
                       {"flags", flag_letters(result.flags)}};
    const ErrorBound bound = error_bound(strategy, count_, dot_, options_);
    row["bound_formula"] = bound.formula;
    row["bound_source"] = bound.source;
    if (exact_finite && is_finite(accumulator, result.bits)) {
      const ExactNumber computed = exact_number(accumulator, result.bits);
      const Rational error = to_rational(computed) - exact;
      const ExactNumber error_number = difference(computed, exact_.value());
      row["error_ulps"] = in_ulps(accumulator, result.bits, error_number, 4);
      const Rational absolute_error = error < 0 ? Rational(-error) : error;
      if (exact != 0) {
        row["relative_error"] = short_decimal(error / (exact < 0 ? Rational(-exact) : exact), 3);
        row["correct_bits"] =
            absolute_error == 0
                ? accumulator.precision
                : std::clamp<long>(
                      floor_log2((exact < 0 ? Rational(-exact) : exact) / absolute_error), 0,
                      accumulator.precision);
      } else {
        row["relative_error"] = absolute_error == 0 ? "0" : "inf";
        row["correct_bits"] = absolute_error == 0 ? accumulator.precision : 0;
      }
      if (bound.has_bound()) {
        const Rational limit = bound.relative * (exact < 0 ? Rational(-exact) : exact) +
                               bound.absolute * magnitude_sum;
        const ExactNumber unit =
            exact_number(accumulator, unit_in_last_place(accumulator, result.bits));
        row["bound_ulps"] = short_decimal(limit / to_rational(unit), 3);
        row["within_bound"] = absolute_error <= limit;
      } else {
        row["bound_ulps"] = nullptr;
        row["within_bound"] = nullptr;
      }
    } else {
      row["error_ulps"] = nullptr;
      row["correct_bits"] = nullptr;
      row["within_bound"] = nullptr;
    }
    out["results"].push_back(row);
  }
  return out;
}

void print_report(const nlohmann::json& report, bool color) {
  auto text = [](const nlohmann::json& value) {
    return value.is_null()     ? std::string("-")
           : value.is_string() ? value.get<std::string>()
                               : value.dump();
  };
  std::string formats = report["input_format"].get<std::string>();
  if (report.contains("product_format"))
    formats += " inputs, " + report["product_format"].get<std::string>() + " products";
  else
    formats += " inputs";
  fmt::print("{} of {} values: {}, {} accumulator, rounding {}\n",
             paint(report["operation"] == "dot" ? "dot product" : "sum", Color::Heading, color),
             text(report["n"]), formats, text(report["accumulator_format"]),
             text(report["rounding"]));
  if (report["inexact_inputs"].get<std::size_t>() || report["non_finite_inputs"].get<std::size_t>())
    fmt::print("  inputs: {} rounded when read, {} NaN or infinite\n",
               text(report["inexact_inputs"]), text(report["non_finite_inputs"]));
  if (report.contains("header")) fmt::print("  header line: {}\n", text(report["header"]));
  if (!report["whole_vector_strategies"].empty()) {
    std::string names;
    for (const auto& name : report["whole_vector_strategies"])
      names += (names.empty() ? "" : ", ") + name.get<std::string>();
    fmt::print("  kept every value in memory for: {} (the other strategies stream)\n", names);
  }
  fmt::print("  exact: {}  (nearest: {})\n\n", text(report["exact"]["value"]),
             text(report["exact"]["hex"]));
  const bool slide = !report["results"].empty() && report["results"][0].contains("slide");
  fmt::print("  {:<15} {:<22} {:<20} {:>12} {:>6} {:>10} {:<6}{}\n", "strategy", "result", "hex",
             "error ulp", "bits", "bound ulp", "within", slide ? " slide prints" : "");
  for (const auto& row : report["results"]) {
    const std::string within = row["within_bound"].is_null()     ? "-"
                               : row["within_bound"].get<bool>() ? "yes"
                                                                 : "NO";
    fmt::print("  {:<15} {:<22} {:<20} {:>12} {:>6} {:>10} {:<6}{}\n", text(row["strategy"]),
               text(row["value"]), text(row["hex"]), text(row["error_ulps"]),
               text(row["correct_bits"]), text(row.value("bound_ulps", nlohmann::json())), within,
               slide ? " " + text(row["slide"]) : "");
  }
}

}  // namespace fpx::cli
