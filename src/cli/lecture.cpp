// fpx lecture: the lecture's examples in order, each recomputed, with the
// slide's printed numbers beside ours where they differ
// (../shared/lecture/facts.md explains each difference).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "assoc.hpp"
#include "common.hpp"
#include "cost_table.hpp"
#include "fpx/operations.hpp"
#include "fpx/printing.hpp"
#include "table.hpp"

namespace fpx::cli {
namespace {

struct LectureSettings {
  OutputOptions output;
};

int run_lecture(const LectureSettings& settings) {
  const bool json = settings.output.json, color = use_color(settings.output);
  nlohmann::json out;

  // 1. The FP32 representation of +2/3.
  const InputValue two_thirds = read_value(binary32, "2/3", false, Rounding::NearestEven);
  nlohmann::json representation = describe_json(binary32, two_thirds.rounded.bits);
  representation["error_ulps"] =
      conversion_error(binary32, two_thirds.rounded.bits, *two_thirds.exact).ulps;
  out["two_thirds"] = representation;
  if (!json) {
    fmt::print(
        "{}\n",
        paint("1. FP32 representation of +2/3   value = (sign) x 2^(exponent) x 1.(fraction)",
              Color::Heading, color));
    fmt::print("  fields   {}   (sign | exponent | fraction)\n",
               representation["fields"].get<std::string>());
    fmt::print("  lecture  {}\n", representation["lecture"].get<std::string>());
    fmt::print("  hex      {}\n", representation["hex"].get<std::string>());
    fmt::print("  exact    {}   (2/3 rounded to nearest: error {} ulp)\n\n",
               representation["exact"].get<std::string>(),
               representation["error_ulps"].get<std::string>());
    fmt::print("{}\n", paint("2. Rounding matters: A + B + C", Color::Heading, color));
  }

  // 2. A + B + C.
  out["assoc"] =
      explain_assoc(binary32, lecture_assoc_terms(binary32), Rounding::NearestEven, json, color);
  if (!json) {
    fmt::print(
        "  The slide's long bit strings gained zeros in extraction; the last bits (...010 vs "
        "...001) match.\n\n");
    fmt::print("{}\n", paint("3. The dot-product table, every summation strategy (binary32, "
                             "round to nearest even)",
                             Color::Heading, color));
  }

  // 3. The dot-product table, from the printed decimals and from the
  // recovered binary32 inputs, every summation strategy.
  out["dot_table"] = whitepaper_tables(json, color);
  if (!json) {
    fmt::print("\n");
    fmt::print("{}\n",
               paint("4. Cost of linear models: the lecture's formulas beside counted FLOPs "
                     "(N = 100, d = 4, S = 10 steps, binary32; `fpx cost` for others)",
                     Color::Heading, color));
  }
  // 4. The cost tables, counted on seeded data.
  const std::vector<CostRow> costs = cost_table(100, 4, 10);
  out["cost"] = cost_rows_json(costs);
  if (!json) {
    print_cost_rows(costs, color);
  } else {
    std::cout << out.dump(2) << '\n';
  }
  return 0;
}

}  // namespace

void register_lecture(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<LectureSettings>();
  CLI::App* command = app.add_subcommand(
      "lecture",
      "Reproduce the lecture's examples: 2/3 in FP32, A + B + C, the dot-product rounding table.\n"
      "Example: fpx lecture");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_lecture(*settings); }; });
}

}  // namespace fpx::cli
