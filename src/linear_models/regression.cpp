// Least squares as `fpx regress` and `fpx nist` run it
// (include/fpx/linear_models/regression.hpp).
#include "fpx/linear_models/regression.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "fpx/core/text.hpp"
#include "fpx/io/data_table.hpp"
#include "fpx/linear_models/log_relative_error.hpp"

namespace fpx {
namespace {

namespace fs = std::filesystem;

// The terms of a model chosen by columns and degree.
RegressionData chosen_model(const std::string& path, const ModelChoice& choice) {
  const DataTable table = read_data_table(path);
  RegressionData data;
  const std::string response = choice.response.empty() ? table.header.back() : choice.response;
  const std::size_t response_column = table.column(response);
  std::vector<std::string> predictors;
  if (!choice.predictors.empty()) {
    for (const std::string& column : choice.predictors)
      predictors.push_back(table.header[table.column(column)]);
  } else {
    for (std::size_t k = 0; k < table.header.size(); ++k)
      if (k != response_column) predictors.push_back(table.header[k]);
  }
  if (predictors.empty()) throw DataFileError("no predictor columns");
  if (choice.degree >= 0 && predictors.size() != 1)
    throw std::invalid_argument(
        "--degree needs exactly one predictor column (name it with --columns)");
  if (choice.intercept) data.terms.push_back("1");
  if (choice.degree >= 1) {
    data.terms.push_back(predictors[0]);
    for (int k = 2; k <= choice.degree; ++k)
      data.terms.push_back(predictors[0] + "^" + std::to_string(k));
  } else {
    for (const std::string& name : predictors) data.terms.push_back(name);
  }
  data.problem = build_problem(table, data.terms, response);
  data.model_source = "response " + response;
  return data;
}

}  // namespace

RegressionData read_regression_data(const std::string& path, const ModelChoice& choice) {
  const fs::path file(path);
  const fs::path certified_path = file.parent_path() / (file.stem().string() + ".certified.json");
  std::error_code error;
  if (!(fs::exists(certified_path, error) && choice.is_default()))
    return chosen_model(path, choice);
  const std::string directory =
      file.parent_path().empty() ? std::string(".") : file.parent_path().string();
  NistDataset dataset = load_nist_dataset(directory, file.stem().string());
  RegressionData data;
  data.terms = dataset.terms;
  for (const std::string& text : dataset.certified) data.certified.push_back(parse_rational(text));
  data.problem = std::move(dataset.problem);
  data.model_source = "NIST model from " + certified_path.string();
  return data;
}

RegressionReferences regression_references(const ExactProblem& problem, const Format& format,
                                           Rounding rounding, const std::string& source,
                                           bool require_rounded_full_rank) {
  if (problem.rows < problem.cols)
    throw DataFileError(source + ": " + std::to_string(problem.rows) + " rows for " +
                        std::to_string(problem.cols) + " coefficients: X is rank deficient");
  RegressionReferences out;
  out.decimal = exact_least_squares(problem);
  if (!out.decimal.full_rank)
    throw DataFileError(source + ": X is rank deficient (rank " + std::to_string(out.decimal.rank) +
                        " of " + std::to_string(problem.cols) +
                        " columns): the least-squares solution is not unique; drop a column");
  try {
    out.rounded = round_problem(problem, format, rounding);
  } catch (const std::domain_error& e) {
    throw DataFileError(e.what());
  }
  out.rounded_solution = exact_least_squares(out.rounded.exact);
  if (require_rounded_full_rank && !out.rounded_solution.full_rank)
    throw DataFileError(source + ": after rounding into " + std::string(format.name) +
                        ", X is rank deficient (rank " + std::to_string(out.rounded_solution.rank) +
                        " of " + std::to_string(problem.cols) + ")");
  return out;
}

SolverScore score_solver(const SolverRun& run, Method method, const RoundedProblem& rounded,
                         const std::vector<Rational>* exact_decimal,
                         const std::vector<Rational>* exact_rounded,
                         const std::vector<Rational>* certified, double cap, double certified_cap) {
  SolverScore scored;
  const Format& format = *run.format;
  SolverSettings settings = run.settings;
  settings.method = method;
  if (!is_direct(method)) settings.refine = 0;
  scored.name = std::string(method_name(method));
  if (is_direct(method) && settings.refine > 0) scored.name += "+ir";
  Arithmetic arithmetic(format, run.rounding, run.strategy, run.seed);
  scored.result = solve(arithmetic, rounded.X, rounded.y, settings);
  const Matrix& w = scored.result.w;
  scored.has_values = w.size() > 0;
  if (!scored.has_values) return scored;
  for (std::size_t j = 0; j < w.size(); ++j) {
    if (!arithmetic.is_finite(w[j])) {
      scored.has_values = false;
      scored.result.status = SolveStatus::NonFinite;
      scored.result.message = "coefficient " + std::to_string(j) + " is not finite";
      return scored;
    }
    scored.values.push_back(to_rational(format, w[j]));
  }
  auto score = [&](const std::vector<Rational>* exact, std::vector<double>& lre, double& least,
                   double limit) {
    if (!exact || exact->empty()) return;
    least = limit;
    for (std::size_t j = 0; j < scored.values.size(); ++j) {
      lre.push_back(log_relative_error(scored.values[j], (*exact)[j], limit));
      least = std::min(least, lre.back());
    }
  };
  score(exact_decimal, scored.lre_decimal, scored.min_decimal, cap);
  score(exact_rounded, scored.lre_rounded, scored.min_rounded, cap);
  score(certified, scored.lre_certified, scored.min_certified, certified_cap);
  return scored;
}

NistRow score_nist_dataset(const NistDataset& dataset, const std::vector<Method>& methods,
                           const SolverRun& run) {
  const Format& format = *run.format;
  std::vector<Rational> certified;
  for (const std::string& text : dataset.certified) certified.push_back(parse_rational(text));
  const RegressionReferences references =
      regression_references(dataset.problem, format, run.rounding, dataset.name, false);
  const ExactSolution& exact_rounded = references.rounded_solution;
  NistRow row;
  row.dataset = dataset.name;
  row.difficulty = dataset.difficulty;
  row.rows = dataset.problem.rows;
  row.parameters = dataset.problem.cols;
  row.rounded_problem_full_rank = exact_rounded.full_rank;
  row.exact_decimal_lre = 15;
  row.ceiling = 15;
  row.rounded_data_lre = 15;
  // Each LRE falls as the error grows, so the certified values rounded to
  // nearest give the largest LRE any coefficient stored in the format can
  // have: the minimum over them bounds every solver's minimum.
  auto stored_lre = [&](const Rational& value, const Rational& certified_value) {
    return log_relative_error(to_rational(format, round_to_format(format, value)), certified_value,
                              15);
  };
  for (std::size_t j = 0; j < certified.size(); ++j) {
    row.exact_decimal_lre = std::min(row.exact_decimal_lre,
                                     log_relative_error(references.decimal.w[j], certified[j], 15));
    row.ceiling = std::min(row.ceiling, stored_lre(certified[j], certified[j]));
    if (exact_rounded.full_rank)
      row.rounded_data_lre =
          std::min(row.rounded_data_lre, stored_lre(exact_rounded.w[j], certified[j]));
  }
  if (!exact_rounded.full_rank) row.rounded_data_lre = 0;
  // Each direct solver plain and, with refinement steps, refined.
  SolverRun plain = run;
  plain.settings.refine = 0;
  double best = -1;
  for (Method method : methods) {
    for (int refined = 0; refined < 2; ++refined) {
      if (refined && (!is_direct(method) || run.settings.refine == 0)) continue;
      SolverScore s =
          score_solver(refined ? run : plain, method, references.rounded, nullptr,
                       exact_rounded.full_rank ? &exact_rounded.w : nullptr, &certified, 15, 15);
      if (s.has_values && s.min_certified > best) {
        best = s.min_certified;
        row.best_solver = s.name;
      }
      row.solvers.push_back(std::move(s));
    }
  }
  if (best >= 0) row.best_lre = best;
  row.within_half_of_rounded_data = best >= row.rounded_data_lre - 0.5;
  return row;
}

std::string find_nist_directory(const std::string& given) {
  auto has_data = [](const fs::path& path) {
    std::error_code error;
    return fs::exists(path / "Norris.certified.json", error);
  };
  if (!given.empty()) {
    if (!has_data(given)) throw DataFileError("no NIST data sets in " + quote(given) + "");
    return given;
  }
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("FPX_DATA_DIR"); env && *env) {
    candidates.push_back(fs::path(env) / "nist");
    candidates.push_back(fs::path(env));
  }
  candidates.push_back(fs::path("data") / "nist");
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    candidates.push_back(exe.parent_path() / ".." / "data" / "nist");
    candidates.push_back(exe.parent_path() / ".." / ".." / "data" / "nist");
  }
  for (const fs::path& path : candidates)
    if (has_data(path)) return path.string();
  throw DataFileError(
      "cannot find the NIST data sets; give --data DIR (the folder with NAME.csv and "
      "NAME.certified.json)");
}

}  // namespace fpx
