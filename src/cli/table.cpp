// fpx table whitepaper|tensor: the lecture's dot-product rounding table, or
// one dot product on a CPU beside tensor cores.
#include <algorithm>
#include <memory>

#include "fpx/core/text.hpp"
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
    throw UsageError(unknown_name_message("table", settings.name, {"whitepaper", "tensor"}));
  const nlohmann::json table =
      whitepaper ? whitepaper_tables_json() : tensor_table_json(settings.k, settings.seed);
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
  add_integer_option(command, "--k", settings->k, 1, 1 << 20,
                     "tensor: the length of the dot product");
  add_seed_option(command, settings->seed, "tensor: the seed of the data");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_table(*settings); }; });
}

}  // namespace fpx::cli
