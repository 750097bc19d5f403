// The `fpx batch` line protocol, shared by the CLI and the tests:
//   in:  OP MODE X [Y [Z]]     e.g. "fma rne 3F800000 40000000 BF800000"
//   out: RESULT FLAGS          e.g. "3F800000 00"
// OP: add sub mul div sqrt fma (X*Y+Z) to_FORMAT; MODE: rne rna rtz rup rdn
// rto sr:SEED (each stochastic line draws from its own source seeded SEED).
// Operands and results are uppercase hex bit patterns zero-padded to the
// format's width; FLAGS is two hex digits (inexact 01, underflow 02,
// overflow 04, divide-by-zero 08, invalid 10). Blank lines and lines starting
// with '#' are skipped. A malformed line gets no answer; a message naming its
// line number goes to the error stream.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx {

struct BatchOptions {
  const Format* format = &binary32;
  Tininess tininess = Tininess::AfterRounding;
};

struct BatchSummary {
  long answered = 0;
  long malformed = 0;
};

BatchSummary run_batch(std::istream& input, std::ostream& output, std::ostream& errors,
                       const BatchOptions& options);

// One line; on success writes "RESULT FLAGS" into `answer` and returns an
// empty string, otherwise returns the problem (without the line number).
std::string answer_batch_line(std::string_view line, const BatchOptions& options,
                              std::string& answer);

}  // namespace fpx
