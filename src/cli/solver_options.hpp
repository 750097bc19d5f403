// The options of the solver commands (fpx regress, fpx nist): which solvers,
// in which arithmetic, with which settings.
#pragma once

#include <string>
#include <vector>

#include "commands.hpp"
#include "fpx/linear_models/regression.hpp"
#include "fpx/linear_models/solver.hpp"

namespace fpx::cli {

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

void add_solver_options(CLI::App* command, SolverOptions& options);

// Comma list or all; throws UsageError.
std::vector<Method> require_methods(const std::string& names);
// The options as a SolverRun; throws UsageError.
SolverRun require_solver_run(const SolverOptions& options);

}  // namespace fpx::cli
