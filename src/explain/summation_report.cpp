// Summation reports (include/fpx/explain/summation_report.hpp).
#include "fpx/explain/summation_report.hpp"

#include <algorithm>
#include <bit>

#include "fpx/core/exact_error.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/text.hpp"
#include "fpx/explain/statistics.hpp"
#include "fpx/explain/style.hpp"
#include "fpx/explain/value_description.hpp"
#include "fpx/io/data_table.hpp"

namespace fpx {
namespace {

// A result's bits from the "0x..." text of its own JSON row.
std::uint64_t bits_of_hex(const nlohmann::json& hex) {
  return parse_hex_digits(std::string_view(hex.get_ref<const std::string&>()).substr(2)).value();
}

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
  if (exact.beyond_range) {
    out["decimal"] = out["decimal_17"] = nullptr;
    out["exactly"] = false;
    out["note"] =
        "a number lies beyond 10^+-1000 in magnitude: fpx rounds it as 2^+-100000, which gives "
        "the same result in every format and mode, but does not compute the exact sum or errors "
        "against it";
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
  inputs["header"] = input.header.empty() ? nlohmann::json() : nlohmann::json(input.header);
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
  if (!inputs["header"].is_null()) read += "; header line " + quote(text(inputs["header"]));
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

namespace {

// 17 digits, and every digit where they are more but not too many.
std::string exact_text(const nlohmann::json& exact) {
  if (exact["decimal"].is_null()) return "not computed: " + text(exact["note"]);
  const std::string short_form = text(exact["decimal_17"]), long_form = text(exact["decimal"]);
  if (short_form == long_form) return short_form;
  if (!exact["exactly"].get<bool>() || long_form.size() > 64) return short_form + " (17 digits)";
  return short_form + " (17 digits; exactly " + long_form + ")";
}

// The lines above the table: what was summed, how it was read, the exact values.
void header_lines(std::string& out, const nlohmann::json& report, bool with_inputs, bool color) {
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
  append_format(out, "  exact, of the data as written: {}\n", exact_text(report["exact_data"]));
  if (with_inputs) exact_inputs_line(out, report);
}

}  // namespace

void exact_inputs_line(std::string& out, const nlohmann::json& report) {
  const bool same = report["data_are_inputs"].get<bool>();
  append_format(out, "  exact, of the {} inputs:{} {}  (nearest: {})\n",
                text(report["input_format"]), same ? " the same," : "",
                exact_text(report["exact_inputs"]), text(report["exact_inputs"]["nearest_hex"]));
}

namespace {

// The first field is the format column, padded or empty; the second the
// strategy column, as wide as the longest name (strided:268435456 too).
constexpr const char* row_layout =
    "  {}{:<{}} {:<24} {:<20} {:>11} {:>10}  {:>11} {:>10} {:>5} {:>10} {:<8}{}\n";

int strategy_width(const std::vector<nlohmann::json>& reports) {
  std::size_t width = 15;
  for (const auto& report : reports)
    for (const auto& row : report["results"])
      width = std::max(width, row["strategy"].get<std::string>().size());
  return int(width);
}

std::string format_column(bool with_format, const std::string& name) {
  return with_format ? fmt::format("{:<9}", name) : std::string();
}

void table_heading(std::string& out, bool with_format, bool slide, int width) {
  append_format(out, "  {}{:<{}} {:<24} {:<20} {:^22}  {:^22}\n", format_column(with_format, ""),
                "", width, "", "", "against the data", "against the inputs");
  append_format(out, row_layout, format_column(with_format, "format"), "strategy", width, "value",
                "hex", "error ulp", "relative", "error ulp", "relative", "bits", "bound ulp",
                "within", slide ? " slide prints" : "");
}

void table_rows(std::string& out, const nlohmann::json& report, bool with_format, int width,
                std::vector<std::string>& no_bound) {
  const Format& accumulator = *find_format(report["accumulator_format"].get<std::string>());
  for (const auto& row : report["results"]) {
    const bool applies = row["bound_applies"].get<bool>();
    const std::string within = !applies                          ? "no bound"
                               : row["within_bound"].is_null()   ? "-"
                               : row["within_bound"].get<bool>() ? "yes"
                                                                 : "NO";
    if (!applies)
      no_bound.push_back((with_format ? text(report["input_format"]) + " " : std::string()) +
                         text(row["strategy"]) + ": " + text(row["bound_formula"]));
    const auto& data = row["against_data"];
    const auto& inputs = row["against_inputs"];
    append_format(out, row_layout, with_format ? text(report["input_format"]) : "",
                  text(row["strategy"]), width,
                  stored_value_text(accumulator, bits_of_hex(row["hex"])), text(row["hex"]),
                  text(data["error_ulps"]), text(data["relative_error"]),
                  text(inputs["error_ulps"]), text(inputs["relative_error"]),
                  text(inputs["correct_bits"]), applies ? text(row["bound_ulps"]) : "n/a", within,
                  row.contains("slide") ? " " + text(row["slide"]) : "");
  }
}

void table_notes(std::string& out, const std::vector<std::string>& no_bound) {
  append_format(out,
                "  value: the stored result, every digit (or 17 digits then ...); errors in ulps "
                "of the exact value; bits: correct bits against the inputs; bound: a priori, for "
                "the arithmetic on the inputs\n");
  for (const std::string& line : no_bound) append_format(out, "  {}\n", line);
}

}  // namespace

std::string summation_report_text(const nlohmann::json& report, bool color) {
  std::string out;
  header_lines(out, report, true, color);
  out += "\n";
  const bool slide = !report["results"].empty() && report["results"][0].contains("slide");
  const int width = strategy_width({report});
  table_heading(out, false, slide, width);
  std::vector<std::string> no_bound;
  table_rows(out, report, false, width, no_bound);
  table_notes(out, no_bound);
  return out;
}

std::string summation_reports_text(const std::vector<nlohmann::json>& reports, bool color) {
  std::string out;
  header_lines(out, reports.front(), false, color);
  for (const auto& report : reports) exact_inputs_line(out, report);
  out += "\n";
  const int width = strategy_width(reports);
  table_heading(out, true, false, width);
  std::vector<std::string> no_bound;
  for (const auto& report : reports) table_rows(out, report, true, width, no_bound);
  table_notes(out, no_bound);
  return out;
}

nlohmann::json summation_trials_json(const std::vector<ComparisonReport>& trials) {
  const ComparisonReport& first = trials.front();
  const Format& accumulator = first.options.accumulator();
  nlohmann::json out;
  out["operation"] = first.dot ? "dot" : "sum";
  out["n"] = first.n;
  out["input_format"] = first.options.input_format->name;
  out["accumulator_format"] = accumulator.name;
  out["rounding"] = short_name(first.options.rounding);
  out["trials"] = trials.size();
  out["first_seed"] = first.options.seed;
  out["exact_data"] = exact_value_json(first.data);
  out["results"] = nlohmann::json::array();
  for (std::size_t k = 0; k < first.outcomes.size(); ++k) {
    std::vector<Rational> values, errors;
    std::size_t within = 0, bounded = 0;
    for (const ComparisonReport& trial : trials) {
      const StrategyOutcome& outcome = trial.outcomes[k];
      const ExactNumber value = exact_number(accumulator, outcome.result.bits);
      if (value.kind != ExactNumber::Kind::Finite) continue;
      values.push_back(to_rational(value));
      if (outcome.against_data.relative_error)
        errors.push_back(*outcome.against_data.relative_error);
      if (outcome.within_bound) {
        ++bounded;
        within += *outcome.within_bound ? 1 : 0;
      }
    }
    nlohmann::json row{{"strategy", first.outcomes[k].name}, {"finite_results", values.size()}};
    row["result"] = values.empty() ? nlohmann::json() : distribution_json(summarize(values), 9);
    row["relative_error_against_data"] =
        errors.empty() ? nlohmann::json() : distribution_json(summarize(errors), 3);
    row["within_bound_fraction"] =
        bounded ? nlohmann::json(double(within) / double(bounded)) : nlohmann::json();
    out["results"].push_back(row);
  }
  return out;
}

std::string summation_trials_text(const nlohmann::json& trials, bool color) {
  std::string out;
  append_format(out,
                "{} of {} values: {} inputs, {} accumulator, rounding {}; {} trials from seed {}\n",
                paint(trials["operation"] == "dot" ? "dot product" : "sum", Color::Heading, color),
                text(trials["n"]), text(trials["input_format"]), text(trials["accumulator_format"]),
                text(trials["rounding"]), text(trials["trials"]), text(trials["first_seed"]));
  append_format(out, "  exact, of the data as written: {}\n\n", exact_text(trials["exact_data"]));
  constexpr const char* layout =
      "  {:<15} {:>16} {:>12} {:>16} {:>16} {:>16} {:>11} {:>11} {:>8}\n";
  append_format(out, layout, "strategy", "mean", "sd", "min", "median", "max", "rel. 5%",
                "rel. 95%", "within");
  for (const auto& row : trials["results"]) {
    if (row["result"].is_null()) {
      append_format(out, "  {:<15} no finite result\n", text(row["strategy"]));
      continue;
    }
    const auto& result = row["result"];
    const auto& error = row["relative_error_against_data"];
    append_format(out, layout, text(row["strategy"]), text(result["mean"]),
                  fmt::format("{:.3g}", result["standard_deviation"].get<double>()),
                  text(result["min"]), text(result["median"]), text(result["max"]),
                  error.is_null() ? "-" : text(error["q05"]),
                  error.is_null() ? "-" : text(error["q95"]),
                  row["within_bound_fraction"].is_null()
                      ? "no bound"
                      : fmt::format("{:.0f}%", 100 * row["within_bound_fraction"].get<double>()));
  }
  out +=
      "  each trial seeds the stochastic rounding with the next seed; result: 9 digits; rel.: "
      "quantiles of the relative error against the data; within: trials within the a-priori "
      "bound\n";
  return out;
}

nlohmann::json axis_sums_json(const AxisSums& sums, const SummationOptions& options) {
  const Format& accumulator = options.accumulator();
  nlohmann::json out;
  out["operation"] = "sum";
  out["axis"] = sums.axis;
  out["strategy"] = sums.strategy.name();
  out["rows"] = sums.rows;
  out["columns"] = sums.cols;
  out["input_format"] = options.input_format->name;
  out["accumulator_format"] = accumulator.name;
  out["rounding"] = short_name(options.rounding);
  out["order"] = sums.axis == 0
                     ? "np.sum(X, axis=0): the rows added in order into the column sums, from +0"
                     : "np.sum(X, axis=1): each contiguous row by np.sum's order (numpy)";
  out["sums"] = nlohmann::json::array();
  for (const AxisSum& sum : sums.sums) {
    const std::uint64_t bits = sum.result.bits;
    out["sums"].push_back(
        {{sums.axis == 0 ? "column" : "row", sum.label},
         {"hex", hex_text(accumulator, bits)},
         {"value", stored_value_json(accumulator, bits)},
         {"exact_decimal", exact_decimal(accumulator, bits)},
         {"shortest", shortest_decimal(accumulator, bits)},
         {"flags", flag_letters(sum.result.flags)},
         {"exact_data", exact_value_json(sum.data)},
         {"against_data", measure_json(accumulator, sum.data, sum.against_data)},
         {"against_inputs", measure_json(accumulator, sum.inputs, sum.against_inputs)}});
  }
  return out;
}

std::string axis_sums_text(const nlohmann::json& sums, bool color) {
  std::string out;
  append_format(out,
                "{} of a {} x {} matrix along axis {}: {} inputs, {} accumulator, rounding {}\n",
                paint("sum", Color::Heading, color), text(sums["rows"]), text(sums["columns"]),
                text(sums["axis"]), text(sums["input_format"]), text(sums["accumulator_format"]),
                text(sums["rounding"]));
  append_format(out, "  order: {}\n\n", text(sums["order"]));
  const bool columns = sums["axis"].get<int>() == 0;
  const Format& accumulator = *find_format(sums["accumulator_format"].get<std::string>());
  constexpr const char* layout = "  {:<12} {:<24} {:<20} {:<24} {:>11} {:>10}  {:>11} {:>10}\n";
  append_format(out, "  {:<12} {:<24} {:<20} {:<24} {:^22}  {:^22}\n", "", "", "", "",
                "against the data", "against the inputs");
  append_format(out, layout, columns ? "column" : "row", "value", "hex", "exact (data)",
                "error ulp", "relative", "error ulp", "relative");
  for (const auto& sum : sums["sums"]) {
    append_format(out, layout, text(sum[columns ? "column" : "row"]),
                  stored_value_text(accumulator, bits_of_hex(sum["hex"])), text(sum["hex"]),
                  text(sum["exact_data"]["decimal_17"]), text(sum["against_data"]["error_ulps"]),
                  text(sum["against_data"]["relative_error"]),
                  text(sum["against_inputs"]["error_ulps"]),
                  text(sum["against_inputs"]["relative_error"]));
  }
  out +=
      "  errors in ulps of the exact value; value: the stored sum, every digit (or 17 digits "
      "then ...)\n";
  return out;
}

}  // namespace fpx
