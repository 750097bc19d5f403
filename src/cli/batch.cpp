// fpx batch: the TestFloat-style line protocol (include/fpx/core/batch.hpp).
#include "fpx/core/batch.hpp"

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "fpx/core/text.hpp"
#include "fpx/io/data_file_error.hpp"

namespace fpx::cli {

void register_batch(CLI::App& app, Runner& run) {
  struct Settings {
    std::string format = "binary32";
    std::string tininess = "after";
  };
  auto settings = std::make_shared<Settings>();
  CLI::App* command = app.add_subcommand(
      "batch",
      "Answer 'OP MODE X [Y [Z]]' lines from stdin with 'RESULT FLAGS' lines.\n"
      "  OP: add sub mul div sqrt fma to_FORMAT to_int8..to_uint64 (saturating);\n"
      "  MODE: rne rna rtz rup rdn rto sr:SEED;\n"
      "  hex bit patterns; FLAGS: inexact 01 underflow 02 overflow 04 div-by-zero 08 invalid 10\n"
      "Example: echo 'add rne 3F800000 33800000' | fpx batch --format binary32");
  command->add_option(
      "--format", settings->format,
      "Operand format (binary32, binary16, bfloat16, tf32, e4m3, e5m2, binary64, ...)");
  command
      ->add_option("--tininess", settings->tininess,
                   "Underflow tininess: after (x86) or before rounding")
      ->check(CLI::IsMember({"after", "before"}));
  command->callback([settings, &run] {
    run = [settings] {
      const Format* format = find_format(settings->format);
      if (!format) throw UsageError(unknown_format_message(settings->format));
      BatchOptions options;
      options.format = format;
      options.tininess =
          settings->tininess == "before" ? Tininess::BeforeRounding : Tininess::AfterRounding;
      std::ios::sync_with_stdio(false);
      BatchSummary summary = run_batch(std::cin, std::cout, std::cerr, options);
      if (std::cin.bad()) throw read_error("stdin");
      return summary.malformed ? exit_data : 0;
    };
  });
}

}  // namespace fpx::cli
