// fpx assoc [A B C]: (A + B) + C against A + (B + C), bit under bit.
#include <memory>

#include "fpx/explain/associativity.hpp"
#include "options.hpp"

namespace fpx::cli {
namespace {

struct AssocSettings {
  std::vector<std::string> terms;
  std::string format = "binary32";
  std::string rounding = "rne";
  bool raw = false;
  OutputOptions output;
};

int run_assoc(const AssocSettings& settings) {
  const std::vector<const Format*> formats = require_formats(settings.format);
  const Rounding mode = require_rounding(settings.rounding);
  if (!settings.terms.empty() && settings.terms.size() != 3)
    throw UsageError("assoc needs three values A B C (or none for the lecture's), got " +
                     std::to_string(settings.terms.size()));
  if (settings.raw && formats.size() > 1)
    throw UsageError("--raw reads bit patterns of one format: give one --format");
  std::vector<AssociativityExplanation> explanations;
  for (const Format* format : formats) {
    AssociativityTerms terms = lecture_associativity_terms(*format);
    if (!settings.terms.empty()) {
      terms.a = require_value(*format, settings.terms[0], settings.raw, mode).rounded.bits;
      terms.b = require_value(*format, settings.terms[1], settings.raw, mode).rounded.bits;
      terms.c = require_value(*format, settings.terms[2], settings.raw, mode).rounded.bits;
    }
    explanations.push_back(explain_associativity(*format, terms, mode));
  }
  print_result(
      settings.output,
      [&] {
        if (explanations.size() == 1) return associativity_json(explanations[0]);
        nlohmann::json all = nlohmann::json::array();
        for (const auto& e : explanations) all.push_back(associativity_json(e));
        return all;
      },
      [&](bool color) {
        return explanations.size() == 1 ? associativity_text(explanations[0], color)
                                        : associativities_text(explanations, color);
      });
  return 0;
}

}  // namespace

void register_assoc(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<AssocSettings>();
  CLI::App* command = app.add_subcommand("assoc",
                                         "Show that (A + B) + C and A + (B + C) round differently; "
                                         "without values, the lecture's A, B, C.\n"
                                         "Example: fpx assoc 0.1 0.2 0.3 --format binary32");
  command->add_option("terms", settings->terms, "A B C: numbers, or bit patterns with --raw");
  command->add_option("--format", settings->format, "Format name, a comma list, or all");
  command->add_option("--round", settings->rounding, "rn() in this mode: rne rna rtz rup rdn rto");
  command->add_flag("--raw", settings->raw, "Values are hex bit patterns");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_assoc(*settings); }; });
}

}  // namespace fpx::cli
