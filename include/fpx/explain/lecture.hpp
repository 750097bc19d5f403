// `fpx lecture`: the lecture's examples in order, each recomputed: the FP32
// representation of 2/3, A + B + C, the dot-product table with every
// summation strategy, and the cost of the linear models; as JSON and text.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace fpx {

nlohmann::json lecture_json();
std::string lecture_text(bool color);

}  // namespace fpx
