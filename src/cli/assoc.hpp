// The associativity example, shared by `fpx assoc` and `fpx lecture`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "fpx/format.hpp"
#include "fpx/rounding.hpp"

namespace fpx::cli {

struct AssocTerms {
  std::uint64_t a, b, c;
};
// The lecture's A = 2^1 x (1 + ulp), B = 2^0 x (1 + ulp), C = 2^3 x (1 + ulp).
AssocTerms lecture_assoc_terms(const Format& format);

// Prints the example as text (or returns it as JSON when `json`).
nlohmann::json explain_assoc(const Format& format, const AssocTerms& terms, Rounding mode,
                             bool json, bool color);

}  // namespace fpx::cli
