// fpx regress FILE: least squares by emulated solvers, scored against the
// exact solutions of the decimal data and of the data rounded into the format.
#include <algorithm>
#include <iostream>
#include <memory>

#include "fpx/explain/linear_model_reports.hpp"
#include "fpx/linear_models/log_relative_error.hpp"
#include "options.hpp"
#include "solver_options.hpp"

namespace fpx::cli {
namespace {

struct RegressSettings {
  std::string file;
  int degree = -1;
  std::vector<std::string> columns;
  std::string response;
  bool no_intercept = false;
  SolverOptions solver;
  OutputOptions output;
};

int run_regress(const RegressSettings& settings) {
  const SolverRun run = require_solver_run(settings.solver);
  const std::vector<Method> methods = require_methods(settings.solver.solvers);
  if (settings.degree >= 0 && !settings.columns.empty() && settings.columns.size() != 1)
    throw UsageError("--degree needs exactly one predictor column");
  if (settings.solver.steps < 1) throw UsageError("--steps must be >= 1");
  if (settings.file.empty()) throw UsageError("give a data FILE (CSV with a header line)");

  ModelChoice choice;
  choice.degree = settings.degree;
  choice.predictors = settings.columns;
  choice.response = settings.response;
  choice.intercept = !settings.no_intercept;
  const RegressionData data = read_regression_data(settings.file, choice);
  const RegressionReferences references =
      regression_references(data.problem, *run.format, run.rounding, settings.file);
  const double cap = format_digits(*run.format);
  std::vector<SolverScore> results;
  for (Method method : methods)
    results.push_back(score_solver(run, method, references.rounded, &references.decimal.w,
                                   &references.rounded_solution.w,
                                   data.certified.empty() ? nullptr : &data.certified, cap, 15));
  const bool any_result = std::any_of(results.begin(), results.end(),
                                      [](const SolverScore& s) { return s.has_values; });
  for (const SolverScore& s : results)
    if (!s.has_values || s.result.status != SolveStatus::Ok)
      std::cerr << "fpx: " << s.name << ": " << status_name(s.result.status) << ": "
                << s.result.message << '\n';
  const RegressionReport report{settings.file, &data, &references, &run, cap, &results};
  print_result(
      settings.output, [&] { return regression_json(report); },
      [&](bool color) { return regression_text(report, color); });
  return any_result ? 0 : exit_data;
}

}  // namespace

void register_regress(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<RegressSettings>();
  CLI::App* command = app.add_subcommand(
      "regress",
      "Least squares min ||y - Xw||^2 by emulated solvers, scored against the exact solutions\n"
      "of the decimal data and of the data rounded into the format.\n"
      "Example: fpx regress data/nist/Longley.csv --solver qr,cholesky --format binary32 "
      "--refine 5");
  command->add_option("file", settings->file, "CSV with a header line (NIST NAME.csv: its model)");
  add_integer_option(command, "--degree", settings->degree, 1, 30,
                     "Polynomial of this degree in the one predictor");
  command
      ->add_option("--columns", settings->columns, "Predictor columns (names or 0-based indices)")
      ->delimiter(',');
  command->add_option("--response", settings->response, "Response column (default: the last)");
  command->add_flag("--no-intercept", settings->no_intercept, "No constant term");
  add_solver_options(command, settings->solver);
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_regress(*settings); }; });
}

}  // namespace fpx::cli
