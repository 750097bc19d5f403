// fpx op OP X Y [Z]: one operation, the exact result cut at the format's last
// bit with guard, round and sticky marked, then the result in each mode.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "common.hpp"
#include "exact_result.hpp"
#include "fpx/operations.hpp"
#include "fpx/printing.hpp"

namespace fpx::cli {
namespace {

struct OpSettings {
  std::string operation;
  std::vector<std::string> operands;
  std::string format = "binary32";
  std::string rounding = "all";
  bool raw = false;
  OutputOptions output;
};

Operation require_operation(const std::string& name) {
  for (Operation operation :
       {Operation::Add, Operation::Subtract, Operation::Multiply, Operation::Divide,
        Operation::SquareRoot, Operation::FusedMultiplyAdd})
    if (operation_name(operation) == name) return operation;
  throw UsageError("unknown operation '" + name + "' (expected add sub mul div sqrt fma)");
}

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

int run_op(const OpSettings& settings) {
  const Operation operation = require_operation(settings.operation);
  const Format& format = require_format(settings.format);
  const std::vector<Rounding> modes = require_roundings(settings.rounding);
  if (int(settings.operands.size()) != arity(operation))
    throw UsageError(std::string(operation_name(operation)) + " needs " +
                     std::to_string(arity(operation)) + " operand" +
                     (arity(operation) == 1 ? "" : "s") + ", got " +
                     std::to_string(settings.operands.size()));
  const bool color = use_color(settings.output);
  std::vector<InputValue> inputs;
  std::vector<std::uint64_t> operands;
  for (const std::string& text : settings.operands) {
    inputs.push_back(read_value(format, text, settings.raw, Rounding::NearestEven));
    operands.push_back(inputs.back().rounded.bits);
  }
  const ExactBinary exact = exact_result(operation, format, operands);
  const CutPicture picture = cut_at_format(format, exact);

  nlohmann::json json;
  json["operation"] = operation_name(operation);
  json["format"] = format.name;
  json["operands"] = nlohmann::json::array();
  const char* names[] = {"x", "y", "z"};
  if (!settings.output.json)
    fmt::print("{} {} in {}\n", paint("fpx op", Color::Heading, color), operation_name(operation),
               format.name);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    nlohmann::json item = describe_json(format, operands[i]);
    item["input"] = inputs[i].text;
    json["operands"].push_back(item);
    if (!settings.output.json) {
      std::string note = inputs[i].rounded.flags.has(Flags::inexact)
                             ? "  (" + inputs[i].text + " rounded to nearest)"
                             : "";
      fmt::print("  {} = {:<34} {}{}\n", names[i], lecture_notation(format, operands[i]),
                 hex_text(format, operands[i]), note);
    }
  }
  if (exact.finite) {
    json["exact"] = {{"lecture", picture.scale + picture.leading + picture.kept + picture.guard +
                                     picture.round + shortened_tail(picture.tail)},
                     {"kept", picture.kept},
                     {"guard", std::string(1, picture.guard)},
                     {"round", std::string(1, picture.round)},
                     {"sticky", picture.sticky ? 1 : 0},
                     {"exact", !exact.truncated}};
    if (!settings.output.json) {
      fmt::print("\n  exact {} = {}\n", symbol_expression(operation), exact_line(picture, color));
      const std::size_t cut_column = 4 + 6 + symbol_expression(operation).size() + 3 +
                                     picture.scale.size() + picture.leading.size() +
                                     picture.kept.size();
      fmt::print("{}{}\n", std::string(cut_column, ' '),
                 paint("^GR  sticky " + std::string(picture.sticky ? "1" : "0") +
                           (exact.truncated ? " (the bits go on)" : ""),
                       Color::Cut, color));
    }
  } else if (!settings.output.json) {
    fmt::print("\n  exact {}: not a finite number\n", symbol_expression(operation));
  }

  json["results"] = nlohmann::json::array();
  if (!settings.output.json)
    fmt::print("\n  {:<5} {:<20} {:<36} {:<7} {}\n", "mode", "hex", "lecture", "flags",
               "error (ulp)");
  for (Rounding mode : modes) {
    const Rounded result = apply(operation, format, operands.data(), mode);
    std::string error = "-";
    if (exact.finite && classify(format, result.bits) != FloatClass::Infinity &&
        classify(format, result.bits) != FloatClass::QuietNaN)
      error = (exact.truncated ? "~" : "") +
              in_ulps(format, result.bits,
                      difference(exact_number(format, result.bits), exact.value), 4);
    json["results"].push_back({{"rounding", short_name(mode)},
                               {"hex", hex_text(format, result.bits)},
                               {"lecture", lecture_notation(format, result.bits)},
                               {"shortest", shortest_decimal(format, result.bits)},
                               {"flags", flag_letters(result.flags)},
                               {"error_ulps", error}});
    if (!settings.output.json)
      fmt::print("  {:<5} {:<20} {:<36} {:<7} {}\n", short_name(mode),
                 hex_text(format, result.bits), lecture_notation(format, result.bits),
                 flag_letters(result.flags), error);
  }
  if (settings.output.json) std::cout << json.dump(2) << '\n';
  return 0;
}

}  // namespace

void register_op(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<OpSettings>();
  CLI::App* command = app.add_subcommand("op",
                                         "Explain one operation: the exact result cut after the "
                                         "last kept bit (guard, round, sticky),\n"
                                         "then the rounded result and flags in each mode.\n"
                                         "Example: fpx op add 0x40000001 0x3F800001 --raw");
  command->add_option("operation", settings->operation, "add sub mul div sqrt fma")->required();
  command
      ->add_option("operands", settings->operands, "X Y [Z]: numbers, or bit patterns with --raw")
      ->required();
  command->add_option("--format", settings->format, "Format name");
  command->add_option("--round", settings->rounding,
                      "rne rna rtz rup rdn rto, a comma list, or all");
  command->add_flag("--raw", settings->raw, "Operands are hex bit patterns");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_op(*settings); }; });
}

}  // namespace fpx::cli
