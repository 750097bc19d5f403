// One tensor-core dot product explained (`fpx mma --explain`): the model's
// parameters, every block's aligned and truncated terms, D beside the
// correctly rounded value and the exact one; as text and as JSON.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "fpx/tensor_core/model.hpp"

namespace fpx {

// "h200 mma, bf16 -> f32: blocks of B = 16 ...", with where the parameters
// come from.
std::string tensor_core_model_summary(const TensorCoreModel& model);

std::string tensor_core_explanation_text(const TensorCoreModel& model,
                                         std::span<const std::uint64_t> a,
                                         std::span<const std::uint64_t> b, std::uint64_t c,
                                         std::size_t line_number, bool color);
nlohmann::json tensor_core_explanation_json(const TensorCoreModel& model,
                                            std::span<const std::uint64_t> a,
                                            std::span<const std::uint64_t> b, std::uint64_t c,
                                            std::size_t line_number);

}  // namespace fpx
