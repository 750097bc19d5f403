// fpx regress, perceptron, cost, nist: the lecture's linear models in
// emulated arithmetic, scored against exact rational references
// (docs/linear_models.md).
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include "commands.hpp"
#include "common.hpp"
#include "cost_table.hpp"
#include "data_input.hpp"
#include "fpx/decimal.hpp"
#include "fpx/least_squares_reference.hpp"
#include "fpx/solvers.hpp"

namespace fpx::cli {
namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    if (!item.empty()) items.push_back(item);
    start = comma + 1;
  }
  return items;
}

Strategy require_strategy(const std::string& name) {
  const auto strategy = parse_strategy(name);
  if (!strategy)
    throw UsageError("unknown summation strategy '" + name +
                     "' (expected serial fma pairwise numpy strided:P blocked:B kahan neumaier "
                     "klein dot2 sorted stochastic exact)");
  return *strategy;
}

std::vector<Method> require_methods(const std::string& names) {
  if (names == "all") return all_methods();
  std::vector<Method> methods;
  for (const std::string& name : split_list(names)) {
    const auto method = parse_method(name);
    if (!method)
      throw UsageError("unknown solver '" + name +
                       "' (expected cholesky lu inverse inverse-xt qr gd1 gd2 jacobi "
                       "gauss-seidel, or all)");
    methods.push_back(*method);
  }
  if (methods.empty()) throw UsageError("--solver: no solver named");
  return methods;
}

// Data errors of the reference library become DataError (exit 1).
template <typename Body>
auto as_data_error(Body&& body) {
  try {
    return body();
  } catch (const DataFileError& e) {
    throw DataError(e.what());
  } catch (const std::domain_error& e) {
    throw DataError(e.what());
  }
}

std::string fixed1(double value) { return fmt::format("{:.1f}", value); }

std::uint64_t parse_in_format(const Format& format, const std::string& text,
                              const std::string& option) {
  try {
    return parse_number(format, text, Rounding::NearestEven).bits;
  } catch (const ParseError& e) {
    throw UsageError(option + ": " + e.what());
  }
}

// ---------------------------------------------------------------- solvers

struct SolverOptions {
  std::string solvers = "qr";
  std::string format = "binary32";
  std::string rounding = "rne";
  std::string strategy = "serial";
  int refine = 0;
  int steps = 1000;
  std::string step, tolerance;
  bool symmetric = false;
  std::uint64_t seed = 0;
};

void add_solver_options(CLI::App* command, SolverOptions& options, bool with_solver) {
  if (with_solver)
    command->add_option("--solver", options.solvers,
                        "Comma list or all: cholesky lu inverse inverse-xt qr gd1 gd2 jacobi "
                        "gauss-seidel");
  command->add_option("--format", options.format,
                      "Working format (binary32, bfloat16, binary16, ...)");
  command->add_option("--round", options.rounding,
                      "rne rna rtz rup rdn rto sr (inputs and every operation)");
  command->add_option("--sum", options.strategy,
                      "Summation strategy of dot products: serial fma pairwise kahan dot2 ...");
  command->add_option("--refine", options.refine,
                      "Iterative refinement steps for the direct solvers (exact residuals)");
  command->add_option("--steps", options.steps, "Step limit of gd1, gd2, jacobi, gauss-seidel");
  command->add_option("--step", options.step,
                      "GD step (multiplies A w - b; default 1/lambda_max estimated)");
  command->add_option("--tolerance", options.tolerance,
                      "Stop iterating when max|dw| <= tolerance * max|w| (default: w unchanged)");
  command->add_flag("--symmetric", options.symmetric,
                    "Form X^T X from its upper half (d(d+1)N FLOPs)");
  command->add_option("--seed", options.seed, "Seed for stochastic rounding");
}

struct ScoredSolver {
  std::string name;
  SolveResult result;
  std::vector<Rational> values;
  std::vector<double> lre_decimal, lre_rounded, lre_certified;
  double min_decimal = 0, min_rounded = 0, min_certified = 0;
  bool has_values = false;
};

SolverSettings make_settings(const SolverOptions& options, Method method, const Format& format) {
  SolverSettings settings;
  settings.method = method;
  settings.refine = is_direct(method) ? options.refine : 0;
  settings.max_steps = options.steps;
  settings.symmetric_gram = options.symmetric;
  if (!options.step.empty()) settings.step = parse_in_format(format, options.step, "--step");
  if (!options.tolerance.empty()) {
    try {
      settings.tolerance = parse_rational(options.tolerance);
    } catch (const DataFileError& e) {
      throw UsageError(std::string("--tolerance: ") + e.what());
    }
  }
  return settings;
}

ScoredSolver run_solver(const SolverOptions& options, Method method, const Format& format,
                        Rounding rounding, const Strategy& strategy, const RoundedProblem& rounded,
                        const std::vector<Rational>* exact_decimal,
                        const std::vector<Rational>* exact_rounded,
                        const std::vector<Rational>* certified, double cap, double certified_cap) {
  ScoredSolver scored;
  scored.name = std::string(method_name(method));
  if (is_direct(method) && options.refine > 0) scored.name += "+ir";
  Arithmetic arithmetic(format, rounding, strategy, options.seed);
  scored.result = solve(arithmetic, rounded.X, rounded.y, make_settings(options, method, format));
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

std::string data_directory_hint() {
  return "give --data DIR (the folder with NAME.csv and NAME.certified.json)";
}

// The NIST folder: --data, else $FPX_DATA_DIR/nist, else data/nist under the
// current folder or beside the executable (../data/nist, ../../data/nist).
std::string find_nist_directory(const std::string& given) {
  namespace fs = std::filesystem;
  auto has_data = [](const fs::path& path) {
    std::error_code error;
    return fs::exists(path / "Norris.certified.json", error);
  };
  if (!given.empty()) {
    if (!has_data(given)) throw DataError("no NIST data sets in '" + given + "'");
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
  throw DataError("cannot find the NIST data sets; " + data_directory_hint());
}

nlohmann::json memory_json(const MemoryAccount& memory) {
  return {{"input_bytes", memory.input_bytes},
          {"new_bytes", memory.new_bytes},
          {"peak_extra_bytes", memory.peak_extra_bytes}};
}

nlohmann::json count_json(const OperationCount& count) {
  return {{"adds", count.adds},    {"muls", count.muls},   {"fmas", count.fmas},
          {"divs", count.divs},    {"sqrts", count.sqrts}, {"exact_terms", count.exact_terms},
          {"flops", count.flops()}};
}

std::vector<std::string> decimals17(const std::vector<Rational>& values) {
  std::vector<std::string> out;
  for (const Rational& value : values) out.push_back(decimal_string(value, 17));
  return out;
}

// ---------------------------------------------------------------- regress

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
  const Format& format = require_format(settings.solver.format);
  const Rounding rounding = require_rounding(settings.solver.rounding, true);
  const Strategy strategy = require_strategy(settings.solver.strategy);
  const std::vector<Method> methods = require_methods(settings.solver.solvers);
  if (settings.degree >= 0 && !settings.columns.empty() && settings.columns.size() != 1)
    throw UsageError("--degree needs exactly one predictor column");
  if (settings.degree == 0 || settings.degree > 30)
    if (settings.degree != -1) throw UsageError("--degree must be between 1 and 30");
  if (settings.solver.refine < 0) throw UsageError("--refine must be >= 0");
  if (settings.solver.steps < 1) throw UsageError("--steps must be >= 1");
  if (settings.file.empty()) throw UsageError("give a data FILE (CSV with a header line)");

  // The model: a NIST data set's own (NAME.certified.json beside the file)
  // unless --degree or --columns say otherwise.
  namespace fs = std::filesystem;
  const fs::path path(settings.file);
  const fs::path certified_path = path.parent_path() / (path.stem().string() + ".certified.json");
  std::error_code error;
  const bool is_nist = fs::exists(certified_path, error) && settings.degree < 0 &&
                       settings.columns.empty() && settings.response.empty() &&
                       !settings.no_intercept;
  std::vector<std::string> terms;
  std::vector<Rational> certified;
  ExactProblem problem;
  std::string model_source;
  as_data_error([&] {
    if (is_nist) {
      const std::string directory =
          path.parent_path().empty() ? std::string(".") : path.parent_path().string();
      NistDataset dataset = load_nist_dataset(directory, path.stem().string());
      terms = dataset.terms;
      for (const std::string& text : dataset.certified) certified.push_back(parse_rational(text));
      problem = std::move(dataset.problem);
      model_source = "NIST model from " + certified_path.string();
      return 0;
    }
    const DataTable table = read_data_table(settings.file);
    const std::string response =
        settings.response.empty() ? table.header.back() : settings.response;
    const std::size_t response_column = table.column(response);
    std::vector<std::string> predictors;
    if (!settings.columns.empty()) {
      for (const std::string& column : settings.columns)
        predictors.push_back(table.header[table.column(column)]);
    } else {
      for (std::size_t k = 0; k < table.header.size(); ++k)
        if (k != response_column) predictors.push_back(table.header[k]);
    }
    if (predictors.empty()) throw DataFileError("no predictor columns");
    if (settings.degree >= 0 && predictors.size() != 1)
      throw UsageError("--degree needs exactly one predictor column (name it with --columns)");
    if (!settings.no_intercept) terms.push_back("1");
    if (settings.degree >= 1) {
      terms.push_back(predictors[0]);
      for (int k = 2; k <= settings.degree; ++k)
        terms.push_back(predictors[0] + "^" + std::to_string(k));
    } else {
      for (const std::string& name : predictors) terms.push_back(name);
    }
    problem = build_problem(table, terms, response);
    model_source = "response " + response;
    return 0;
  });
  if (problem.rows < problem.cols)
    throw DataError(settings.file + ": " + std::to_string(problem.rows) + " rows for " +
                    std::to_string(problem.cols) + " coefficients: X is rank deficient");

  // The exact references.
  const ExactSolution exact_decimal = exact_least_squares(problem);
  if (!exact_decimal.full_rank)
    throw DataError(settings.file + ": X is rank deficient (rank " +
                    std::to_string(exact_decimal.rank) + " of " + std::to_string(problem.cols) +
                    " columns): the least-squares solution is not unique; drop a column");
  const RoundedProblem rounded =
      as_data_error([&] { return round_problem(problem, format, rounding); });
  const ExactSolution exact_rounded = exact_least_squares(rounded.exact);
  if (!exact_rounded.full_rank)
    throw DataError(settings.file + ": after rounding into " + std::string(format.name) +
                    ", X is rank deficient (rank " + std::to_string(exact_rounded.rank) + " of " +
                    std::to_string(problem.cols) + ")");

  const double cap = format_digits(format);
  std::vector<ScoredSolver> results;
  for (Method method : methods)
    results.push_back(run_solver(settings.solver, method, format, rounding, strategy, rounded,
                                 &exact_decimal.w, &exact_rounded.w,
                                 certified.empty() ? nullptr : &certified, cap, 15));

  const bool any_result = std::any_of(results.begin(), results.end(),
                                      [](const ScoredSolver& s) { return s.has_values; });
  const Rational best_loss = exact_decimal.residual_sum_of_squares;
  nlohmann::json out;
  out["file"] = settings.file;
  out["model"] = {{"terms", terms},
                  {"intercept", std::find(terms.begin(), terms.end(), "1") != terms.end()},
                  {"source", model_source},
                  {"rows", problem.rows},
                  {"columns", problem.cols}};
  out["format"] = format.name;
  out["rounding"] = short_name(rounding);
  out["summation"] = strategy.name(true);
  out["inputs_inexact"] = rounded.inexact;
  out["exact_decimal"] = decimals17(exact_decimal.w);
  out["exact_rounded"] = decimals17(exact_rounded.w);
  out["optimal_rss"] = decimal_string(best_loss, 17);
  if (!certified.empty()) out["certified"] = decimals17(certified);
  out["lre_cap"] = cap;
  nlohmann::json solvers = nlohmann::json::array();
  for (const ScoredSolver& s : results) {
    nlohmann::json row;
    row["solver"] = s.name;
    row["status"] = status_name(s.result.status);
    if (!s.result.message.empty()) row["message"] = s.result.message;
    if (s.has_values) {
      row["coefficients"] = shortest_decimals(s.result.w);
      row["exact_decimal"] = out["exact_decimal"];
      row["exact_rounded"] = out["exact_rounded"];
      row["lre_decimal"] = s.lre_decimal;
      row["lre_rounded"] = s.lre_rounded;
      row["min_lre_decimal"] = s.min_decimal;
      row["min_lre_rounded"] = s.min_rounded;
      if (!certified.empty()) {
        row["lre_certified"] = s.lre_certified;
        row["min_lre_certified"] = s.min_certified;
      }
      const Rational rss = residual_sum_of_squares(problem, s.values);
      row["residual_norm"] = std::sqrt(to_double(rss));
      row["loss_gap"] = decimal_string(rss - best_loss, 6);
      if (best_loss != 0)
        row["relative_loss_gap"] = decimal_string((rss - best_loss) / best_loss, 6);
    } else {
      row["coefficients"] = nullptr;
    }
    row["flops"] = s.result.count.flops();
    row["bytes"] = s.result.memory.input_bytes + s.result.memory.new_bytes;
    row["operations"] = count_json(s.result.count);
    row["memory"] = memory_json(s.result.memory);
    if (s.result.iterations) row["iterations"] = s.result.iterations;
    if (s.result.refinements) row["refinements"] = s.result.refinements;
    if (s.result.lambda_max) row["lambda_max"] = shortest_decimal(binary64, *s.result.lambda_max);
    if (s.result.converging_step)
      row["converging_step"] = shortest_decimal(binary64, *s.result.converging_step);
    row["flags"] = flag_letters(s.result.flags);
    solvers.push_back(row);
  }
  out["solvers"] = solvers;

  for (const ScoredSolver& s : results)
    if (!s.has_values || s.result.status != SolveStatus::Ok)
      std::cerr << "fpx: " << s.name << ": " << status_name(s.result.status) << ": "
                << s.result.message << '\n';

  if (settings.output.json) {
    std::cout << out.dump(2) << '\n';
    return any_result ? 0 : exit_data;
  }
  const bool color = use_color(settings.output);
  fmt::print("{}\n", paint(fmt::format("fpx regress {}: N = {}, d = {}, {} {} summation {}",
                                       settings.file, problem.rows, problem.cols, format.name,
                                       short_name(rounding), strategy.name(true)),
                           Color::Heading, color));
  fmt::print("model: ");
  for (std::size_t j = 0; j < terms.size(); ++j) fmt::print("{}{}", j ? " + " : "", terms[j]);
  fmt::print(" ({}); {} of {} inputs changed by rounding into {}\n", model_source, rounded.inexact,
             problem.rows * (problem.cols + 1), format.name);
  fmt::print("LRE: -log10(|w - exact| / |exact|), capped at {:.1f} ({} digits)\n\n", cap,
             format.name);
  for (const ScoredSolver& s : results) {
    fmt::print("{}\n", paint(s.name + ": " + std::string(status_name(s.result.status)),
                             Color::Heading, color));
    if (!s.has_values) {
      fmt::print("  {}\n", s.result.message);
    } else {
      fmt::print("  {:>8} {:>16} {:>24} {:>24} {:>7} {:>7}{}\n", "term", "value",
                 "exact (decimal data)", "exact (rounded data)", "LRE dec", "LRE rnd",
                 certified.empty() ? "" : " LRE cert");
      for (std::size_t j = 0; j < s.values.size(); ++j) {
        fmt::print("  {:>8} {:>16} {:>24} {:>24} {:>7} {:>7}", terms[j],
                   shortest_decimal(format, s.result.w[j]), decimal_string(exact_decimal.w[j], 17),
                   decimal_string(exact_rounded.w[j], 17), fixed1(s.lre_decimal[j]),
                   fixed1(s.lre_rounded[j]));
        if (!certified.empty()) fmt::print(" {:>8}", fixed1(s.lre_certified[j]));
        fmt::print("\n");
      }
      const Rational rss = residual_sum_of_squares(problem, s.values);
      fmt::print("  residual norm {:.6g}, loss gap {} (optimum {})\n", std::sqrt(to_double(rss)),
                 decimal_string(rss - best_loss, 3), decimal_string(best_loss, 6));
      if (!s.result.message.empty()) fmt::print("  {}\n", s.result.message);
    }
    fmt::print(
        "  {} FLOPs ({} add, {} mul, {} fma, {} div, {} sqrt, {} exact terms); bytes: {} input, {} "
        "new, {} peak extra",
        s.result.count.flops(), s.result.count.adds, s.result.count.muls, s.result.count.fmas,
        s.result.count.divs, s.result.count.sqrts, s.result.count.exact_terms,
        s.result.memory.input_bytes, s.result.memory.new_bytes, s.result.memory.peak_extra_bytes);
    if (s.result.iterations) fmt::print("; {} steps", s.result.iterations);
    if (s.result.refinements) fmt::print("; {} refinement steps", s.result.refinements);
    fmt::print("\n\n");
  }
  return any_result ? 0 : exit_data;
}

// ---------------------------------------------------------------- perceptron

struct PerceptronCliSettings {
  std::string file;
  std::string label;
  std::string positive;
  std::vector<std::string> features;
  int epochs = 100;
  std::string format = "binary32";
  std::string rounding = "rne";
  std::string strategy = "serial";
  std::string condition = ">=";
  bool bias = false;
  std::uint64_t seed = 0;
  OutputOptions output;
};

int run_perceptron(const PerceptronCliSettings& settings) {
  const Format& format = require_format(settings.format);
  const Rounding rounding = require_rounding(settings.rounding, true);
  const Strategy strategy = require_strategy(settings.strategy);
  if (settings.file.empty()) throw UsageError("give a data FILE (CSV with a header line)");
  if (settings.label.empty()) throw UsageError("--label COLUMN is required");
  if (settings.epochs < 1) throw UsageError("--epochs must be >= 1");
  PerceptronSettings options;
  options.epochs = settings.epochs;
  if (settings.condition == ">=" || settings.condition == "ge")
    options.condition = UpdateCondition::GreaterEqual;
  else if (settings.condition == ">" || settings.condition == "gt")
    options.condition = UpdateCondition::Greater;
  else
    throw UsageError("--condition must be >= (ge) or > (gt)");

  // Read the header first to find the label column (kept as text).
  DataTable table = as_data_error([&] {
    std::vector<std::string> text_columns = {settings.label};
    try {
      return read_data_table(settings.file, text_columns);
    } catch (const DataFileError& e) {
      const std::string what = e.what();
      if (what.rfind("no column '" + settings.label + "'", 0) == 0)
        throw DataFileError(settings.file + ": missing label column: " + what);
      throw;
    }
  });
  const std::size_t label_column = as_data_error([&] { return table.column(settings.label); });
  std::vector<std::size_t> feature_columns;
  as_data_error([&] {
    if (settings.features.empty()) {
      for (std::size_t k = 0; k < table.header.size(); ++k)
        if (k != label_column) feature_columns.push_back(k);
    } else {
      for (const std::string& name : settings.features)
        feature_columns.push_back(table.column(name));
    }
    return 0;
  });
  if (std::find(feature_columns.begin(), feature_columns.end(), label_column) !=
      feature_columns.end())
    throw UsageError("the label column cannot be a feature");
  if (feature_columns.empty()) throw DataError(settings.file + ": no feature columns");

  // Labels: +1 for --positive, -1 otherwise; without --positive the column
  // must hold exactly two values (the first one seen is +1).
  std::vector<std::string> distinct;
  for (const auto& row : table.text)
    if (std::find(distinct.begin(), distinct.end(), row[label_column]) == distinct.end())
      distinct.push_back(row[label_column]);
  std::string positive = settings.positive;
  auto list = [&] {
    std::string text;
    for (std::size_t k = 0; k < distinct.size() && k < 6; ++k)
      text += (k ? ", " : "") + distinct[k];
    if (distinct.size() > 6) text += ", ...";
    return text;
  };
  if (positive.empty()) {
    if (distinct.size() != 2)
      throw DataError(settings.file + ": labels not two-valued: column '" +
                      table.header[label_column] + "' has " + std::to_string(distinct.size()) +
                      " values (" + list() + "); pick the positive class with --positive VALUE");
    positive = distinct[0];
  } else if (std::find(distinct.begin(), distinct.end(), positive) == distinct.end() ||
             distinct.size() < 2) {
    throw DataError(settings.file + ": labels not two-valued: '" + positive + "' is " +
                    (distinct.size() < 2 ? "the only value" : "not a value") + " of column '" +
                    table.header[label_column] + "' (" + list() + ")");
  }
  const std::size_t n = table.rows.size();
  const std::size_t d = feature_columns.size() + (settings.bias ? 1 : 0);
  std::vector<int> labels(n);
  std::size_t positives = 0;
  for (std::size_t i = 0; i < n; ++i) {
    labels[i] = table.text[i][label_column] == positive ? 1 : -1;
    if (labels[i] > 0) ++positives;
  }
  Matrix X(n, d, format);
  std::vector<Rational> exact_decimal, exact_rounded;
  std::size_t inexact = 0;
  as_data_error([&] {
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < d; ++k) {
        const Rational value =
            k < feature_columns.size() ? table.rows[i][feature_columns[k]] : Rational(1);
        const std::uint64_t bits = round_to_format(format, value, rounding);
        const FloatClass value_class = classify(format, bits);
        if (value_class == FloatClass::Infinity || value_class == FloatClass::QuietNaN)
          throw DataFileError(settings.file + ": row " + std::to_string(i + 1) + ": " +
                              decimal_string(value, 6) + " overflows " + std::string(format.name));
        X(i, k) = bits;
        exact_decimal.push_back(value);
        exact_rounded.push_back(to_rational(format, bits));
        if (exact_rounded.back() != value) ++inexact;
      }
    }
    return 0;
  });

  Arithmetic arithmetic(format, rounding, strategy, settings.seed);
  const PerceptronResult result = perceptron(arithmetic, X, labels, options);
  const ExactPerceptronResult exact = perceptron_exact(exact_rounded, d, labels, options);
  const ExactPerceptronResult exact_dec = perceptron_exact(exact_decimal, d, labels, options);
  const bool same_path = exact.update_steps == result.update_steps;
  std::optional<std::size_t> first_difference;
  for (std::size_t k = 0; k < std::max(exact.update_steps.size(), result.update_steps.size());
       ++k) {
    const std::size_t a = k < result.update_steps.size() ? result.update_steps[k] : SIZE_MAX;
    const std::size_t b = k < exact.update_steps.size() ? exact.update_steps[k] : SIZE_MAX;
    if (a != b) {
      first_difference = std::min(a, b);
      break;
    }
  }

  std::vector<std::string> feature_names;
  for (std::size_t k : feature_columns) feature_names.push_back(table.header[k]);
  if (settings.bias) feature_names.push_back("bias");
  nlohmann::json out;
  out["file"] = settings.file;
  out["label"] = table.header[label_column];
  out["positive"] = positive;
  out["positives"] = positives;
  out["samples"] = n;
  out["features"] = feature_names;
  out["format"] = format.name;
  out["rounding"] = short_name(rounding);
  out["summation"] = strategy.name(true);
  out["condition"] = options.condition == UpdateCondition::GreaterEqual ? ">=" : ">";
  out["inputs_inexact"] = inexact;
  out["updates"] = result.updates;
  out["epochs"] = result.epochs;
  out["converged"] = result.converged;
  out["separates"] = result.misclassified == 0;
  out["misclassified"] = result.misclassified;
  out["w"] = shortest_decimals(result.w);
  out["flops"] = result.count.flops();
  out["operations"] = count_json(result.count);
  out["bytes"] = result.memory.input_bytes + result.memory.new_bytes;
  out["memory"] = memory_json(result.memory);
  out["flags"] = flag_letters(result.flags);
  out["exact"] = {{"updates", exact.updates},
                  {"epochs", exact.epochs},
                  {"converged", exact.converged},
                  {"w", decimals17(exact.w)},
                  {"same_path", same_path}};
  if (first_difference) out["exact"]["first_difference_at_step"] = *first_difference;
  out["exact_decimal_data"] = {{"updates", exact_dec.updates},
                               {"epochs", exact_dec.epochs},
                               {"converged", exact_dec.converged},
                               {"same_path", exact_dec.update_steps == result.update_steps}};
  if (settings.output.json) {
    std::cout << out.dump(2) << '\n';
    return 0;
  }
  const bool color = use_color(settings.output);
  fmt::print(
      "{}\n",
      paint(fmt::format("fpx perceptron {}: {} = {} (+1, {} samples) vs the rest ({}), {} {}",
                        settings.file, table.header[label_column], positive, positives,
                        n - positives, format.name, short_name(rounding)),
            Color::Heading, color));
  fmt::print("features: ");
  for (std::size_t k = 0; k < feature_names.size(); ++k)
    fmt::print("{}{}", k ? ", " : "", feature_names[k]);
  fmt::print("; update if -y w^T x {} 0; {} of {} inputs changed by rounding\n",
             options.condition == UpdateCondition::GreaterEqual ? ">=" : ">", inexact, n * d);
  fmt::print("{}: {} updates in {} epochs, {}; {} misclassified at the end\n", format.name,
             result.updates, result.epochs,
             result.converged ? "converged (an epoch without updates)" : "not converged",
             result.misclassified);
  fmt::print("  w = [");
  for (std::size_t k = 0; k < d; ++k)
    fmt::print("{}{}", k ? ", " : "", shortest_decimal(format, result.w[k]));
  fmt::print("]\n");
  fmt::print("exact arithmetic on the same inputs: {} updates in {} epochs, {}; {}\n",
             exact.updates, exact.epochs, exact.converged ? "converged" : "not converged",
             same_path ? "the same path"
                       : "a different path (first difference at step " +
                             std::to_string(first_difference.value_or(0)) + ")");
  fmt::print("exact arithmetic on the decimal data: {} updates in {} epochs\n", exact_dec.updates,
             exact_dec.epochs);
  fmt::print("{} FLOPs ({} for w^T x, {} for updates); {} bytes input, {} new\n",
             result.count.flops(), result.scoring.flops(), result.updating.flops(),
             result.memory.input_bytes, result.memory.new_bytes);
  if (options.condition == UpdateCondition::Greater && result.updates == 0)
    fmt::print(
        "with > and w = 0, -y w^T x = 0 is never > 0: no update ever happens (the w = 0 trap)\n");
  return 0;
}

// ---------------------------------------------------------------- cost

struct CostSettings {
  std::size_t N = 1000, d = 10, steps = 100;
  std::string format = "binary32";
  std::string rounding = "rne";
  std::string strategy = "serial";
  std::uint64_t seed = 1;
  OutputOptions output;
};

}  // namespace

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

void print_cost_rows(const std::vector<CostRow>& rows, bool color) {
  fmt::print("{:<19} {:<30} {:>14} {:>14} {:>12} {:>12}  {}\n", "step", "formula", "formula FLOPs",
             "counted FLOPs", "input bytes", "new bytes", "note");
  for (const CostRow& row : rows) {
    const std::string formula_value = row.formula_flops ? std::to_string(*row.formula_flops) : "-";
    const bool differs = row.formula_flops && *row.formula_flops != row.counted_flops;
    fmt::print("{:<19} {:<30} {:>14} {} {:>12} {:>12}  {}\n", row.step, row.formula, formula_value,
               paint(fmt::format("{:>14}", row.counted_flops), differs ? Color::Differ : Color::Dim,
                     color && differs),
               row.input_bytes, row.new_bytes, row.note);
  }
}

namespace {

int run_cost(const CostSettings& settings) {
  const Format& format = require_format(settings.format);
  const Rounding rounding = require_rounding(settings.rounding, true);
  const Strategy strategy = require_strategy(settings.strategy);
  if (settings.N < 1 || settings.d < 1) throw UsageError("--N and --d must be positive");
  if (settings.N > 100000 || settings.d > 200 || settings.N * settings.d > 2000000)
    throw UsageError("--N and --d too large for emulated arithmetic (N d <= 2e6, d <= 200)");
  if (settings.steps > 100000) throw UsageError("--steps must be at most 100000");
  std::vector<CostRow> rows;
  try {
    rows = cost_table(settings.N, settings.d, settings.steps, format, rounding, strategy,
                      settings.seed);
  } catch (const std::domain_error& e) {
    throw DataError(e.what());
  }
  if (settings.output.json) {
    std::cout << cost_rows_json(rows).dump(2) << '\n';
    return 0;
  }
  const bool color = use_color(settings.output);
  fmt::print("{}\n",
             paint(fmt::format("fpx cost: N = {}, d = {}, S = {} steps, {} {} summation {}; "
                               "1 add = 1 mul = 1 FLOP, fma = 2, the first addition into a zero "
                               "accumulator counts",
                               settings.N, settings.d, settings.steps, format.name,
                               short_name(rounding), strategy.name(true)),
                   Color::Heading, color));
  print_cost_rows(rows, color);
  return 0;
}

// ---------------------------------------------------------------- nist

struct NistSettings {
  std::string name = "all";
  std::string data;
  SolverOptions solver;
  OutputOptions output;
};

int run_nist(const NistSettings& settings) {
  const Format& format = require_format(settings.solver.format);
  const Rounding rounding = require_rounding(settings.solver.rounding, true);
  const Strategy strategy = require_strategy(settings.solver.strategy);
  const std::vector<Method> methods = require_methods(settings.solver.solvers);
  if (settings.solver.refine < 0) throw UsageError("--refine must be >= 0");
  std::vector<std::string> names;
  if (settings.name == "all") {
    names = nist_dataset_names();
  } else {
    for (const std::string& name : split_list(settings.name)) {
      auto found = std::find_if(
          nist_dataset_names().begin(), nist_dataset_names().end(), [&](const std::string& known) {
            return std::equal(known.begin(), known.end(), name.begin(), name.end(),
                              [](char a, char b) { return std::tolower(a) == std::tolower(b); });
          });
      if (found == nist_dataset_names().end())
        throw UsageError("unknown NIST data set '" + name +
                         "' (Norris Pontius NoInt1 NoInt2 Filip Longley Wampler1..5, or all)");
      names.push_back(*found);
    }
  }
  const std::string directory = find_nist_directory(settings.data);

  // Each direct solver plain and, with --refine N (default 10), refined.
  SolverOptions plain = settings.solver;
  plain.refine = 0;
  nlohmann::json out = nlohmann::json::array();
  std::vector<std::string> columns;
  for (Method method : methods) {
    columns.push_back(std::string(method_name(method)));
    if (is_direct(method) && settings.solver.refine > 0)
      columns.push_back(std::string(method_name(method)) + "+ir");
  }
  for (const std::string& name : names) {
    const NistDataset dataset = as_data_error([&] { return load_nist_dataset(directory, name); });
    std::vector<Rational> certified;
    for (const std::string& text : dataset.certified) certified.push_back(parse_rational(text));
    const ExactSolution exact_decimal = exact_least_squares(dataset.problem);
    if (!exact_decimal.full_rank) throw DataError(name + ": X is rank deficient");
    const RoundedProblem rounded =
        as_data_error([&] { return round_problem(dataset.problem, format, rounding); });
    const ExactSolution exact_rounded = exact_least_squares(rounded.exact);
    double exact_decimal_lre = 15, ceiling = 15;
    for (std::size_t j = 0; j < certified.size(); ++j) {
      exact_decimal_lre =
          std::min(exact_decimal_lre, log_relative_error(exact_decimal.w[j], certified[j], 15));
      if (exact_rounded.full_rank)
        ceiling = std::min(
            ceiling,
            log_relative_error(to_rational(format, round_to_format(format, exact_rounded.w[j])),
                               certified[j], 15));
    }
    if (!exact_rounded.full_rank) ceiling = 0;
    nlohmann::json item;
    item["dataset"] = name;
    item["difficulty"] = dataset.difficulty;
    item["rows"] = dataset.problem.rows;
    item["parameters"] = dataset.problem.cols;
    item["format"] = format.name;
    item["ceiling"] = ceiling;
    item["exact_decimal_lre"] = exact_decimal_lre;
    item["rounded_problem_full_rank"] = exact_rounded.full_rank;
    nlohmann::json table = nlohmann::json::array();
    double best = -1;
    std::string best_solver;
    for (Method method : methods) {
      for (int refined = 0; refined < 2; ++refined) {
        if (refined && (!is_direct(method) || settings.solver.refine == 0)) continue;
        const SolverOptions& options = refined ? settings.solver : plain;
        ScoredSolver s =
            run_solver(options, method, format, rounding, strategy, rounded, nullptr,
                       exact_rounded.full_rank ? &exact_rounded.w : nullptr, &certified, 15, 15);
        nlohmann::json row;
        row["solver"] = s.name;
        row["status"] = status_name(s.result.status);
        if (s.has_values) {
          row["lre"] = s.min_certified;
          row["lre_per_coefficient"] = s.lre_certified;
          if (!s.lre_rounded.empty()) row["lre_rounded_problem"] = s.min_rounded;
          if (s.min_certified > best) {
            best = s.min_certified;
            best_solver = s.name;
          }
        } else {
          row["lre"] = nullptr;
          row["message"] = s.result.message;
        }
        row["flops"] = s.result.count.flops();
        if (s.result.iterations) row["iterations"] = s.result.iterations;
        if (s.result.refinements) row["refinements"] = s.result.refinements;
        table.push_back(row);
      }
    }
    item["best_lre"] = best < 0 ? nlohmann::json(nullptr) : nlohmann::json(best);
    item["best_solver"] = best_solver;
    item["within_half_of_ceiling"] = best >= ceiling - 0.5;
    item["solvers"] = table;
    out.push_back(item);
  }
  if (settings.output.json) {
    std::cout << out.dump(2) << '\n';
    return 0;
  }
  const bool color = use_color(settings.output);
  fmt::print(
      "{}\n",
      paint(fmt::format(
                "fpx nist: minimum LRE against the NIST certified values (capped at 15), {} {} "
                "summation {}, refinement {} steps",
                format.name, short_name(rounding), strategy.name(true), settings.solver.refine),
            Color::Heading, color));
  fmt::print(
      "ceiling: the exact LS solution of the data rounded into {}, rounded once; exact: of the "
      "decimal data; "
      "-: no result (singular, diverged)\n\n",
      format.name);
  fmt::print("{:<9} {:>7} {:>7} {:>5} {:<14}", "dataset", "exact", "ceiling", "best",
             "best solver");
  for (const std::string& column : columns)
    fmt::print(" {:>{}}", column, std::max<std::size_t>(5, column.size()));
  fmt::print("\n");
  for (const auto& item : out) {
    const double best = item["best_lre"].is_null() ? -1 : item["best_lre"].get<double>();
    const bool near = item["within_half_of_ceiling"].get<bool>();
    fmt::print("{:<9} {:>7} {:>7} {} {:<14}", item["dataset"].get<std::string>(),
               fixed1(item["exact_decimal_lre"].get<double>()),
               fixed1(item["ceiling"].get<double>()),
               paint(fmt::format("{:>5}", best < 0 ? "-" : fixed1(best)),
                     near ? Color::Dim : Color::Differ, color && !near),
               item["best_solver"].get<std::string>());
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const auto& row = item["solvers"][k];
      const std::string text = row["lre"].is_null() ? "-" : fixed1(row["lre"].get<double>());
      fmt::print(" {:>{}}", text, std::max<std::size_t>(5, columns[k].size()));
    }
    fmt::print("\n");
  }
  return 0;
}

}  // namespace

namespace {

// ---------------------------------------------------------------- synthetic

struct SyntheticSettings {
  std::size_t rows = 100, cols = 4;
  std::string condition = "1e3";
  std::string noise = "0";
  std::uint64_t seed = 1;
  int digits = 17;
};

// log2 of a positive rational, rounded to nearest (ties up).
int rounded_log2(const Rational& value) {
  const BigInteger top = boost::multiprecision::numerator(value),
                   bottom = boost::multiprecision::denominator(value);
  long k = long(boost::multiprecision::msb(top)) - long(boost::multiprecision::msb(bottom));
  // value in [2^(k-1), 2^(k+1)): compare with 2^(k + 1/2), i.e. value^2 with 2^(2k+1).
  const Rational square = value * value;
  auto power = [](long e) {
    return e >= 0 ? Rational(BigInteger(1) << e) : Rational(1) / Rational(BigInteger(1) << -e);
  };
  while (square >= power(2 * k + 1)) ++k;
  while (square < power(2 * k - 1)) --k;
  return int(k);
}

int run_synthetic(const SyntheticSettings& settings) {
  const Rational condition = parse_rational(settings.condition);
  const Rational noise = parse_rational(settings.noise);
  if (condition < 1) throw UsageError("--condition must be at least 1");
  if (noise < 0) throw UsageError("--noise must not be negative");
  if (settings.cols < 1 || settings.rows < settings.cols || settings.rows > 100000 ||
      settings.cols > 100)
    throw UsageError("need 1 <= d <= 100 and d <= N <= 100000");
  if (settings.digits < 1 || settings.digits > 40) throw UsageError("--digits must be in [1, 40]");
  const int k = rounded_log2(condition);
  if (k > 200) throw UsageError("--condition too large (at most about 2^200)");
  const SyntheticProblem problem =
      synthetic_problem(settings.rows, settings.cols, k, noise, settings.seed);
  std::string line;
  for (std::size_t j = 0; j < problem.cols; ++j) line += "x" + std::to_string(j + 1) + ",";
  std::cout << "# fpx synthetic: N = " << problem.rows << ", d = " << problem.cols
            << ", cond_2(X) = 2^" << k << ", seed " << settings.seed << ", noise " << settings.noise
            << ", w =";
  for (const auto& w : problem.w) std::cout << ' ' << decimal_string(w, 17);
  std::cout << '\n' << line << "y\n";
  for (std::size_t i = 0; i < problem.rows; ++i) {
    line.clear();
    for (std::size_t j = 0; j < problem.cols; ++j)
      line += decimal_string(problem.X[i * problem.cols + j], settings.digits) + ",";
    std::cout << line << decimal_string(problem.y[i], settings.digits) << '\n';
  }
  return 0;
}

}  // namespace

void register_linear_models(CLI::App& app, Runner& run) {
  {
    auto settings = std::make_shared<RegressSettings>();
    CLI::App* command = app.add_subcommand(
        "regress",
        "Least squares min ||y - Xw||^2 by emulated solvers, scored against the exact solutions\n"
        "of the decimal data and of the data rounded into the format.\n"
        "Example: fpx regress data/nist/Longley.csv --solver qr,cholesky --format binary32 "
        "--refine 5");
    command->add_option("file", settings->file,
                        "CSV with a header line (NIST NAME.csv: its model)");
    command->add_option("--degree", settings->degree,
                        "Polynomial of this degree in the one predictor");
    command
        ->add_option("--columns", settings->columns, "Predictor columns (names or 0-based indices)")
        ->delimiter(',');
    command->add_option("--response", settings->response, "Response column (default: the last)");
    command->add_flag("--no-intercept", settings->no_intercept, "No constant term");
    add_solver_options(command, settings->solver, true);
    add_output_options(command, settings->output);
    command->callback([settings, &run] { run = [settings] { return run_regress(*settings); }; });
  }
  {
    auto settings = std::make_shared<PerceptronCliSettings>();
    CLI::App* command = app.add_subcommand(
        "perceptron",
        "The online perceptron (batch 1, learning rate 1, ReLU loss) in emulated arithmetic,\n"
        "beside the same run in exact arithmetic.\n"
        "Example: fpx perceptron data/iris.csv --label species --positive setosa --format "
        "bfloat16");
    command->add_option("file", settings->file, "CSV with a header line");
    command->add_option("--label", settings->label, "The label column");
    command->add_option("--positive", settings->positive,
                        "The label value that is +1 (the rest is -1)");
    command
        ->add_option("--features", settings->features,
                     "Feature columns (default: all but the label)")
        ->delimiter(',');
    command->add_option("--epochs", settings->epochs, "Most passes over the data");
    command->add_option("--format", settings->format, "Working format");
    command->add_option("--round", settings->rounding, "rne rna rtz rup rdn rto sr");
    command->add_option("--sum", settings->strategy, "Summation strategy of w^T x");
    command->add_option("--condition", settings->condition,
                        "Update when -y w^T x >= 0 (the lecture) or > 0");
    command->add_flag("--bias", settings->bias, "Append a constant 1 feature");
    command->add_option("--seed", settings->seed, "Seed for stochastic rounding");
    add_output_options(command, settings->output);
    command->callback([settings, &run] { run = [settings] { return run_perceptron(*settings); }; });
  }
  {
    auto settings = std::make_shared<CostSettings>();
    CLI::App* command = app.add_subcommand("cost",
                                           "The lecture's FLOP formulas beside the counts of fpx's "
                                           "own solvers on seeded random data.\n"
                                           "Example: fpx cost --N 1000 --d 10 --steps 100");
    command->add_option("--N", settings->N, "Samples");
    command->add_option("--d", settings->d, "Features");
    command->add_option("--steps", settings->steps, "Gradient-descent steps S");
    command->add_option("--format", settings->format, "Working format");
    command->add_option("--round", settings->rounding, "Rounding mode");
    command->add_option("--sum", settings->strategy, "Summation strategy of dot products");
    command->add_option("--seed", settings->seed, "Seed of the random data");
    add_output_options(command, settings->output);
    command->callback([settings, &run] { run = [settings] { return run_cost(*settings); }; });
  }
  {
    auto settings = std::make_shared<NistSettings>();
    settings->solver.solvers = "all";
    settings->solver.refine = 10;
    CLI::App* command = app.add_subcommand(
        "nist",
        "The NIST StRD linear-regression table: each solver's minimum LRE against the certified\n"
        "values, and the ceiling of the format.\n"
        "Example: fpx nist all --format binary32");
    command->add_option("name", settings->name, "A data set (Norris, Longley, Filip, ...) or all");
    command->add_option("--data", settings->data, "Folder with NAME.csv and NAME.certified.json");
    add_solver_options(command, settings->solver, true);
    add_output_options(command, settings->output);
    command->callback([settings, &run] { run = [settings] { return run_nist(*settings); }; });
  }
  {
    auto settings = std::make_shared<SyntheticSettings>();
    CLI::App* command = app.add_subcommand(
        "synthetic",
        "Print a seeded synthetic regression problem (CSV x1..xd,y) whose X has the chosen\n"
        "condition number (the nearest power of two), for fpx regress.\n"
        "Example: fpx synthetic --N 200 --d 6 --condition 1e6 > problem.csv");
    command->add_option("--N", settings->rows, "Rows");
    command->add_option("--d", settings->cols, "Columns");
    command->add_option("--condition", settings->condition, "2-norm condition number of X (>= 1)");
    command->add_option("--noise", settings->noise,
                        "Scale of the noise added to y (0: y = X w exactly)");
    command->add_option("--seed", settings->seed, "Seed");
    command->add_option("--digits", settings->digits,
                        "Significant digits printed (the data as given)");
    command->callback([settings, &run] { run = [settings] { return run_synthetic(*settings); }; });
  }
}

}  // namespace fpx::cli
