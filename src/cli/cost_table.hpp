// The lecture's cost table as `fpx cost` prints it, shared with `fpx lecture`.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "fpx/solvers.hpp"

namespace fpx::cli {

nlohmann::json cost_rows_json(const std::vector<CostRow>& rows);
void print_cost_rows(const std::vector<CostRow>& rows, bool color);

}  // namespace fpx::cli
