// fpx lecture: the lecture's examples in order, each recomputed, with the
// slide's printed numbers beside ours where they differ.
#include "fpx/explain/lecture.hpp"

#include <memory>

#include "options.hpp"

namespace fpx::cli {

void register_lecture(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<OutputOptions>();
  CLI::App* command = app.add_subcommand(
      "lecture",
      "Reproduce the lecture's examples: 2/3 in FP32, A + B + C, the dot-product rounding table.\n"
      "Example: fpx lecture");
  add_output_options(command, *settings);
  command->callback([settings, &run] {
    run = [settings] {
      print_result(*settings, lecture_json, lecture_text);
      return 0;
    };
  });
}

}  // namespace fpx::cli
