// Block-scaled and integer quantization (core/block_scaling.hpp,
// core/integer_quantization.hpp) as JSON and as text:
// `fpx quantize`, one or more schemes side by side on the same values.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fpx/core/block_scaling.hpp"
#include "fpx/core/decimal.hpp"
#include "fpx/core/integer_quantization.hpp"

namespace fpx {

struct BlockQuantizationReport {
  std::vector<std::string> inputs;  // the values as written
  std::vector<ExactNumber> exact;   // and exactly
  Rounding rounding = Rounding::NearestEven;
  std::vector<BlockQuantized> schemes;
  std::vector<IntegerQuantized> integer_schemes;  // after the block schemes
};
// Per scheme: the scales (hex and value), and per element its encoding, the
// dequantized value (element x block scale x tensor scale) and its error
// against the exact input (dequantized - input, absolute and relative).
nlohmann::json block_quantization_json(const BlockQuantizationReport& report);
std::string block_quantization_text(const nlohmann::json& report, bool color);

}  // namespace fpx
