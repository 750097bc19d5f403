// Counts per phase of a solver (include/fpx/linear_models/phase_log.hpp).
#include "fpx/linear_models/phase_log.hpp"

#include <algorithm>

namespace fpx {

void PhaseLog::start() {
  mark_ = arithmetic_.count;
  memory_mark_ = arithmetic_.memory;
}

void PhaseLog::stop(const std::string& name) {
  const OperationCount delta = arithmetic_.count - mark_;
  auto found = std::find_if(phases.begin(), phases.end(),
                            [&](const Phase& phase) { return phase.name == name; });
  if (found == phases.end()) {
    phases.push_back(Phase{name, {}, 0});
    found = phases.end() - 1;
  }
  found->count += delta;
  found->input_bytes += arithmetic_.memory.input_bytes - memory_mark_.input_bytes;
  found->new_bytes += arithmetic_.memory.new_bytes - memory_mark_.new_bytes;
  ++found->calls;
  start();
}

}  // namespace fpx
