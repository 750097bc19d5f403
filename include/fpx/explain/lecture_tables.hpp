// The rounding tables fpx reproduces: the lecture's dot-product table (from
// Whitehead and Fit-Florea, "Precision & Performance: Floating Point and IEEE
// 754 Compliance for NVIDIA GPUs") with every summation strategy, from the
// printed 7-digit inputs and from the binary32 inputs that reproduce the
// slide; and one dot product on a CPU beside tensor cores fed TF32,
// bfloat16, binary16 and fp8. As JSON and as text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace fpx {

// {"printed": report, "recovered": report, "why": text}; each report as
// summation_report_json with a "title" and a "slide" value per result.
nlohmann::json whitepaper_tables_json();
std::string whitepaper_tables_text(const nlohmann::json& tables, bool color);

// One dot product of k seeded binary32 pairs, six ways.
nlohmann::json tensor_table_json(std::size_t k, std::uint64_t seed);
std::string tensor_table_text(const nlohmann::json& table, bool color);

}  // namespace fpx
