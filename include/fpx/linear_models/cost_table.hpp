// The lecture's cost formulas for the linear models beside the operations
// that fpx's own kernels and solvers count on the same problem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/summation/strategy.hpp"

namespace fpx {

// The lecture's cost formulas beside the counts of the code above, run on
// seeded random data (N x d, entries uniform in [-1, 1) with 8 bits).
// Rows whose formula_flops is set count exactly what the lecture counts;
// the others show what the formulas leave out.
struct CostRow {
  std::string step;
  std::string formula;                         // "2d^2 N", ...
  std::optional<std::uint64_t> formula_flops;  // the formula's value, when it is exact
  std::uint64_t counted_flops = 0;
  std::uint64_t input_bytes = 0;
  std::uint64_t new_bytes = 0;
  std::string note;
};
std::vector<CostRow> cost_table(std::size_t N, std::size_t d, std::size_t steps,
                                const Format& format = binary32,
                                Rounding rounding = Rounding::NearestEven, Strategy strategy = {},
                                std::uint64_t seed = 1);

}  // namespace fpx
