// fpx table whitepaper|tensor: the lecture's dot-product rounding table, or
// one dot product on a CPU beside tensor cores.
#include <algorithm>
#include <memory>

#include "fpx/explain/lecture_tables.hpp"
#include "options.hpp"

namespace fpx::cli {
namespace {

struct TableSettings {
  std::string name;
  std::size_t k = 64;
  std::uint64_t seed = 1;
  OutputOptions output;
};

int run_table(const TableSettings& settings) {
  const bool whitepaper = settings.name == "whitepaper";
  if (!whitepaper && settings.name != "tensor")
    throw UsageError("unknown table '" + settings.name + "' (expected whitepaper or tensor)");
  const nlohmann::json table =
      whitepaper ? whitepaper_tables_json()
                 : tensor_table_json(std::max<std::size_t>(settings.k, 1), settings.seed);
  print_result(
      settings.output, [&] { return table; },
      [&](bool color) {
        return whitepaper ? whitepaper_tables_text(table, color) : tensor_table_text(table, color);
      });
  return 0;
}

}  // namespace

void register_table(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<TableSettings>();
  CLI::App* command =
      app.add_subcommand("table",
                         "Reproduce a rounding table: the lecture's (whitepaper) or CPU against "
                         "tensor cores (tensor).\nExample: fpx table whitepaper");
  command
      ->add_option("name", settings->name,
                   "whitepaper: the lecture's dot-product table; tensor: one dot product on CPU "
                   "and tensor cores")
      ->required();
  command->add_option("--k", settings->k, "tensor: the length of the dot product");
  command->add_option("--seed", settings->seed, "tensor: the seed of the data");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_table(*settings); }; });
}

}  // namespace fpx::cli
