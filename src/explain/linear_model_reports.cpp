// The linear models' reports (include/fpx/explain/linear_model_reports.hpp).
#include "fpx/explain/linear_model_reports.hpp"

#include <algorithm>
#include <cmath>

#include "fpx/core/decimal.hpp"
#include "fpx/explain/style.hpp"
#include "fpx/linear_models/kernels.hpp"
#include "fpx/linear_models/log_relative_error.hpp"

namespace fpx {
namespace {

std::string fixed1(double value) { return fmt::format("{:.1f}", value); }

std::vector<std::string> decimals17(const std::vector<Rational>& values) {
  std::vector<std::string> out;
  for (const Rational& value : values) out.push_back(decimal_string(value, 17));
  return out;
}

std::string condition_text(UpdateCondition condition) {
  return condition == UpdateCondition::GreaterEqual ? ">=" : ">";
}

}  // namespace

nlohmann::json memory_json(const MemoryAccount& memory) {
  return {{"input_bytes", memory.input_bytes},
          {"new_bytes", memory.new_bytes},
          {"peak_extra_bytes", memory.peak_extra_bytes}};
}

nlohmann::json operation_count_json(const OperationCount& count) {
  return {{"adds", count.adds},    {"muls", count.muls},   {"fmas", count.fmas},
          {"divs", count.divs},    {"sqrts", count.sqrts}, {"exact_terms", count.exact_terms},
          {"flops", count.flops()}};
}

// ---------------------------------------------------------------- regress

namespace {

// One solver of a regression report.
nlohmann::json solver_json(const SolverScore& s, const RegressionReport& report,
                           const nlohmann::json& exact_decimal,
                           const nlohmann::json& exact_rounded) {
  const RegressionData& data = *report.data;
  const ExactProblem& problem = data.problem;
  const Rational best_loss = report.references->decimal.residual_sum_of_squares;
  nlohmann::json row;
  row["solver"] = s.name;
  row["status"] = status_name(s.result.status);
  if (!s.result.message.empty()) row["message"] = s.result.message;
  if (s.has_values) {
    row["coefficients"] = shortest_decimals(s.result.w);
    row["exact_decimal"] = exact_decimal;
    row["exact_rounded"] = exact_rounded;
    row["lre_decimal"] = s.lre_decimal;
    row["lre_rounded"] = s.lre_rounded;
    row["min_lre_decimal"] = s.min_decimal;
    row["min_lre_rounded"] = s.min_rounded;
    if (!data.certified.empty()) {
      row["lre_certified"] = s.lre_certified;
      row["min_lre_certified"] = s.min_certified;
    }
    const Rational rss = residual_sum_of_squares(problem, s.values);
    row["residual_norm"] = std::sqrt(to_double(rss));
    row["loss_gap"] = decimal_string(rss - best_loss, 6);
    if (best_loss != 0) row["relative_loss_gap"] = decimal_string((rss - best_loss) / best_loss, 6);
  } else {
    row["coefficients"] = nullptr;
  }
  row["flops"] = s.result.count.flops();
  row["bytes"] = s.result.memory.input_bytes + s.result.memory.new_bytes;
  row["operations"] = operation_count_json(s.result.count);
  row["memory"] = memory_json(s.result.memory);
  if (s.result.iterations) row["iterations"] = s.result.iterations;
  if (s.result.refinements) row["refinements"] = s.result.refinements;
  if (s.result.lambda_max) row["lambda_max"] = shortest_decimal(binary64, *s.result.lambda_max);
  if (s.result.converging_step)
    row["converging_step"] = shortest_decimal(binary64, *s.result.converging_step);
  row["flags"] = flag_letters(s.result.flags);
  return row;
}

}  // namespace

nlohmann::json regression_json(const RegressionReport& report) {
  const RegressionData& data = *report.data;
  const ExactProblem& problem = data.problem;
  const RegressionReferences& references = *report.references;
  const SolverRun& run = *report.run;
  const Rational best_loss = references.decimal.residual_sum_of_squares;
  nlohmann::json out;
  out["file"] = report.file;
  out["model"] = {
      {"terms", data.terms},
      {"intercept", std::find(data.terms.begin(), data.terms.end(), "1") != data.terms.end()},
      {"source", data.model_source},
      {"rows", problem.rows},
      {"columns", problem.cols}};
  out["format"] = run.format->name;
  out["rounding"] = short_name(run.rounding);
  out["summation"] = run.strategy.name(true);
  out["inputs_inexact"] = references.rounded.inexact;
  out["exact_decimal"] = decimals17(references.decimal.w);
  out["exact_rounded"] = decimals17(references.rounded_solution.w);
  out["optimal_rss"] = decimal_string(best_loss, 17);
  if (!data.certified.empty()) out["certified"] = decimals17(data.certified);
  out["lre_cap"] = report.cap;
  nlohmann::json solvers = nlohmann::json::array();
  for (const SolverScore& s : *report.solvers)
    solvers.push_back(solver_json(s, report, out["exact_decimal"], out["exact_rounded"]));
  out["solvers"] = solvers;
  return out;
}

std::string regression_text(const RegressionReport& report, bool color) {
  const RegressionData& data = *report.data;
  const ExactProblem& problem = data.problem;
  const RegressionReferences& references = *report.references;
  const SolverRun& run = *report.run;
  const Format& format = *run.format;
  const Rational best_loss = references.decimal.residual_sum_of_squares;
  const bool certified = !data.certified.empty();
  std::string out;
  append_format(out, "{}\n",
                paint(fmt::format("fpx regress {}: N = {}, d = {}, {} {} summation {}", report.file,
                                  problem.rows, problem.cols, format.name, short_name(run.rounding),
                                  run.strategy.name(true)),
                      Color::Heading, color));
  out += "model: ";
  for (std::size_t j = 0; j < data.terms.size(); ++j)
    append_format(out, "{}{}", j ? " + " : "", data.terms[j]);
  append_format(out, " ({}); {} of {} inputs changed by rounding into {}\n", data.model_source,
                references.rounded.inexact, problem.rows * (problem.cols + 1), format.name);
  append_format(out, "LRE: -log10(|w - exact| / |exact|), capped at {:.1f} ({} digits)\n\n",
                report.cap, format.name);
  for (const SolverScore& s : *report.solvers) {
    append_format(
        out, "{}\n",
        paint(s.name + ": " + std::string(status_name(s.result.status)), Color::Heading, color));
    if (!s.has_values) {
      append_format(out, "  {}\n", s.result.message);
    } else {
      append_format(out, "  {:>8} {:>16} {:>24} {:>24} {:>7} {:>7}{}\n", "term", "value",
                    "exact (decimal data)", "exact (rounded data)", "LRE dec", "LRE rnd",
                    certified ? " LRE cert" : "");
      for (std::size_t j = 0; j < s.values.size(); ++j) {
        append_format(out, "  {:>8} {:>16} {:>24} {:>24} {:>7} {:>7}", data.terms[j],
                      shortest_decimal(format, s.result.w[j]),
                      decimal_string(references.decimal.w[j], 17),
                      decimal_string(references.rounded_solution.w[j], 17),
                      fixed1(s.lre_decimal[j]), fixed1(s.lre_rounded[j]));
        if (certified) append_format(out, " {:>8}", fixed1(s.lre_certified[j]));
        out += "\n";
      }
      const Rational rss = residual_sum_of_squares(problem, s.values);
      append_format(out, "  residual norm {:.6g}, loss gap {} (optimum {})\n",
                    std::sqrt(to_double(rss)), decimal_string(rss - best_loss, 3),
                    decimal_string(best_loss, 6));
      if (!s.result.message.empty()) append_format(out, "  {}\n", s.result.message);
    }
    append_format(out,
                  "  {} FLOPs ({} add, {} mul, {} fma, {} div, {} sqrt, {} exact terms); bytes: {} "
                  "input, {} new, {} peak extra",
                  s.result.count.flops(), s.result.count.adds, s.result.count.muls,
                  s.result.count.fmas, s.result.count.divs, s.result.count.sqrts,
                  s.result.count.exact_terms, s.result.memory.input_bytes,
                  s.result.memory.new_bytes, s.result.memory.peak_extra_bytes);
    if (s.result.iterations) append_format(out, "; {} steps", s.result.iterations);
    if (s.result.refinements) append_format(out, "; {} refinement steps", s.result.refinements);
    out += "\n\n";
  }
  return out;
}

// ---------------------------------------------------------------- perceptron

nlohmann::json perceptron_json(const PerceptronReport& report) {
  const PerceptronProblem& problem = *report.problem;
  const PerceptronComparison& comparison = *report.comparison;
  const PerceptronResult& result = comparison.result;
  const ExactPerceptronResult& exact = comparison.exact;
  const ExactPerceptronResult& exact_decimal = comparison.exact_decimal;
  nlohmann::json out;
  out["file"] = report.file;
  out["label"] = problem.label;
  out["positive"] = problem.positive;
  out["positives"] = problem.positives;
  out["samples"] = problem.labels.size();
  out["features"] = problem.feature_names;
  out["format"] = report.format->name;
  out["rounding"] = short_name(report.rounding);
  out["summation"] = report.strategy.name(true);
  out["condition"] = condition_text(report.settings.condition);
  out["inputs_inexact"] = problem.inexact;
  out["updates"] = result.updates;
  out["epochs"] = result.epochs;
  out["converged"] = result.converged;
  out["separates"] = result.misclassified == 0;
  out["misclassified"] = result.misclassified;
  out["w"] = shortest_decimals(result.w);
  out["flops"] = result.count.flops();
  out["operations"] = operation_count_json(result.count);
  out["bytes"] = result.memory.input_bytes + result.memory.new_bytes;
  out["memory"] = memory_json(result.memory);
  out["flags"] = flag_letters(result.flags);
  out["exact"] = {{"updates", exact.updates},
                  {"epochs", exact.epochs},
                  {"converged", exact.converged},
                  {"w", decimals17(exact.w)},
                  {"same_path", comparison.same_path}};
  if (comparison.first_difference)
    out["exact"]["first_difference_at_step"] = *comparison.first_difference;
  out["exact_decimal_data"] = {{"updates", exact_decimal.updates},
                               {"epochs", exact_decimal.epochs},
                               {"converged", exact_decimal.converged},
                               {"same_path", exact_decimal.update_steps == result.update_steps}};
  return out;
}

std::string perceptron_text(const PerceptronReport& report, bool color) {
  const PerceptronProblem& problem = *report.problem;
  const PerceptronComparison& comparison = *report.comparison;
  const PerceptronResult& result = comparison.result;
  const ExactPerceptronResult& exact = comparison.exact;
  const Format& format = *report.format;
  const std::size_t n = problem.labels.size(), d = problem.X.cols();
  std::string out;
  append_format(
      out, "{}\n",
      paint(fmt::format("fpx perceptron {}: {} = {} (+1, {} samples) vs the rest ({}), {} {}",
                        report.file, problem.label, problem.positive, problem.positives,
                        n - problem.positives, format.name, short_name(report.rounding)),
            Color::Heading, color));
  out += "features: ";
  for (std::size_t k = 0; k < problem.feature_names.size(); ++k)
    append_format(out, "{}{}", k ? ", " : "", problem.feature_names[k]);
  append_format(out, "; update if -y w^T x {} 0; {} of {} inputs changed by rounding\n",
                condition_text(report.settings.condition), problem.inexact, n * d);
  append_format(out, "{}: {} updates in {} epochs, {}; {} misclassified at the end\n", format.name,
                result.updates, result.epochs,
                result.converged ? "converged (an epoch without updates)" : "not converged",
                result.misclassified);
  out += "  w = [";
  for (std::size_t k = 0; k < d; ++k)
    append_format(out, "{}{}", k ? ", " : "", shortest_decimal(format, result.w[k]));
  out += "]\n";
  append_format(out, "exact arithmetic on the same inputs: {} updates in {} epochs, {}; {}\n",
                exact.updates, exact.epochs, exact.converged ? "converged" : "not converged",
                comparison.same_path
                    ? "the same path"
                    : "a different path (first difference at step " +
                          std::to_string(comparison.first_difference.value_or(0)) + ")");
  append_format(out, "exact arithmetic on the decimal data: {} updates in {} epochs\n",
                comparison.exact_decimal.updates, comparison.exact_decimal.epochs);
  append_format(out, "{} FLOPs ({} for w^T x, {} for updates); {} bytes input, {} new\n",
                result.count.flops(), result.scoring.flops(), result.updating.flops(),
                result.memory.input_bytes, result.memory.new_bytes);
  if (report.settings.condition == UpdateCondition::Greater && result.updates == 0)
    out += "with > and w = 0, -y w^T x = 0 is never > 0: no update ever happens (the w = 0 trap)\n";
  return out;
}

// ---------------------------------------------------------------- nist

nlohmann::json nist_json(const std::vector<NistRow>& rows, const Format& format) {
  nlohmann::json out = nlohmann::json::array();
  for (const NistRow& row : rows) {
    nlohmann::json item;
    item["dataset"] = row.dataset;
    item["difficulty"] = row.difficulty;
    item["rows"] = row.rows;
    item["parameters"] = row.parameters;
    item["format"] = format.name;
    item["ceiling"] = row.ceiling;
    item["rounded_data_lre"] = row.rounded_data_lre;
    item["exact_decimal_lre"] = row.exact_decimal_lre;
    item["rounded_problem_full_rank"] = row.rounded_problem_full_rank;
    nlohmann::json table = nlohmann::json::array();
    for (const SolverScore& s : row.solvers) {
      nlohmann::json solver;
      solver["solver"] = s.name;
      solver["status"] = status_name(s.result.status);
      if (s.has_values) {
        solver["lre"] = s.min_certified;
        solver["lre_per_coefficient"] = s.lre_certified;
        if (!s.lre_rounded.empty()) solver["lre_rounded_problem"] = s.min_rounded;
      } else {
        solver["lre"] = nullptr;
        solver["message"] = s.result.message;
      }
      solver["flops"] = s.result.count.flops();
      if (s.result.iterations) solver["iterations"] = s.result.iterations;
      if (s.result.refinements) solver["refinements"] = s.result.refinements;
      table.push_back(solver);
    }
    item["best_lre"] = row.best_lre ? nlohmann::json(*row.best_lre) : nlohmann::json(nullptr);
    item["best_solver"] = row.best_solver;
    item["within_half_of_rounded_data"] = row.within_half_of_rounded_data;
    item["solvers"] = table;
    out.push_back(item);
  }
  return out;
}

std::string nist_text(const std::vector<NistRow>& rows, const SolverRun& run, bool color) {
  const Format& format = *run.format;
  std::string out;
  append_format(
      out, "{}\n",
      paint(fmt::format("fpx nist: minimum LRE against the NIST certified values (capped at 15), "
                        "{} {} summation {}, refinement {} steps",
                        format.name, short_name(run.rounding), run.strategy.name(true),
                        run.settings.refine),
            Color::Heading, color));
  append_format(out,
                "ceiling: the certified values rounded into {0} (no {0} result scores higher); "
                "rounded: the exact LS solution of the data rounded into {0}, rounded once; "
                "exact: of the decimal data; -: no result (singular, diverged)\n\n",
                format.name);
  std::vector<std::string> columns;
  if (!rows.empty())
    for (const SolverScore& s : rows.front().solvers) columns.push_back(s.name);
  append_format(out, "{:<9} {:>7} {:>7} {:>7} {:>5} {:<14}", "dataset", "exact", "ceiling",
                "rounded", "best", "best solver");
  for (const std::string& column : columns)
    append_format(out, " {:>{}}", column, std::max<std::size_t>(5, column.size()));
  out += "\n";
  for (const NistRow& row : rows) {
    const bool near = row.within_half_of_rounded_data;
    append_format(out, "{:<9} {:>7} {:>7} {:>7} {} {:<14}", row.dataset,
                  fixed1(row.exact_decimal_lre), fixed1(row.ceiling), fixed1(row.rounded_data_lre),
                  paint(fmt::format("{:>5}", row.best_lre ? fixed1(*row.best_lre) : "-"),
                        near ? Color::Dim : Color::Differ, color && !near),
                  row.best_solver);
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const SolverScore& s = row.solvers[k];
      const std::string text = s.has_values ? fixed1(s.min_certified) : "-";
      append_format(out, " {:>{}}", text, std::max<std::size_t>(5, columns[k].size()));
    }
    out += "\n";
  }
  return out;
}

// ---------------------------------------------------------------- cost

nlohmann::json cost_rows_json(const std::vector<CostRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const CostRow& row : rows) {
    nlohmann::json item;
    item["step"] = row.step;
    item["formula"] = row.formula;
    item["formula_flops"] =
        row.formula_flops ? nlohmann::json(*row.formula_flops) : nlohmann::json(nullptr);
    item["counted_flops"] = row.counted_flops;
    item["bytes"] = row.input_bytes + row.new_bytes;
    item["input_bytes"] = row.input_bytes;
    item["new_bytes"] = row.new_bytes;
    item["note"] = row.note;
    out.push_back(item);
  }
  return out;
}

std::string cost_rows_text(const std::vector<CostRow>& rows, bool color) {
  std::string out;
  append_format(out, "{:<19} {:<30} {:>14} {:>14} {:>12} {:>12}  {}\n", "step", "formula",
                "formula FLOPs", "counted FLOPs", "input bytes", "new bytes", "note");
  for (const CostRow& row : rows) {
    const std::string formula_value = row.formula_flops ? std::to_string(*row.formula_flops) : "-";
    const bool differs = row.formula_flops && *row.formula_flops != row.counted_flops;
    append_format(out, "{:<19} {:<30} {:>14} {} {:>12} {:>12}  {}\n", row.step, row.formula,
                  formula_value,
                  paint(fmt::format("{:>14}", row.counted_flops),
                        differs ? Color::Differ : Color::Dim, color && differs),
                  row.input_bytes, row.new_bytes, row.note);
  }
  return out;
}

}  // namespace fpx
