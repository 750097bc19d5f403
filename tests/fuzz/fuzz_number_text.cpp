// Decimal, hex-float and ratio text (read_number) rounded into every format
// in every deterministic mode. Invariants: rounding down never exceeds
// rounding up; an exact decimal printed by fpx reads back exactly; the
// shortest decimal reads back to the same bits.
#include <string>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/operations.hpp"
#include "fuzz_check.hpp"

using namespace fpx;

namespace {

bool is_finite_encoding(const Format& format, std::uint64_t bits) {
  const FloatClass value_class = classify(format, bits);
  return value_class != FloatClass::Infinity && value_class != FloatClass::QuietNaN &&
         value_class != FloatClass::SignalingNaN;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ExactNumber number;
  try {
    number = read_number(text);
  } catch (const ParseError&) {
    return 0;
  }
  for (const Format* format : all_formats()) {
    const Rounded down = round_number(*format, number, Rounding::TowardNegative);
    const Rounded up = round_number(*format, number, Rounding::TowardPositive);
    const Rounded nearest = round_number(*format, number, Rounding::NearestEven);
    for (Rounding mode : {Rounding::NearestAway, Rounding::TowardZero, Rounding::ToOdd})
      round_number(*format, number, mode);
    if (number.kind == ExactNumber::Kind::NaN) {
      FUZZ_CHECK(!is_finite_encoding(*format, nearest.bits));
      continue;
    }
    if (is_finite_encoding(*format, down.bits) && is_finite_encoding(*format, up.bits))
      FUZZ_CHECK(to_rational(*format, down.bits) <= to_rational(*format, up.bits));
    if (!is_finite_encoding(*format, nearest.bits)) continue;
    // The exact decimal is the stored value: it reads back with no rounding.
    const Rounded exact =
        parse_number(*format, exact_decimal(*format, nearest.bits), Rounding::TowardZero);
    FUZZ_CHECK(exact.bits == nearest.bits);
    FUZZ_CHECK(!exact.flags.has(Flags::inexact));
    const std::string shortest = shortest_decimal(*format, nearest.bits);
    FUZZ_CHECK(parse_number(*format, shortest, Rounding::NearestEven).bits == nearest.bits);
  }
  return 0;
}
