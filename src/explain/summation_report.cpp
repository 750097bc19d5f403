// Summation reports (include/fpx/explain/summation_report.hpp).
#include "fpx/explain/summation_report.hpp"

#include <fmt/format.h>

#include "fpx/core/exact_error.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/explain/style.hpp"

namespace fpx {

nlohmann::json summation_report_json(const ComparisonReport& report,
                                     const NumberReadSummary& input) {
  const Format& accumulator = report.options.accumulator();
  nlohmann::json out;
  out["operation"] = report.dot ? "dot" : "sum";
  out["n"] = report.n;
  out["input_format"] = report.options.input_format->name;
  out["accumulator_format"] = accumulator.name;
  if (report.dot) out["product_format"] = report.options.product().name;
  out["rounding"] = short_name(report.options.rounding);
  out["inexact_inputs"] = input.rows == 0 ? 0 : input.inexact;
  out["non_finite_inputs"] = input.non_finite;
  if (!input.header.empty()) out["header"] = input.header;
  out["exact"] = {{"value", report.exact_finite ? short_decimal(report.exact, 17)
                                                : exact_decimal(accumulator, report.exact_nearest)},
                  {"hex", hex_text(accumulator, report.exact_nearest)},
                  {"note", "hex: the exact value rounded to nearest in the accumulator format"}};
  out["whole_vector_strategies"] = report.whole_vector_strategies;
  out["results"] = nlohmann::json::array();
  for (const StrategyOutcome& outcome : report.outcomes) {
    const std::uint64_t bits = outcome.result.bits;
    nlohmann::json row{{"strategy", outcome.name},
                       {"hex", hex_text(accumulator, bits)},
                       {"value", shortest_decimal(accumulator, bits)},
                       {"flags", flag_letters(outcome.result.flags)}};
    row["bound_formula"] = outcome.bound.formula;
    row["bound_source"] = outcome.bound.source;
    if (outcome.measured) {
      row["error_ulps"] = in_ulps(accumulator, bits, outcome.error, 4);
      if (outcome.relative_error)
        row["relative_error"] = short_decimal(*outcome.relative_error, 3);
      else
        row["relative_error"] = outcome.error.numerator == 0 ? "0" : "inf";
      row["correct_bits"] = outcome.correct_bits;
      if (outcome.bound_ulps) {
        row["bound_ulps"] = short_decimal(*outcome.bound_ulps, 3);
        row["within_bound"] = *outcome.within_bound;
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

std::string summation_report_text(const nlohmann::json& report, bool color) {
  std::string out;
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
  append_format(out, "{} of {} values: {}, {} accumulator, rounding {}\n",
                paint(report["operation"] == "dot" ? "dot product" : "sum", Color::Heading, color),
                text(report["n"]), formats, text(report["accumulator_format"]),
                text(report["rounding"]));
  if (report["inexact_inputs"].get<std::size_t>() || report["non_finite_inputs"].get<std::size_t>())
    append_format(out, "  inputs: {} rounded when read, {} NaN or infinite\n",
                  text(report["inexact_inputs"]), text(report["non_finite_inputs"]));
  if (report.contains("header")) append_format(out, "  header line: {}\n", text(report["header"]));
  if (!report["whole_vector_strategies"].empty()) {
    std::string names;
    for (const auto& name : report["whole_vector_strategies"])
      names += (names.empty() ? "" : ", ") + name.get<std::string>();
    fmt::format_to(std::back_inserter(out),
                   "  kept every value in memory for: {} (the other strategies stream)\n", names);
  }
  append_format(out, "  exact: {}  (nearest: {})\n\n", text(report["exact"]["value"]),
                text(report["exact"]["hex"]));
  const bool slide = !report["results"].empty() && report["results"][0].contains("slide");
  append_format(out, "  {:<15} {:<22} {:<20} {:>12} {:>6} {:>10} {:<6}{}\n", "strategy", "result",
                "hex", "error ulp", "bits", "bound ulp", "within", slide ? " slide prints" : "");
  for (const auto& row : report["results"]) {
    const std::string within = row["within_bound"].is_null()     ? "-"
                               : row["within_bound"].get<bool>() ? "yes"
                                                                 : "NO";
    fmt::format_to(std::back_inserter(out), "  {:<15} {:<22} {:<20} {:>12} {:>6} {:>10} {:<6}{}\n",
                   text(row["strategy"]), text(row["value"]), text(row["hex"]),
                   text(row["error_ulps"]), text(row["correct_bits"]),
                   text(row.value("bound_ulps", nlohmann::json())), within,
                   slide ? " " + text(row["slide"]) : "");
  }
  return out;
}

}  // namespace fpx
