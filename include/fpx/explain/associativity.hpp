// The associativity example (`fpx assoc`, the lecture's A + B + C):
// rn(rn(A + B) + C) against rn(A + rn(B + C)) and the exact sum, bit under
// bit; as JSON and as text.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/reference/exact_operation.hpp"

namespace fpx {

struct AssociativityTerms {
  std::uint64_t a, b, c;
};
// The lecture's A = 2^1 x (1 + ulp), B = 2^0 x (1 + ulp), C = 2^3 x (1 + ulp).
AssociativityTerms lecture_associativity_terms(const Format& format);

struct AssociativityExplanation {
  const Format* format = &binary32;
  Rounding mode = Rounding::NearestEven;
  AssociativityTerms terms{};
  Rounded left, right;        // rn(rn(A + B) + C), rn(A + rn(B + C))
  ExactBinary exact;          // A + B + C
  Rounded correctly_rounded;  // the exact sum rounded once
};
AssociativityExplanation explain_associativity(const Format& format,
                                               const AssociativityTerms& terms, Rounding mode);

nlohmann::json associativity_json(const AssociativityExplanation& explanation);
std::string associativity_text(const AssociativityExplanation& explanation, bool color);
// The example in several formats, one line each.
std::string associativities_text(const std::vector<AssociativityExplanation>& explanations,
                                 bool color);

}  // namespace fpx
