// fpx bits VALUE: the encoding of a value, field by field.
#include <iostream>
#include <memory>

#include "fpx/explain/value_description.hpp"
#include "options.hpp"

namespace fpx::cli {
namespace {

struct BitsSettings {
  std::string value;
  std::string format = "binary32";
  std::string rounding = "rne";
  bool raw = false;
  OutputOptions output;
};

int run_bits(const BitsSettings& settings) {
  const Rounding mode = require_rounding(settings.rounding);
  std::vector<const Format*> formats;
  if (settings.format == "all") {
    if (settings.raw) throw UsageError("--raw needs one --format, not all");
    for (const Format* format : all_formats())
      if (format->overflow == OverflowPolicy::Ieee) formats.push_back(format);
  } else {
    formats.push_back(&require_format(settings.format));
  }
  std::vector<std::pair<const Format*, InputValue>> rows;
  for (const Format* format : formats)
    rows.emplace_back(format, require_value(*format, settings.value, settings.raw, mode));
  const bool one = rows.size() == 1;
  print_result(
      settings.output,
      [&] {
        if (one) return value_json(*rows[0].first, rows[0].second);
        nlohmann::json all = nlohmann::json::array();
        for (const auto& [format, input] : rows) all.push_back(value_json(*format, input));
        return all;
      },
      [&](bool color) {
        return one ? value_text(*rows[0].first, rows[0].second, mode, color)
                   : value_table_text(rows);
      });
  return 0;
}

}  // namespace

void register_bits(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<BitsSettings>();
  CLI::App* command =
      app.add_subcommand("bits",
                         "Show the encoding of a value: fields, lecture notation, exact value, "
                         "neighbours, rounding error.\n"
                         "Example: fpx bits 0.1 --format all");
  command
      ->add_option(
          "value", settings->value,
          "0.1, -1e-45, 2/3, 0x1.8p-3, inf, nan, bits:0 01111110 0101..., or with --raw 0x3F2AAAAB")
      ->required();
  command->add_option("--format", settings->format, "Format name, or 'all'");
  command->add_option("--round", settings->rounding,
                      "Rounding of the input: rne rna rtz rup rdn rto");
  command->add_flag("--raw", settings->raw, "VALUE is a hex bit pattern");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_bits(*settings); }; });
}

}  // namespace fpx::cli
