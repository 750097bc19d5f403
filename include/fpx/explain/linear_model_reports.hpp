// The linear models' results as JSON and as text: `fpx regress`,
// `fpx perceptron`, `fpx nist` and the lecture's cost table (`fpx cost`).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fpx/linear_models/cost_table.hpp"
#include "fpx/linear_models/perceptron_problem.hpp"
#include "fpx/linear_models/regression.hpp"

namespace fpx {

// One regression: the model, both exact references, every solver scored.
struct RegressionReport {
  std::string file;
  const RegressionData* data = nullptr;
  const RegressionReferences* references = nullptr;
  const SolverRun* run = nullptr;
  double cap = 0;  // the LRE cap: the digits of the format
  const std::vector<SolverScore>* solvers = nullptr;
};
nlohmann::json regression_json(const RegressionReport& report);
std::string regression_text(const RegressionReport& report, bool color);

struct PerceptronReport {
  std::string file;
  const PerceptronProblem* problem = nullptr;
  const PerceptronComparison* comparison = nullptr;
  const Format* format = &binary32;
  Rounding rounding = Rounding::NearestEven;
  Strategy strategy;
  PerceptronSettings settings;
};
nlohmann::json perceptron_json(const PerceptronReport& report);
std::string perceptron_text(const PerceptronReport& report, bool color);

nlohmann::json nist_json(const std::vector<NistRow>& rows, const Format& format);
// The table: one column per solver of the first row.
std::string nist_text(const std::vector<NistRow>& rows, const SolverRun& run, bool color);

nlohmann::json cost_rows_json(const std::vector<CostRow>& rows);
std::string cost_rows_text(const std::vector<CostRow>& rows, bool color);

// A solver's operation count and memory account.
nlohmann::json operation_count_json(const OperationCount& count);
nlohmann::json memory_json(const MemoryAccount& memory);

}  // namespace fpx
