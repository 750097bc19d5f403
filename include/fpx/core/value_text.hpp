// A value as a user writes it on a command line or in a call: a number
// (decimal, hex-float, ratio, inf, nan: decimal.hpp), the binary fields
// "bits:S EEEEEEEE FFF..." (spaces, '|' and '_' allowed), or, when raw, a hex
// bit pattern "0x3F2AAAAB".
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx {

struct InputValue {
  std::string text;
  Rounded rounded;                   // the encoding and the flags of reading it
  std::optional<ExactNumber> exact;  // for numbers: the value as written
};

// Reads `text` into `format` (numbers rounded in `mode`; stochastic rounding
// from a source seeded with 0). Throws ParseError naming the problem.
InputValue read_value(const Format& format, const std::string& text, bool raw, Rounding mode);

}  // namespace fpx
