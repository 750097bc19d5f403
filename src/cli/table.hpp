// The lecture's dot-product table, shared by `fpx table whitepaper` and
// `fpx lecture`.
#pragma once

#include <nlohmann/json.hpp>

namespace fpx::cli {

// Prints (unless `json`) and returns both tables: from the whitepaper's
// printed decimals and from the recovered binary32 inputs.
nlohmann::json whitepaper_tables(bool json, bool color);

}  // namespace fpx::cli
