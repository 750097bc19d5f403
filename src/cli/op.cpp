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
  std::uint64_t seed = 0;
  std::size_t trials = 1;
  bool raw = false;
  OutputOptions output;
};

int run_op(const OpSettings& settings) {
  const auto operation = parse_operation(settings.operation);
  if (!operation)
    throw UsageError(unknown_name_message("operation", settings.operation,
                                          {"add", "sub", "mul", "div", "sqrt", "fma"}));
  const std::vector<const Format*> formats = require_formats(settings.format);
  std::vector<Rounding> modes = require_roundings(settings.rounding, true);
  if (settings.raw && formats.size() > 1)
    throw UsageError("--raw reads bit patterns of one format: give one --format");
  if (int(settings.operands.size()) != arity(*operation))
    throw UsageError(std::string(operation_name(*operation)) + " needs " +
                     std::to_string(arity(*operation)) + " operand" +
                     (arity(*operation) == 1 ? "" : "s") + ", got " +
                     std::to_string(settings.operands.size()));
  std::vector<OperationExplanation> explanations;
  for (const Format* format : formats) {
    std::vector<InputValue> inputs;
    for (const std::string& text : settings.operands)
      inputs.push_back(require_value(*format, text, settings.raw, Rounding::NearestEven));
    explanations.push_back(explain_operation(*operation, *format, std::move(inputs), modes,
                                             settings.seed, settings.trials));
  }
  print_result(
      settings.output,
      [&] {
        if (explanations.size() == 1) return operation_json(explanations[0]);
        nlohmann::json all = nlohmann::json::array();
        for (const auto& e : explanations) all.push_back(operation_json(e));
        return all;
      },
      [&](bool color) {
        return explanations.size() == 1 ? operation_text(explanations[0], color)
                                        : operations_text(explanations, color);
      });
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
  command->add_option("--format", settings->format, "Format name, a comma list, or all");
  command->add_option("--round", settings->rounding,
                      "rne rna rtz rup rdn rto sr, a comma list, or all (the deterministic ones)");
  add_seed_option(command, settings->seed, "Seed of stochastic rounding (sr)");
  add_integer_option(command, "--trials", settings->trials, 1, 1000000,
                     "sr: count how often it rounds up over this many consecutive seeds");
  command->add_flag("--raw", settings->raw, "Operands are hex bit patterns");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_op(*settings); }; });
}

}  // namespace fpx::cli
