// The lecture's linear models on numpy arrays: least squares scored as
// `fpx regress` scores it, and the perceptron compared with its exact runs
// as `fpx perceptron` does; the JSON and text of the explain layer.
#include "binding.hpp"
#include "fpx/explain/linear_model_reports.hpp"
#include "fpx/linear_models/log_relative_error.hpp"
#include "fpx/linear_models/perceptron_problem.hpp"
#include "fpx/linear_models/regression.hpp"

namespace fpx::python {
namespace {

// The exact values of a rows x cols array as given, row-major.
std::vector<Rational> exact_values(const py::array& values) {
  const Numbers numbers = read_numbers(values);
  std::vector<Rational> out;
  out.reserve(numbers.size);
  for (std::size_t i = 0; i < numbers.size; ++i) {
    const ExactNumber number = exact_element(numbers, i);
    if (number.kind != ExactNumber::Kind::Finite)
      throw py::value_error("element " + std::to_string(i) +
                            " is not finite: the linear models take finite numbers");
    out.push_back(to_rational(number));
  }
  return out;
}

// The encodings of a solver's coefficients.
std::vector<std::uint64_t> coefficient_bits(const SolverScore& score) {
  if (!score.has_values) return {};
  return score.result.w.values();
}

py::tuple lstsq(const py::array& X, const py::array& y, std::size_t rows, std::size_t cols,
                const std::vector<std::string>& names, const std::string& solvers,
                const std::string& format_name, const std::string& rounding,
                const std::string& strategy_name, std::uint64_t seed, int refine, int steps) {
  if (refine < 0) throw py::value_error("refine must be >= 0");
  if (steps < 1) throw py::value_error("steps must be >= 1");
  SolverRun run;
  run.format = &require_format(format_name);
  run.rounding = require_rounding(rounding);
  const std::vector<Strategy> strategies = require_strategies(strategy_name, true);
  if (strategies.size() != 1) throw py::value_error("lstsq takes one summation strategy");
  run.strategy = strategies[0];
  run.seed = seed;
  run.settings.refine = refine;
  run.settings.max_steps = steps;
  const std::vector<Method> methods = parse_method_list(solvers);

  RegressionData data;
  data.terms = names;
  data.model_source = "the arrays given";
  data.problem.rows = rows;
  data.problem.cols = cols;
  data.problem.X = exact_values(X);
  data.problem.y = exact_values(y);
  data.problem.column_names = names;
  const RegressionReferences references =
      regression_references(data.problem, *run.format, run.rounding, "lstsq");
  const double cap = format_digits(*run.format);
  std::vector<SolverScore> scores;
  py::list bits;
  for (Method method : methods) {
    scores.push_back(score_solver(run, method, references.rounded, &references.decimal.w,
                                  &references.rounded_solution.w, nullptr, cap, 15));
    const std::vector<std::uint64_t> w = coefficient_bits(scores.back());
    bits.append(w.empty() ? py::object(py::none())
                          : py::object(bits_array(*run.format, w, {py::ssize_t(w.size())})));
  }
  const RegressionReport report{"lstsq", &data, &references, &run, cap, &scores};
  return py::make_tuple(regression_json(report).dump(), regression_text(report, false), bits);
}

py::tuple perceptron(const py::array& X, const std::vector<int>& labels, std::size_t samples,
                     std::size_t features, const std::vector<std::string>& names, bool bias,
                     const std::string& format_name, const std::string& rounding,
                     const std::string& strategy_name, std::uint64_t seed, int epochs,
                     const std::string& condition) {
  const Format& format = require_format(format_name);
  const Rounding mode = require_rounding(rounding);
  const std::vector<Strategy> strategies = require_strategies(strategy_name, true);
  if (strategies.size() != 1) throw py::value_error("perceptron takes one summation strategy");
  if (epochs < 1) throw py::value_error("epochs must be >= 1");
  PerceptronSettings settings;
  settings.epochs = epochs;
  if (condition == ">=" || condition == "ge")
    settings.condition = UpdateCondition::GreaterEqual;
  else if (condition == ">" || condition == "gt")
    settings.condition = UpdateCondition::Greater;
  else
    throw py::value_error("condition must be >= (ge) or > (gt)");
  PerceptronProblem problem;
  problem.label = "labels";
  problem.positive = "+1";
  for (int label : labels) {
    if (label != 1 && label != -1)
      throw py::value_error("labels are +1 or -1, not " + std::to_string(label));
    problem.labels.push_back(label);
    if (label > 0) ++problem.positives;
  }
  problem.feature_names = names;
  if (bias) problem.feature_names.push_back("bias");
  round_features(problem, exact_values(X), samples, features, bias, format, mode, "perceptron");
  const PerceptronComparison comparison =
      compare_perceptron(problem, format, mode, strategies[0], seed, settings);
  const PerceptronReport report{"perceptron", &problem,      &comparison, &format,
                                mode,         strategies[0], settings};
  const std::vector<std::uint64_t>& w = comparison.result.w.values();
  return py::make_tuple(perceptron_json(report).dump(), perceptron_text(report, false),
                        bits_array(format, w, {py::ssize_t(w.size())}));
}

}  // namespace

void register_linear_models(py::module_& module) {
  module.def("lstsq", &lstsq);
  module.def("perceptron", &perceptron);
}

}  // namespace fpx::python
