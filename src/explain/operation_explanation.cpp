// One operation explained (include/fpx/explain/operation_explanation.hpp).
#include "fpx/explain/operation_explanation.hpp"

#include <fmt/format.h>

#include <iterator>
#include <stdexcept>

#include "fpx/core/exact_error.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/printing.hpp"
#include "fpx/explain/style.hpp"
#include "fpx/explain/value_description.hpp"

namespace fpx {
namespace {

std::string symbol_expression(Operation operation) {
  switch (operation) {
    case Operation::Add: return "x + y";
    case Operation::Subtract: return "x - y";
    case Operation::Multiply: return "x * y";
    case Operation::Divide: return "x / y";
    case Operation::SquareRoot: return "sqrt(x)";
    case Operation::FusedMultiplyAdd: return "x * y + z";
  }
  return "?";
}

// Bits shown after the round bit before "...".
constexpr std::size_t shown_tail_bits = 24;

std::string shortened_tail(const std::string& tail) {
  if (tail.size() <= shown_tail_bits) return tail;
  return tail.substr(0, shown_tail_bits) + "...";
}

std::string exact_line(const CutPicture& picture, bool color) {
  return picture.scale + picture.leading + picture.kept + paint("|", Color::Cut, color) +
         paint(std::string(1, picture.guard), Color::Cut, color) +
         paint(std::string(1, picture.round), Color::Cut, color) +
         paint(shortened_tail(picture.tail), Color::Dim, color);
}

// The error of a result in ulps against the exact value ("-" when either
// is not finite; "~" when the exact value is truncated).
std::string error_text(const OperationExplanation& e, std::uint64_t bits) {
  const Format& format = *e.format;
  if (!e.exact.finite || classify(format, bits) == FloatClass::Infinity ||
      classify(format, bits) == FloatClass::QuietNaN)
    return "-";
  std::string text = e.exact.truncated ? "~" : "";
  text += in_ulps(format, bits, difference(exact_number(format, bits), e.exact.value), 4);
  return text;
}

}  // namespace

OperationExplanation explain_operation(Operation operation, const Format& format,
                                       std::vector<InputValue> inputs,
                                       std::vector<Rounding> modes) {
  if (int(inputs.size()) != arity(operation))
    throw std::invalid_argument(
        std::string(operation_name(operation)) + " needs " + std::to_string(arity(operation)) +
        " operand" + (arity(operation) == 1 ? "" : "s") + ", got " + std::to_string(inputs.size()));
  OperationExplanation e;
  e.operation = operation;
  e.format = &format;
  e.inputs = std::move(inputs);
  for (const InputValue& input : e.inputs) e.operands.push_back(input.rounded.bits);
  e.exact = exact_result(operation, format, e.operands);
  e.picture = cut_at_format(format, e.exact);
  e.modes = std::move(modes);
  for (Rounding mode : e.modes)
    e.results.push_back(apply(operation, format, e.operands.data(), mode));
  return e;
}

nlohmann::json operation_json(const OperationExplanation& e) {
  const Format& format = *e.format;
  const CutPicture& picture = e.picture;
  nlohmann::json json;
  json["operation"] = operation_name(e.operation);
  json["format"] = format.name;
  json["operands"] = nlohmann::json::array();
  for (std::size_t i = 0; i < e.inputs.size(); ++i) {
    nlohmann::json item = encoding_json(format, e.operands[i]);
    item["input"] = e.inputs[i].text;
    json["operands"].push_back(item);
  }
  if (e.exact.finite)
    json["exact"] = {{"lecture", picture.scale + picture.leading + picture.kept + picture.guard +
                                     picture.round + shortened_tail(picture.tail)},
                     {"kept", picture.kept},
                     {"guard", std::string(1, picture.guard)},
                     {"round", std::string(1, picture.round)},
                     {"sticky", picture.sticky ? 1 : 0},
                     {"exact", !e.exact.truncated}};
  json["results"] = nlohmann::json::array();
  for (std::size_t k = 0; k < e.modes.size(); ++k) {
    const Rounded& result = e.results[k];
    json["results"].push_back({{"rounding", short_name(e.modes[k])},
                               {"hex", hex_text(format, result.bits)},
                               {"lecture", lecture_notation(format, result.bits)},
                               {"shortest", shortest_decimal(format, result.bits)},
                               {"flags", flag_letters(result.flags)},
                               {"error_ulps", error_text(e, result.bits)}});
  }
  return json;
}

std::string operation_text(const OperationExplanation& e, bool color) {
  const Format& format = *e.format;
  const CutPicture& picture = e.picture;
  std::string out;
  const char* names[] = {"x", "y", "z"};
  append_format(out, "{} {} in {}\n", paint("fpx op", Color::Heading, color),
                operation_name(e.operation), format.name);
  for (std::size_t i = 0; i < e.inputs.size(); ++i) {
    std::string note = e.inputs[i].rounded.flags.has(Flags::inexact)
                           ? "  (" + e.inputs[i].text + " rounded to nearest)"
                           : "";
    append_format(out, "  {} = {:<34} {}{}\n", names[i], lecture_notation(format, e.operands[i]),
                  hex_text(format, e.operands[i]), note);
  }
  const std::string expression = symbol_expression(e.operation);
  if (e.exact.finite) {
    append_format(out, "\n  exact {} = {}\n", expression, exact_line(picture, color));
    const std::size_t cut_column = 4 + 6 + expression.size() + 3 + picture.scale.size() +
                                   picture.leading.size() + picture.kept.size();
    append_format(out, "{}{}\n", std::string(cut_column, ' '),
                  paint("^GR  sticky " + std::string(picture.sticky ? "1" : "0") +
                            (e.exact.truncated ? " (the bits go on)" : ""),
                        Color::Cut, color));
  } else {
    append_format(out, "\n  exact {}: not a finite number\n", expression);
  }
  append_format(out, "\n  {:<5} {:<20} {:<36} {:<7} {}\n", "mode", "hex", "lecture", "flags",
                "error (ulp)");
  for (std::size_t k = 0; k < e.modes.size(); ++k) {
    const Rounded& result = e.results[k];
    append_format(out, "  {:<5} {:<20} {:<36} {:<7} {}\n", short_name(e.modes[k]),
                  hex_text(format, result.bits), lecture_notation(format, result.bits),
                  flag_letters(result.flags), error_text(e, result.bits));
  }
  return out;
}

}  // namespace fpx
