// One operation explained (include/fpx/explain/operation_explanation.hpp).
#include "fpx/explain/operation_explanation.hpp"

#include <fmt/format.h>

#include <iterator>
#include <stdexcept>

#include "fpx/core/exact_error.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/printing.hpp"
#include "fpx/core/unpacked.hpp"
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

// The error of a result against the exact value, in ulps of the exact
// value and relative to it ("-" when either is not finite; "~" when the
// exact value is truncated: div and sqrt); and the direction of the
// rounding: "exact", "up" (toward +inf) or "down".
struct ResultError {
  std::string ulps = "-", relative = "-", direction = "-";
};

ResultError result_error(const OperationExplanation& e, std::uint64_t bits) {
  const Format& format = *e.format;
  ResultError out;
  const FloatClass value_class = classify(format, bits);
  if (!e.exact.finite || value_class == FloatClass::Infinity ||
      value_class == FloatClass::QuietNaN || value_class == FloatClass::SignalingNaN)
    return out;
  const ExactNumber error = difference(exact_number(format, bits), e.exact.value);
  const std::string approximately = e.exact.truncated ? "~" : "";
  out.ulps = approximately + ulps_of_exact(format, e.exact.value, error, 4);
  out.relative = approximately + relative_text(e.exact.value, error, 3);
  out.direction = error.numerator == 0 && !e.exact.truncated ? "exact"
                  : error.numerator == 0                     ? (e.exact.negative ? "up" : "down")
                  : error.negative                           ? "down"
                                                             : "up";
  return out;
}

bool any_flag(const OperationExplanation& e, std::uint8_t flag) {
  for (const Rounded& result : e.results)
    if (result.flags.has(flag)) return true;
  return false;
}

// The special case of IEEE 754-2019 that decides the result, in words.
std::string special_rule(const OperationExplanation& e) {
  std::vector<Unpacked> x;
  for (std::uint64_t bits : e.operands) x.push_back(unpack(*e.format, bits));
  bool nan_operand = false, signaling = false;
  for (const Unpacked& operand : x) {
    nan_operand = nan_operand || operand.is_nan();
    signaling = signaling || operand.is_signaling();
  }
  const Operation op = e.operation;
  if (nan_operand) {
    if (op == Operation::FusedMultiplyAdd &&
        ((x[0].is_zero() && x[1].is_infinity()) || (x[0].is_infinity() && x[1].is_zero())))
      return "0 x inf in x * y + z is invalid even beside a NaN z (IEEE 754-2019 7.2): the "
             "default NaN, invalid";
    return std::string("an operand is NaN: the result is the default NaN (IEEE 754-2019 6.2)") +
           (signaling ? "; a signaling NaN raises invalid (7.2)" : ", no flag for a quiet NaN");
  }
  if (e.exact.nan) {
    switch (op) {
      case Operation::Add:
      case Operation::Subtract:
        return "inf - inf is an invalid operation (IEEE 754-2019 7.2): the default NaN, invalid";
      case Operation::Multiply:
        return "0 x inf is an invalid operation (IEEE 754-2019 7.2): the default NaN, invalid";
      case Operation::Divide:
        return std::string(x[0].is_zero() ? "0 / 0" : "inf / inf") +
               " is an invalid operation (IEEE 754-2019 7.2): the default NaN, invalid";
      case Operation::SquareRoot:
        return "the square root of a number below zero is an invalid operation (IEEE 754-2019 "
               "7.2): the default NaN, invalid";
      case Operation::FusedMultiplyAdd:
        return "x * y + z is 0 x inf or inf - inf, an invalid operation (IEEE 754-2019 7.2): the "
               "default NaN, invalid";
    }
  }
  if (e.exact.infinite) {
    const std::string sign = e.exact.negative ? "-inf" : "+inf";
    if (op == Operation::Divide && x[1].is_zero())
      return "a finite number divided by zero is an exact " + sign +
             " with the divide-by-zero flag (IEEE 754-2019 7.3)" +
             (e.format->has_infinity() ? "" : "; this format has no infinity: NaN");
    return "arithmetic on infinities is exact (IEEE 754-2019 6.1): " + sign + ", no flag" +
           (e.format->has_infinity() ? "" : "; this format has no infinity: NaN");
  }
  return {};
}

}  // namespace

std::vector<std::string> operation_notes(const OperationExplanation& e) {
  std::vector<std::string> notes;
  if (std::string rule = special_rule(e); !rule.empty()) notes.push_back(std::move(rule));
  if (!e.exact.finite) return notes;
  const std::string name(e.format->name);
  if (any_flag(e, Flags::overflow))
    notes.push_back("the exact result is beyond the largest finite " + name +
                    ": overflow (IEEE 754-2019 7.4) gives infinity or the largest finite number "
                    "by the rounding direction" +
                    (e.format->overflow == OverflowPolicy::Saturate
                         ? " (saturating: always the largest finite)"
                         : ""));
  if (any_flag(e, Flags::underflow))
    notes.push_back("the exact result is below the smallest normal " + name +
                    " and inexact: underflow (IEEE 754-2019 7.5)");
  if (!e.exact.zero && !e.exact.truncated && e.picture.guard == '1' && e.picture.round == '0' &&
      !e.picture.sticky)
    notes.push_back(
        "the exact result is a tie, exactly halfway between two " + name +
        " numbers: rne breaks it to the even one, rna away from zero, the directed modes by "
        "their direction");
  return notes;
}

OperationExplanation explain_operation(Operation operation, const Format& format,
                                       std::vector<InputValue> inputs, std::vector<Rounding> modes,
                                       std::uint64_t seed, std::size_t trials) {
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
  e.seed = seed;
  e.trials = trials;
  for (Rounding mode : e.modes) {
    StochasticSource random(seed);
    e.results.push_back(apply(operation, format, e.operands.data(), mode,
                              RoundingOptions{Tininess::AfterRounding, &random}));
    if (mode != Rounding::Stochastic) continue;
    const std::uint64_t down =
        apply(operation, format, e.operands.data(), Rounding::TowardNegative).bits;
    for (std::size_t trial = 0; trial < trials; ++trial) {
      StochasticSource source(seed + trial);
      const Rounded result = apply(operation, format, e.operands.data(), mode,
                                   RoundingOptions{Tininess::AfterRounding, &source});
      e.rounded_up += result.bits != down ? 1 : 0;
    }
  }
  return e;
}

namespace {

// The probability that stochastic rounding rounds up: the fraction of an
// ulp between the result rounded down and the exact value, to 4 digits
// ("-" when the result is exact or not finite).
std::string up_probability(const OperationExplanation& e) {
  if (!e.exact.finite) return "-";
  const Format& format = *e.format;
  const std::uint64_t down =
      apply(e.operation, format, e.operands.data(), Rounding::TowardNegative).bits;
  const std::uint64_t up =
      apply(e.operation, format, e.operands.data(), Rounding::TowardPositive).bits;
  const ExactNumber low = exact_number(format, down), high = exact_number(format, up);
  if (low.kind != ExactNumber::Kind::Finite || high.kind != ExactNumber::Kind::Finite || down == up)
    return "-";
  const Rational t =
      (to_rational(e.exact.value) - to_rational(low)) / (to_rational(high) - to_rational(low));
  return (e.exact.truncated ? "~" : "") + short_decimal(t, 4);
}

}  // namespace

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
  json["notes"] = operation_notes(e);
  for (Rounding mode : e.modes)
    if (mode == Rounding::Stochastic)
      json["stochastic"] = {{"seed", e.seed},
                            {"trials", e.trials},
                            {"rounded_up", e.rounded_up},
                            {"probability_up", up_probability(e)}};
  if (!e.exact.finite)
    json["exact"] = {{"class", e.exact.nan ? "nan" : "infinity"},
                     {"negative", e.exact.negative},
                     {"lecture", exact_lecture_notation(format, e.exact)}};
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
    const ResultError error = result_error(e, result.bits);
    json["results"].push_back({{"rounding", short_name(e.modes[k])},
                               {"hex", hex_text(format, result.bits)},
                               {"lecture", lecture_notation(format, result.bits)},
                               {"value", exact_decimal(format, result.bits)},
                               {"shortest", shortest_decimal(format, result.bits)},
                               {"flags", flag_letters(result.flags)},
                               {"flag_names", flag_names(result.flags)},
                               {"direction", error.direction},
                               {"error_ulps", error.ulps},
                               {"relative_error", error.relative}});
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
    const Flags flags = e.inputs[i].rounded.flags;
    std::string note =
        flags.has(Flags::overflow)
            ? "  (" + e.inputs[i].text + " overflows " + std::string(format.name) + ")"
        : flags.has(Flags::inexact) ? "  (" + e.inputs[i].text + " rounded to nearest)"
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
    append_format(out, "\n  exact {} = {}\n", expression, exact_lecture_notation(format, e.exact));
  }
  for (const std::string& note : operation_notes(e)) append_format(out, "  {}\n", note);
  append_format(out, "\n  {:<5} {:<20} {:<36} {:<7} {:<9} {:>12} {:>10}\n", "mode", "hex",
                "lecture", "flags", "rounded", "error ulp", "relative");
  for (std::size_t k = 0; k < e.modes.size(); ++k) {
    const Rounded& result = e.results[k];
    const ResultError error = result_error(e, result.bits);
    append_format(out, "  {:<5} {:<20} {:<36} {:<7} {:<9} {:>12} {:>10}\n", short_name(e.modes[k]),
                  hex_text(format, result.bits), lecture_notation(format, result.bits),
                  flag_letters(result.flags), error.direction, error.ulps, error.relative);
  }
  for (Rounding mode : e.modes)
    if (mode == Rounding::Stochastic)
      append_format(out,
                    "  sr: seed {}; over {} trial(s) from that seed it rounded up {} time(s); the "
                    "rule rounds up with probability {}\n",
                    e.seed, e.trials, e.rounded_up, up_probability(e));
  out += "  " + flag_legend() + "; errors in ulps of the exact value\n";
  return out;
}

std::string operations_text(const std::vector<OperationExplanation>& explanations, bool color) {
  const OperationExplanation& first = explanations.front();
  std::string out;
  std::string operands;
  for (const InputValue& input : first.inputs) operands += " " + input.text;
  append_format(out, "{} {}{} in {} formats\n", paint("fpx op", Color::Heading, color),
                operation_name(first.operation), operands, explanations.size());
  for (const OperationExplanation& e : explanations) {
    const std::string expression = symbol_expression(e.operation);
    if (e.exact.finite)
      append_format(out, "  {:<9} exact {} = {}\n", e.format->name, expression,
                    exact_line(e.picture, color));
    else
      append_format(out, "  {:<9} exact {} = {}\n", e.format->name, expression,
                    exact_lecture_notation(*e.format, e.exact));
    for (const std::string& note : operation_notes(e)) append_format(out, "  {:<9} {}\n", "", note);
  }
  append_format(out, "\n  {:<9} {:<5} {:<20} {:<36} {:<7} {:<9} {:>12} {:>10}\n", "format", "mode",
                "hex", "lecture", "flags", "rounded", "error ulp", "relative");
  for (const OperationExplanation& e : explanations)
    for (std::size_t k = 0; k < e.modes.size(); ++k) {
      const Rounded& result = e.results[k];
      const ResultError error = result_error(e, result.bits);
      append_format(out, "  {:<9} {:<5} {:<20} {:<36} {:<7} {:<9} {:>12} {:>10}\n", e.format->name,
                    short_name(e.modes[k]), hex_text(*e.format, result.bits),
                    lecture_notation(*e.format, result.bits), flag_letters(result.flags),
                    error.direction, error.ulps, error.relative);
    }
  out += "  " + flag_legend() + "; errors in ulps of the exact value\n";
  return out;
}

}  // namespace fpx
