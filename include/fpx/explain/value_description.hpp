// One value explained (`fpx bits`): its fields, lecture notation, hex, exact
// decimal, shortest round-trip decimal, class, ulp, neighbours and the error
// of its conversion, as JSON and as text.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/core/value_text.hpp"

namespace fpx {

// The JSON object describing one encoding: format, hex, sign, exponent,
// biased_exponent, fraction, fields, lecture, exact, shortest, class.
nlohmann::json encoding_json(const Format& format, std::uint64_t bits);

// `fpx bits --json` for one value read into one format: encoding_json plus
// input, flags, ulp, next_up, next_down and, for numbers, error_ulps and
// error_relative.
nlohmann::json value_json(const Format& format, const InputValue& input);

// `fpx bits` for one format: a block of labelled lines.
std::string value_text(const Format& format, const InputValue& input, Rounding mode, bool color);

// One value read into one format in one rounding mode.
struct ValueRow {
  const Format* format;
  Rounding mode;
  InputValue input;
};
// `fpx bits` with several formats or modes: one line per row.
std::string value_table_text(const std::vector<ValueRow>& rows, bool show_mode);

// A stored value as a JSON number: exactly a binary64 value for every fpx
// format (none is wider than binary64), so the printed number reads back to
// it bit for bit; null for NaN and infinities.
nlohmann::json stored_value_json(const Format& format, std::uint64_t bits);
// A stored value for a text column: every digit when it has at most
// `max_digits` significant digits, else rounded to 17 with "..." after.
std::string stored_value_text(const Format& format, std::uint64_t bits, int max_digits = 20);

}  // namespace fpx
