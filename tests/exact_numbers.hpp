// Exact numbers from text for the tests of quantization: what read_number
// gives, and magnitudes of exact rationals.
#pragma once

#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"

namespace fpx::testing {

inline std::vector<ExactNumber> exact_numbers(const std::vector<std::string>& texts) {
  std::vector<ExactNumber> out;
  for (const std::string& text : texts) out.push_back(read_number(text));
  return out;
}

inline Rational absolute(const Rational& x) { return x < 0 ? Rational(-x) : x; }

}  // namespace fpx::testing
