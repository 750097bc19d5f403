// fpx cost: the lecture's FLOP formulas beside the counts of fpx's own
// solvers on seeded random data.
#include <memory>
#include <stdexcept>

#include "fpx/explain/linear_model_reports.hpp"
#include "fpx/explain/style.hpp"
#include "options.hpp"

namespace fpx::cli {
namespace {

struct CostSettings {
  std::size_t N = 1000, d = 10, steps = 100;
  std::string format = "binary32";
  std::string rounding = "rne";
  std::string strategy = "serial";
  std::uint64_t seed = 1;
  OutputOptions output;
};

int run_cost(const CostSettings& settings) {
  const Format& format = require_format(settings.format);
  const Rounding rounding = require_rounding(settings.rounding, true);
  const Strategy strategy = require_strategy(settings.strategy);
  if (settings.N < 1 || settings.d < 1) throw UsageError("--N and --d must be positive");
  if (settings.N > 100000 || settings.d > 200 || settings.N * settings.d > 2000000)
    throw UsageError("--N and --d too large for emulated arithmetic (N d <= 2e6, d <= 200)");
  if (settings.steps > 100000) throw UsageError("--steps must be at most 100000");
  std::vector<CostRow> rows;
  try {
    rows = cost_table(settings.N, settings.d, settings.steps, format, rounding, strategy,
                      settings.seed);
  } catch (const std::domain_error& e) {
    throw DataFileError(e.what());
  }
  print_result(
      settings.output, [&] { return cost_rows_json(rows); },
      [&](bool color) {
        return paint(fmt::format("fpx cost: N = {}, d = {}, S = {} steps, {} {} summation {}; "
                                 "1 add = 1 mul = 1 FLOP, fma = 2, the first addition into a "
                                 "zero accumulator counts",
                                 settings.N, settings.d, settings.steps, format.name,
                                 short_name(rounding), strategy.name(true)),
                     Color::Heading, color) +
               "\n" + cost_rows_text(rows, color);
      });
  return 0;
}

}  // namespace

void register_cost(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<CostSettings>();
  CLI::App* command = app.add_subcommand("cost",
                                         "The lecture's FLOP formulas beside the counts of fpx's "
                                         "own solvers on seeded random data.\n"
                                         "Example: fpx cost --N 1000 --d 10 --steps 100");
  add_integer_option(command, "--N", settings->N, 1, 100000, "Samples");
  add_integer_option(command, "--d", settings->d, 1, 200, "Features");
  add_integer_option(command, "--steps", settings->steps, 0, 100000, "Gradient-descent steps S");
  command->add_option("--format", settings->format, "Working format");
  command->add_option("--round", settings->rounding, "Rounding mode");
  command->add_option("--sum", settings->strategy,
                      "Summation strategy of dot products: " + strategy_spellings(true));
  add_seed_option(command, settings->seed, "Seed of the random data");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_cost(*settings); }; });
}

}  // namespace fpx::cli
