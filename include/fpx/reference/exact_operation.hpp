// The exact (or, for div and sqrt, many-bit truncated) result of one
// operation, a sum or a dot product, from MPFR, as binary digits, and that
// result cut at a format's last bit with its guard, round and sticky bits:
// what `fpx op` and `fpx assoc` draw before rounding.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/operations.hpp"

namespace fpx {

struct ExactBinary {
  bool finite = false;  // false when the result is an infinity or NaN
  bool infinite = false;
  bool nan = false;
  bool negative = false;
  bool zero = false;
  int leading_exponent = 0;  // exponent of the leading 1
  std::string digits;        // "1011...": the leading 1 first, trailing zeros trimmed
  bool truncated = false;    // more nonzero bits follow (div, sqrt)
  ExactNumber value;         // the digits as a number
};

ExactBinary exact_result(Operation operation, const Format& format,
                         const std::vector<std::uint64_t>& operands);
// The exact sum of encoded values.
ExactBinary exact_sum(const Format& format, const std::vector<std::uint64_t>& terms);

// The value drawn at the format's quantum: "2^E x 1.<kept>" and what lies
// beyond the last kept bit.
struct CutPicture {
  std::string scale;    // "2^3 x "
  std::string leading;  // "1." or "0." (subnormal scale)
  std::string kept;     // fraction bits the format keeps
  char guard = '0', round = '0';
  bool sticky = false;
  std::string tail;  // bits after the round bit, trailing zeros trimmed, "..." if truncated
};
CutPicture cut_at_format(const Format& format, const ExactBinary& exact);

// The exact dot product sum a_i * b_i of encoded values (all finite).
ExactBinary exact_dot(const Format& format, const std::vector<std::uint64_t>& a,
                      const std::vector<std::uint64_t>& b);
// The fraction bits of an exact value at the format's scale, trailing zeros
// trimmed but never shorter than the format's fraction: "2^3 x 1.0110...1011".
std::string exact_lecture_notation(const Format& format, const ExactBinary& exact);
}  // namespace fpx
