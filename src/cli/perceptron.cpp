// fpx perceptron FILE: the online perceptron in emulated arithmetic beside
// the same run in exact arithmetic.
#include <memory>

#include "fpx/explain/linear_model_reports.hpp"
#include "options.hpp"

namespace fpx::cli {
namespace {

struct PerceptronCliSettings {
  std::string file;
  std::string label;
  std::string positive;
  std::vector<std::string> features;
  int epochs = 100;
  std::string format = "binary32";
  std::string rounding = "rne";
  std::string strategy = "serial";
  std::string condition = ">=";
  bool bias = false;
  std::uint64_t seed = 0;
  OutputOptions output;
};

int run_perceptron(const PerceptronCliSettings& settings) {
  const Format& format = require_format(settings.format);
  const Rounding rounding = require_rounding(settings.rounding, true);
  const Strategy strategy = require_strategy(settings.strategy);
  if (settings.file.empty()) throw UsageError("give a data FILE (CSV with a header line)");
  if (settings.label.empty()) throw UsageError("--label COLUMN is required");
  if (settings.epochs < 1) throw UsageError("--epochs must be >= 1");
  PerceptronSettings options;
  options.epochs = settings.epochs;
  if (settings.condition == ">=" || settings.condition == "ge")
    options.condition = UpdateCondition::GreaterEqual;
  else if (settings.condition == ">" || settings.condition == "gt")
    options.condition = UpdateCondition::Greater;
  else
    throw UsageError("--condition must be >= (ge) or > (gt)");
  const PerceptronProblem problem =
      read_perceptron_problem(settings.file, settings.label, settings.positive, settings.features,
                              settings.bias, format, rounding);
  const PerceptronComparison comparison =
      compare_perceptron(problem, format, rounding, strategy, settings.seed, options);
  const PerceptronReport report{settings.file, &problem, &comparison, &format,
                                rounding,      strategy, options};
  print_result(
      settings.output, [&] { return perceptron_json(report); },
      [&](bool color) { return perceptron_text(report, color); });
  return 0;
}

}  // namespace

void register_perceptron(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<PerceptronCliSettings>();
  CLI::App* command = app.add_subcommand(
      "perceptron",
      "The online perceptron (batch 1, learning rate 1, ReLU loss) in emulated arithmetic,\n"
      "beside the same run in exact arithmetic.\n"
      "Example: fpx perceptron data/iris.csv --label species --positive setosa --format "
      "bfloat16");
  command->add_option("file", settings->file, "CSV with a header line");
  command->add_option("--label", settings->label, "The label column");
  command->add_option("--positive", settings->positive,
                      "The label value that is +1 (the rest is -1)");
  command
      ->add_option("--features", settings->features, "Feature columns (default: all but the label)")
      ->delimiter(',');
  add_integer_option(command, "--epochs", settings->epochs, 1, 100000, "Most passes over the data");
  command->add_option("--format", settings->format, "Working format");
  command->add_option("--round", settings->rounding, "rne rna rtz rup rdn rto sr");
  command->add_option("--sum", settings->strategy,
                      "Summation strategy of w^T x: " + strategy_spellings(true));
  command->add_option("--condition", settings->condition,
                      "Update when -y w^T x >= 0 (the lecture) or > 0");
  command->add_flag("--bias", settings->bias, "Append a constant 1 feature");
  add_seed_option(command, settings->seed, "Seed for stochastic rounding");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_perceptron(*settings); }; });
}

}  // namespace fpx::cli
