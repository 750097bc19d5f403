// A comparison of summation strategies (summation/comparison.hpp) as JSON
// and as the text table of `fpx sum`, `fpx dot` and `fpx table`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fpx/io/number_columns.hpp"
#include "fpx/summation/axis_sum.hpp"
#include "fpx/summation/comparison.hpp"

namespace fpx {

// The report as JSON: operation, n, formats, rounding, the input summary,
// the exact value, and one object per strategy (README, "fpx sum --json").
nlohmann::json summation_report_json(const ComparisonReport& report,
                                     const NumberReadSummary& input);

// The report as a text table; `slide` rows (a "slide" key per result) add a
// column of the values a slide prints.
std::string summation_report_text(const nlohmann::json& report, bool color);

// Reports of the same data in several input formats as one table.
std::string summation_reports_text(const std::vector<nlohmann::json>& reports, bool color);
// The line "exact, of the FORMAT inputs: ..." of a report.
void exact_inputs_line(std::string& out, const nlohmann::json& report);

// np.sum along an axis, beside the exact sums.
nlohmann::json axis_sums_json(const AxisSums& sums, const SummationOptions& options);
std::string axis_sums_text(const nlohmann::json& sums, bool color);

// The same comparison run with consecutive seeds (stochastic rounding): per
// strategy, the distribution of the result and of its relative error
// against the data, and the fraction of trials within the bound.
nlohmann::json summation_trials_json(const std::vector<ComparisonReport>& trials);
std::string summation_trials_text(const nlohmann::json& trials, bool color);

}  // namespace fpx
