// Counts per phase of a solver: what the arithmetic did between start() and
// stop(name), summed under the name ("xtx", "factor", "solve", "gradient",
// ...), with how many times the phase ran.
#pragma once

#include <string>
#include <vector>

#include "fpx/linear_models/counted_arithmetic.hpp"
#include "fpx/linear_models/solver.hpp"

namespace fpx {

class PhaseLog {
 public:
  explicit PhaseLog(Arithmetic& arithmetic) : arithmetic_(arithmetic) {}
  // Marks where the next phase begins.
  void start();
  // Adds what was done since the mark to the phase `name`, and marks again.
  void stop(const std::string& name);

  std::vector<Phase> phases;

 private:
  Arithmetic& arithmetic_;
  OperationCount mark_;
  MemoryAccount memory_mark_;
};

}  // namespace fpx
