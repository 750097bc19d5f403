// The options of the solver commands (solver_options.hpp).
#include "solver_options.hpp"

#include "fpx/core/decimal.hpp"
#include "fpx/core/text.hpp"
#include "fpx/io/data_table.hpp"
#include "options.hpp"

namespace fpx::cli {

void add_solver_options(CLI::App* command, SolverOptions& options) {
  command->add_option("--solver", options.solvers,
                      "Comma list or all: cholesky lu inverse inverse-xt qr gd1 gd2 jacobi "
                      "gauss-seidel");
  command->add_option("--format", options.format,
                      "Working format (binary32, bfloat16, binary16, ...)");
  command->add_option("--round", options.rounding,
                      "rne rna rtz rup rdn rto sr (inputs and every operation)");
  command->add_option("--sum", options.strategy,
                      "Summation strategy of dot products: " + strategy_spellings(true));
  add_integer_option(command, "--refine", options.refine, 0, 1000,
                     "Iterative refinement steps for the direct solvers (exact residuals)");
  add_integer_option(command, "--steps", options.steps, 1, 1000000,
                     "Step limit of gd1, gd2, jacobi, gauss-seidel");
  command->add_option("--step", options.step,
                      "GD step (multiplies A w - b; default 1/lambda_max estimated)");
  command->add_option("--tolerance", options.tolerance,
                      "Stop iterating when max|dw| <= tolerance * max|w| (default: w unchanged)");
  command->add_flag("--symmetric", options.symmetric,
                    "Form X^T X from its upper half (d(d+1)N FLOPs)");
  add_seed_option(command, options.seed, "Seed for stochastic rounding");
}

std::vector<Method> require_methods(const std::string& names) {
  try {
    return parse_method_list(names);
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    throw UsageError(message == "no solver named" ? "--solver: " + message : message);
  }
}

SolverRun require_solver_run(const SolverOptions& options) {
  if (options.refine < 0) throw UsageError("--refine must be >= 0");
  SolverRun run;
  run.format = &require_format(options.format);
  run.rounding = require_rounding(options.rounding, true);
  run.strategy = require_strategy(options.strategy);
  run.seed = options.seed;
  run.settings.refine = options.refine;
  run.settings.max_steps = options.steps;
  run.settings.symmetric_gram = options.symmetric;
  if (!options.step.empty()) {
    try {
      run.settings.step = parse_number(*run.format, options.step, Rounding::NearestEven).bits;
    } catch (const ParseError& e) {
      throw UsageError("--step: " + std::string(e.what()));
    }
  }
  if (!options.tolerance.empty()) {
    try {
      run.settings.tolerance = parse_rational(options.tolerance);
    } catch (const DataFileError& e) {
      throw UsageError(std::string("--tolerance: ") + e.what());
    }
  }
  return run;
}

}  // namespace fpx::cli
