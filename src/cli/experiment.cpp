// fpx experiment list | NAME: runs one of the library's experiments and
// writes its data (NAME.csv), its gnuplot script (NAME.gp) and its figure
// (NAME.svg).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "fpx/experiments/experiment_report.hpp"
#include "options.hpp"

namespace fpx::cli {
namespace {

struct ExperimentCommand {
  std::string name;
  std::string out = ".";
  std::size_t size = 0;
  int trials = 0;
  std::uint64_t seed = 1;
  std::string formats, strategies;
  OutputOptions output;
};

// A bar on a terminal once a run has taken more than a second.
class ProgressBar {
 public:
  explicit ProgressBar(std::string name)
      : name_(std::move(name)),
        enabled_(isatty(STDERR_FILENO) == 1),
        start_(std::chrono::steady_clock::now()) {}
  ~ProgressBar() {
    if (shown_) std::cerr << "\r\x1b[K" << std::flush;
  }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void show(double fraction) {
    if (!enabled_ || std::chrono::steady_clock::now() - start_ < std::chrono::seconds(1)) return;
    constexpr int width = 30;
    const int filled = int(fraction * width);
    shown_ = true;
    std::cerr << "\rfpx experiment " << name_ << " [" << std::string(std::size_t(filled), '#')
              << std::string(std::size_t(width - filled), ' ') << "] " << int(fraction * 100) << "%"
              << std::flush;
  }

 private:
  std::string name_;
  bool enabled_, shown_ = false;
  std::chrono::steady_clock::time_point start_;
};

int run_experiment_command(const ExperimentCommand& command) {
  if (command.name == "list") {
    print_result(
        command.output, [] { return experiment_list_json(); },
        [](bool) { return experiment_list_text(); });
    return 0;
  }
  const ExperimentDescription* experiment = find_experiment(command.name);
  if (!experiment)
    throw UsageError("unknown experiment '" + command.name + "' (expected list, " +
                     experiment_names() + ")");
  ExperimentSettings settings;
  settings.size = command.size;
  settings.trials = command.trials;
  settings.seed = command.seed;
  if (!command.formats.empty()) settings.formats = parse_arithmetic_list(command.formats);
  if (!command.strategies.empty()) {
    if (experiment->default_strategies.empty())
      throw UsageError(command.name + " takes no --strategy");
    settings.strategies = require_strategies(command.strategies, experiment->dot_strategies);
  }
  ExperimentResult result;
  {
    ProgressBar bar(command.name);
    settings.progress = [&bar](double fraction) { bar.show(fraction); };
    result = run_experiment(*experiment, settings);
  }
  const ExperimentFiles files = write_experiment(result, command.out);
  print_result(
      command.output, [&] { return experiment_json(result, files); },
      [&](bool) { return experiment_text(result, files); });
  std::fflush(stdout);  // the result before any message about the figure
  if (files.render.status == RenderStatus::GnuplotMissing) {
    std::cerr << "fpx: " << files.render.message << '\n';
  } else if (files.render.status == RenderStatus::Failed) {
    std::cerr << "fpx: " << files.render.message << '\n';
    return exit_data;
  }
  return 0;
}

}  // namespace

void register_experiment(CLI::App& app, Runner& run) {
  auto command = std::make_shared<ExperimentCommand>();
  CLI::App* sub = app.add_subcommand(
      "experiment",
      "Runs a named, seeded experiment and writes NAME.csv (one row per point), NAME.gp (the\n"
      "gnuplot script) and NAME.svg (the figure, drawn by gnuplot); `fpx experiment list`\n"
      "names them with their sizes and defaults.\n"
      "Example: fpx experiment stagnation --out figures");
  sub->add_option("name", command->name, "An experiment (error-vs-n, stagnation, ...) or list")
      ->required();
  sub->add_option("--out", command->out, "Folder for the files (created if missing; default .)");
  sub->add_option("--size", command->size, "The experiment's size (see list); default its full run")
      ->check(CLI::PositiveNumber);
  sub->add_option("--trials", command->trials,
                  "Seeded repetitions (see list): median and 5-95% band")
      ->check(CLI::PositiveNumber);
  sub->add_option("--seed", command->seed, "Seed of the random data (default 1)");
  sub->add_option("--format", command->formats,
                  "Formats to run, comma-separated (gd-convergence: FORMAT[:MODE], e.g. "
                  "bfloat16:sr)");
  sub->add_option("--strategy", command->strategies,
                  "Summation strategies (error-vs-n, dot-conditioning), comma-separated, or all");
  add_output_options(sub, command->output);
  sub->callback([command, &run] { run = [command] { return run_experiment_command(*command); }; });
}

}  // namespace fpx::cli
