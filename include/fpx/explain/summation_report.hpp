// A comparison of summation strategies (summation/comparison.hpp) as JSON
// and as the text table of `fpx sum`, `fpx dot` and `fpx table`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "fpx/io/number_columns.hpp"
#include "fpx/summation/comparison.hpp"

namespace fpx {

// The report as JSON: operation, n, formats, rounding, the input summary,
// the exact value, and one object per strategy (README, "fpx sum --json").
nlohmann::json summation_report_json(const ComparisonReport& report,
                                     const NumberReadSummary& input);

// The report as a text table; `slide` rows (a "slide" key per result) add a
// column of the values a slide prints.
std::string summation_report_text(const nlohmann::json& report, bool color);

}  // namespace fpx
