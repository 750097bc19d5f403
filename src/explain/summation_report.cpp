// Summation reports (include/fpx/explain/summation_report.hpp).
#include "fpx/explain/summation_report.hpp"

#include <bit>

#include "fpx/core/exact_error.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/text.hpp"
#include "fpx/explain/style.hpp"
#include "fpx/explain/value_description.hpp"
#include "fpx/io/data_table.hpp"

namespace fpx {
namespace {

std::string exact_value_text(const ExactValue& exact) {
  if (exact.finite) return short_decimal(to_rational(exact.value), 17);
  if (exact.nan) return "nan";
  return exact.negative_infinity ? "-inf" : "inf";
}

// An exact sum as JSON: its decimal (every digit when it has at most 80,
// else 80 significant digits and "exactly": false) and the same rounded to
// 17 significant digits.
nlohmann::json exact_value_json(const ExactValue& exact) {
  nlohmann::json out;
  out["finite"] = exact.finite;
  if (!exact.finite) {
    out["decimal"] = out["decimal_17"] = exact_value_text(exact);
    out["exactly"] = true;
    return out;
  }
  const Rational value = to_rational(exact.value);
  const std::string long_form = short_decimal(value, 80);
  // The long form is the value exactly if reading it back gives it.
  const bool exactly = !exact.truncated && to_rational(read_number(long_form)) == value;
  out["decimal"] = long_form;
  out["decimal_17"] = short_decimal(value, 17);
  out["exactly"] = exactly;
  if (exact.truncated)
    out["note"] =
        "a number had more digits than fpx keeps exactly (2048); its cut value rounds the same "
        "in every format";
  return out;
}

nlohmann::json measure_json(const Format& format, const ExactValue& exact,
                            const ErrorMeasure& measure) {
  if (!measure.measured)
    return {{"error_ulps", nullptr}, {"relative_error", nullptr}, {"correct_bits", nullptr}};
  nlohmann::json out;
  out["error_ulps"] = ulps_of_exact(format, exact.value, measure.error, 4);
  out["relative_error"] = relative_text(exact.value, measure.error, 3);
  out["correct_bits"] = measure.correct_bits;
  return out;
}

}  // namespace

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
  out["seed"] = report.options.seed;
  nlohmann::json inputs{{"source", input.source},
                        {"rows", input.rows},
                        {"inexact", input.rows == 0 ? 0 : input.inexact},
                        {"non_finite", input.non_finite},
                        {"truncated", input.truncated},
                        {"skipped_lines", input.skipped_lines},
                        {"byte_order_mark", input.byte_order_mark}};
  if (!input.header.empty()) inputs["header"] = input.header;
  if (!input.columns.empty()) inputs["columns"] = input.columns;
  if (input.delimiter) inputs["delimiter"] = delimiter_name(input.delimiter);
  out["inputs"] = inputs;
  out["exact_data"] = exact_value_json(report.data);
  out["exact_inputs"] = exact_value_json(report.inputs);
  out["exact_inputs"]["nearest_hex"] = hex_text(accumulator, report.inputs_nearest);
  out["data_are_inputs"] = report.data_are_inputs;
  out["whole_vector_strategies"] = report.whole_vector_strategies;
  out["results"] = nlohmann::json::array();
  for (const StrategyOutcome& outcome : report.outcomes) {
    const std::uint64_t bits = outcome.result.bits;
    nlohmann::json row{{"strategy", outcome.name},
                       {"hex", hex_text(accumulator, bits)},
                       {"value", stored_value_json(accumulator, bits)},
                       {"exact_decimal", exact_decimal(accumulator, bits)},
                       {"shortest", shortest_decimal(accumulator, bits)},
                       {"flags", flag_letters(outcome.result.flags)}};
    row["against_data"] = measure_json(accumulator, report.data, outcome.against_data);
    row["against_inputs"] = measure_json(accumulator, report.inputs, outcome.against_inputs);
    row["bound_applies"] = outcome.bound.has_bound();
    row["bound_formula"] = outcome.bound.formula;
    row["bound_source"] = outcome.bound.source;
    row["bound_ulps"] = outcome.bound_ulps ? nlohmann::json(short_decimal(*outcome.bound_ulps, 3))
                                           : nlohmann::json(nullptr);
    row["within_bound"] =
        outcome.within_bound ? nlohmann::json(*outcome.within_bound) : nlohmann::json(nullptr);
    out["results"].push_back(row);
  }
  return out;
}

namespace {

std::string text(const nlohmann::json& value) {
  return value.is_null()     ? std::string("-")
         : value.is_string() ? value.get<std::string>()
                             : value.dump();
}

void input_lines(std::string& out, const nlohmann::json& report) {
  const nlohmann::json& inputs = report["inputs"];
  std::string read = "  read: " + text(inputs["source"]);
  if (inputs.contains("columns")) {
    std::string columns;
    for (const auto& column : inputs["columns"])
      columns += (columns.empty() ? "" : ", ") + text(column);
    read += ", column " + columns;
  }
  if (inputs.contains("delimiter") && inputs["columns"].size() > 1)
    read += " (" + text(inputs["delimiter"]) + "-separated)";
  if (inputs.contains("header")) read += "; header line " + quote(text(inputs["header"]));
  if (inputs["byte_order_mark"].get<bool>()) read += "; a UTF-8 byte-order mark skipped";
  if (inputs["skipped_lines"].get<std::size_t>())
    read += "; " + text(inputs["skipped_lines"]) + " comment or blank line(s) skipped";
  out += read + "\n";
  if (inputs["inexact"].get<std::size_t>() || inputs["non_finite"].get<std::size_t>())
    append_format(out, "  inputs: {} rounded when read into {}, {} NaN or infinite\n",
                  text(inputs["inexact"]), text(report["input_format"]),
                  text(inputs["non_finite"]));
  if (inputs["truncated"].get<std::size_t>())
    append_format(out,
                  "  {} number(s) had more than 2048 significant digits: their exact value was cut "
                  "(rounding is unaffected; errors against the data are good to 2048 digits)\n",
                  text(inputs["truncated"]));
}

}  // namespace

std::string summation_report_text(const nlohmann::json& report, bool color) {
  std::string out;
  std::string formats = report["input_format"].get<std::string>();
  if (report.contains("product_format"))
    formats += " inputs, " + report["product_format"].get<std::string>() + " products";
  else
    formats += " inputs";
  append_format(out, "{} of {} values: {}, {} accumulator, rounding {}\n",
                paint(report["operation"] == "dot" ? "dot product" : "sum", Color::Heading, color),
                text(report["n"]), formats, text(report["accumulator_format"]),
                text(report["rounding"]));
  input_lines(out, report);
  if (!report["whole_vector_strategies"].empty()) {
    std::string names;
    for (const auto& name : report["whole_vector_strategies"])
      names += (names.empty() ? "" : ", ") + name.get<std::string>();
    append_format(out, "  kept every value in memory for: {} (the other strategies stream)\n",
                  names);
  }
  const bool same = report["data_are_inputs"].get<bool>();
  // 17 digits, and every digit where they are more but not too many.
  auto exact_text = [](const nlohmann::json& exact) {
    const std::string short_form = text(exact["decimal_17"]), long_form = text(exact["decimal"]);
    if (short_form == long_form) return short_form;
    if (!exact["exactly"].get<bool>() || long_form.size() > 64) return short_form + " (17 digits)";
    return short_form + " (17 digits; exactly " + long_form + ")";
  };
  append_format(out, "  exact, of the data as written: {}\n", exact_text(report["exact_data"]));
  append_format(out, "  exact, of the {} inputs:{} {}  (nearest: {})\n\n",
                text(report["input_format"]), same ? " the same," : "",
                exact_text(report["exact_inputs"]), text(report["exact_inputs"]["nearest_hex"]));
  const bool slide = !report["results"].empty() && report["results"][0].contains("slide");
  append_format(out, "  {:<15} {:<24} {:<20} {:>22}  {:>22} {:>5} {:>10} {:<8}{}\n", "", "", "",
                "against the data", "against the inputs", "", "", "", "");
  append_format(out, "  {:<15} {:<24} {:<20} {:>11} {:>10}  {:>11} {:>10} {:>5} {:>10} {:<8}{}\n",
                "strategy", "value", "hex", "error ulp", "relative", "error ulp", "relative",
                "bits", "bound ulp", "within", slide ? " slide prints" : "");
  std::vector<std::string> no_bound;
  for (const auto& row : report["results"]) {
    const bool applies = row["bound_applies"].get<bool>();
    const std::string within = !applies                          ? "no bound"
                               : row["within_bound"].is_null()   ? "-"
                               : row["within_bound"].get<bool>() ? "yes"
                                                                 : "NO";
    if (!applies) no_bound.push_back(text(row["strategy"]) + ": " + text(row["bound_formula"]));
    const auto& data = row["against_data"];
    const auto& inputs = row["against_inputs"];
    append_format(out, "  {:<15} {:<24} {:<20} {:>11} {:>10}  {:>11} {:>10} {:>5} {:>10} {:<8}{}\n",
                  text(row["strategy"]),
                  stored_value_text(*find_format(report["accumulator_format"].get<std::string>()),
                                    std::stoull(row["hex"].get<std::string>(), nullptr, 16)),
                  text(row["hex"]), text(data["error_ulps"]), text(data["relative_error"]),
                  text(inputs["error_ulps"]), text(inputs["relative_error"]),
                  text(inputs["correct_bits"]), applies ? text(row["bound_ulps"]) : "n/a", within,
                  slide ? " " + text(row["slide"]) : "");
  }
  append_format(out,
                "  value: the stored result, every digit (or 17 digits then ...); errors in ulps "
                "of the exact value; bits: correct bits against the inputs; bound: a priori, for "
                "the arithmetic on the inputs\n");
  for (const std::string& line : no_bound) append_format(out, "  {}\n", line);
  return out;
}

}  // namespace fpx
