// One value explained (include/fpx/explain/value_description.hpp).
#include "fpx/explain/value_description.hpp"

#include <fmt/format.h>

#include <bit>

#include "fpx/core/decimal.hpp"
#include "fpx/core/exact_error.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/printing.hpp"
#include "fpx/explain/style.hpp"

namespace fpx {
namespace {

constexpr const char* beyond_range_note =
    "the input lies beyond 10^+-1000 in magnitude: fpx rounds it as 2^+-100000, which gives the "
    "same result in every format and mode, and does not compute its error";

std::string colored_fields(const Format& format, std::uint64_t bits, bool color) {
  const std::string split = field_split(format, bits);  // "S | EEE | FFF"
  const auto first = split.find(" | "), second = split.find(" | ", first + 3);
  return paint(split.substr(0, first), Color::Sign, color) + " | " +
         paint(split.substr(first + 3, second - first - 3), Color::Exponent, color) + " | " +
         paint(split.substr(second + 3), Color::Fraction, color);
}

nlohmann::json neighbour_json(const Format& format, std::uint64_t bits) {
  return nlohmann::json{{"hex", hex_text(format, bits)},
                        {"lecture", lecture_notation(format, bits)},
                        {"shortest", shortest_decimal(format, bits)},
                        {"exact", exact_decimal(format, bits)}};
}

}  // namespace

nlohmann::json encoding_json(const Format& format, std::uint64_t bits) {
  const std::uint64_t field = (bits & format.magnitude_mask()) >> format.fraction_bits();
  const FloatClass value_class = classify(format, bits);
  nlohmann::json out;
  out["format"] = format.name;
  out["hex"] = hex_text(format, bits);
  out["sign"] = (bits & format.sign_mask()) ? 1 : 0;
  out["biased_exponent"] = field;
  out["exponent"] = field == 0 ? format.min_exponent() : int(field) - format.bias;
  out["fraction"] = fraction_bits_text(format, bits);
  out["fields"] = field_split(format, bits);
  out["lecture"] = lecture_notation(format, bits);
  out["exact"] = exact_decimal(format, bits);
  out["shortest"] = shortest_decimal(format, bits);
  out["class"] = class_name(value_class);
  return out;
}

nlohmann::json value_json(const Format& format, const InputValue& input) {
  const std::uint64_t bits = input.rounded.bits;
  nlohmann::json out = encoding_json(format, bits);
  out["input"] = input.text;
  out["value"] = stored_value_json(format, bits);
  out["flags"] = flag_letters(input.rounded.flags);
  out["flag_names"] = flag_names(input.rounded.flags);
  out["ulp"] = neighbour_json(format, unit_in_last_place(format, bits));
  out["next_up"] = neighbour_json(format, next_up(format, bits));
  out["next_down"] = neighbour_json(format, next_down(format, bits));
  if (input.exact) {
    ConversionError error = conversion_error(format, bits, *input.exact);
    out["error_ulps"] = error.ulps.empty() ? nlohmann::json() : nlohmann::json(error.ulps);
    out["relative_error"] =
        error.relative.empty() ? nlohmann::json() : nlohmann::json(error.relative);
    if (input.exact->beyond_range) out["note"] = beyond_range_note;
  }
  return out;
}

std::string value_text(const Format& format, const InputValue& input, Rounding mode, bool color) {
  std::string out;
  const std::uint64_t bits = input.rounded.bits;
  auto row = [&](const char* label, const std::string& text) {
    append_format(out, "  {:<10} {}\n", label, text);
  };
  append_format(out, "{} {}\n", paint(std::string(format.name), Color::Heading, color), input.text);
  row("hex", hex_text(format, bits));
  row("fields", colored_fields(format, bits, color) + "   (sign | exponent | fraction)");
  row("lecture", lecture_notation(format, bits));
  row("exact", exact_decimal(format, bits));
  row("shortest", shortest_decimal(format, bits));
  row("class", std::string(class_name(classify(format, bits))));
  const std::uint64_t ulp = unit_in_last_place(format, bits);
  row("ulp", shortest_decimal(format, ulp) + "  (" + hex_text(format, ulp) + ")");
  const std::uint64_t down = next_down(format, bits), up = next_up(format, bits);
  row("next down", hex_text(format, down) + "  " + shortest_decimal(format, down));
  row("next up", hex_text(format, up) + "  " + shortest_decimal(format, up));
  if (input.exact) {
    ConversionError error = conversion_error(format, bits, *input.exact);
    std::string flags = flag_letters(input.rounded.flags);
    if (error.ulps.empty())
      row("rounding", fmt::format("{} (flags {})", long_name(mode), flags));
    else
      row("rounding", fmt::format("{}: error {} ulp, relative {} (flags {})", long_name(mode),
                                  error.ulps, error.relative, flags));
    if (input.exact->beyond_range) row("note", beyond_range_note);
  }
  return out;
}

std::string value_table_text(const std::vector<ValueRow>& rows, bool show_mode) {
  std::string out;
  const std::string mode_header = show_mode ? fmt::format("{:<5} ", "mode") : "";
  append_format(out, "{:<9} {}{:<20} {:<28} {:<26} {:>10} {:>10}  {}\n", "format", mode_header,
                "hex", "value", "shortest", "error ulp", "relative", "lecture");
  for (const ValueRow& row : rows) {
    const Format& format = *row.format;
    const std::uint64_t bits = row.input.rounded.bits;
    const ConversionError error =
        row.input.exact ? conversion_error(format, bits, *row.input.exact) : ConversionError{};
    const std::string mode = show_mode ? fmt::format("{:<5} ", short_name(row.mode)) : "";
    append_format(out, "{:<9} {}{:<20} {:<28} {:<26} {:>10} {:>10}  {}\n", format.name, mode,
                  hex_text(format, bits), stored_value_text(format, bits),
                  shortest_decimal(format, bits), error.ulps.empty() ? "-" : error.ulps,
                  error.relative.empty() ? "-" : error.relative, lecture_notation(format, bits));
  }
  out +=
      "value: the stored value, every digit (or 17 digits then ...); errors in ulps of the "
      "exact value\n";
  return out;
}

nlohmann::json stored_value_json(const Format& format, std::uint64_t bits) {
  const FloatClass value_class = classify(format, bits);
  if (value_class == FloatClass::Infinity || value_class == FloatClass::QuietNaN ||
      value_class == FloatClass::SignalingNaN)
    return nullptr;
  return std::bit_cast<double>(convert(format, binary64, bits, Rounding::NearestEven).bits);
}

std::string stored_value_text(const Format& format, std::uint64_t bits, int max_digits) {
  const std::string exact = exact_decimal(format, bits);
  const ExactNumber number = exact_number(format, bits);
  if (number.kind != ExactNumber::Kind::Finite) return exact;
  int significant = 0;
  bool leading = true;
  for (char c : exact) {
    if (c < '0' || c > '9') continue;
    if (leading && c == '0') continue;
    leading = false;
    ++significant;
  }
  if (significant <= max_digits) return exact;
  return approximate_decimal(number.negative, number.numerator, number.denominator,
                             number.binary_exponent, 17) +
         "...";
}

}  // namespace fpx
