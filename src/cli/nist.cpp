// fpx nist [NAME|all]: the NIST StRD linear-regression table, each solver's
// minimum LRE against the certified values beside the format's ceiling.
#include <algorithm>
#include <memory>

#include "fpx/core/text.hpp"
#include "fpx/explain/linear_model_reports.hpp"
#include "options.hpp"
#include "solver_options.hpp"

namespace fpx::cli {
namespace {

struct NistSettings {
  std::string name = "all";
  std::string data;
  SolverOptions solver;
  OutputOptions output;
};

std::vector<std::string> require_datasets(const std::string& list) {
  if (list == "all") return nist_dataset_names();
  std::vector<std::string> names;
  for (const std::string& name : split_list(list)) {
    if (name.empty()) continue;
    auto found =
        std::find_if(nist_dataset_names().begin(), nist_dataset_names().end(),
                     [&](const std::string& known) { return equals_ignoring_case(known, name); });
    if (found == nist_dataset_names().end()) {
      std::vector<std::string_view> known(nist_dataset_names().begin(), nist_dataset_names().end());
      known.push_back("all");
      throw UsageError(unknown_name_message("NIST data set", name, known));
    }
    names.push_back(*found);
  }
  return names;
}

int run_nist(const NistSettings& settings) {
  const SolverRun run = require_solver_run(settings.solver);
  const std::vector<Method> methods = require_methods(settings.solver.solvers);
  const std::vector<std::string> names = require_datasets(settings.name);
  const std::string directory = find_nist_directory(settings.data);
  std::vector<NistRow> rows;
  for (const std::string& name : names)
    rows.push_back(score_nist_dataset(load_nist_dataset(directory, name), methods, run));
  print_result(
      settings.output, [&] { return nist_json(rows, *run.format); },
      [&](bool color) { return nist_text(rows, run, color); });
  return 0;
}

}  // namespace

void register_nist(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<NistSettings>();
  settings->solver.solvers = "all";
  settings->solver.refine = 10;
  CLI::App* command = app.add_subcommand(
      "nist",
      "The NIST StRD linear-regression table: each solver's minimum LRE against the certified\n"
      "values, and the ceiling of the format.\n"
      "Example: fpx nist all --format binary32");
  command->add_option("name", settings->name, "A data set (Norris, Longley, Filip, ...) or all");
  command->add_option("--data", settings->data, "Folder with NAME.csv and NAME.certified.json");
  add_solver_options(command, settings->solver);
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_nist(*settings); }; });
}

}  // namespace fpx::cli
