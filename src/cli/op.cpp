// fpx op OP X Y [Z]: one operation, the exact result cut at the format's last
// bit with guard, round and sticky marked, then the result in each mode.
#include <memory>

#include "fpx/core/text.hpp"
#include "fpx/explain/operation_explanation.hpp"
#include "options.hpp"

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

int run_op(const OpSettings& settings) {
  const auto operation = parse_operation(settings.operation);
  if (!operation)
    throw UsageError(unknown_name_message("operation", settings.operation,
                                          {"add", "sub", "mul", "div", "sqrt", "fma"}));
  const Format& format = require_format(settings.format);
  std::vector<Rounding> modes = require_roundings(settings.rounding);
  if (int(settings.operands.size()) != arity(*operation))
    throw UsageError(std::string(operation_name(*operation)) + " needs " +
                     std::to_string(arity(*operation)) + " operand" +
                     (arity(*operation) == 1 ? "" : "s") + ", got " +
                     std::to_string(settings.operands.size()));
  std::vector<InputValue> inputs;
  for (const std::string& text : settings.operands)
    inputs.push_back(require_value(format, text, settings.raw, Rounding::NearestEven));
  const OperationExplanation explanation =
      explain_operation(*operation, format, std::move(inputs), std::move(modes));
  print_result(
      settings.output, [&] { return operation_json(explanation); },
      [&](bool color) { return operation_text(explanation, color); });
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
