// fpx bits VALUE: the encoding of a value, field by field.
#include <iostream>
#include <memory>

#include "fpx/core/text.hpp"
#include "fpx/explain/value_description.hpp"
#include "fpx/io/data_table.hpp"
#include "options.hpp"

namespace fpx::cli {
namespace {

struct BitsSettings {
  std::vector<std::string> values;
  std::string format = "binary32";
  std::string rounding = "rne";
  bool raw = false;
  OutputOptions output;
};

// The values: as given, with "-" replaced by the lines of stdin (blank lines
// and '#' comments skipped).
std::vector<std::string> read_values(const std::vector<std::string>& given) {
  std::vector<std::string> values;
  for (const std::string& value : given) {
    if (value != "-") {
      values.push_back(value);
      continue;
    }
    DataLineReader reader(std::cin, "stdin");
    std::vector<std::string> fields;
    while (reader.next(fields)) values.push_back(reader.content());
  }
  if (values.empty()) throw UsageError("give a VALUE (or - for values on stdin, one per line)");
  return values;
}

// "0x3F800000" without --raw reads as the integer 1065353216: say so.
void note_integer_reading(const std::string& text, bool raw) {
  if (raw || text.size() < 3 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X') ||
      text.find_first_of(".pP", 2) != std::string::npos)
    return;
  std::cerr
      << "fpx: note: " << quote(text)
      << " was read as the integer it writes in hexadecimal; for the bit pattern, add --raw\n";
}

int run_bits(const BitsSettings& settings) {
  const std::vector<Rounding> modes = require_roundings(settings.rounding);
  const std::vector<const Format*> formats = require_formats(settings.format);
  if (settings.raw && formats.size() > 1)
    throw UsageError("--raw reads bit patterns of one format: give one --format");
  std::vector<ValueRow> rows;
  const std::vector<std::string> values = read_values(settings.values);
  for (const std::string& value : values) {
    note_integer_reading(value, settings.raw);
    for (const Format* format : formats)
      for (Rounding mode : modes)
        rows.push_back({format, mode, require_value(*format, value, settings.raw, mode)});
  }
  const bool table = formats.size() > 1 || modes.size() > 1;
  print_result(
      settings.output,
      [&] {
        nlohmann::json all = nlohmann::json::array();
        for (const ValueRow& row : rows) {
          all.push_back(value_json(*row.format, row.input));
          all.back()["rounding"] = short_name(row.mode);
        }
        return rows.size() == 1 ? all[0] : all;
      },
      [&](bool color) {
        std::string out;
        const std::size_t per_value = formats.size() * modes.size();
        for (std::size_t start = 0; start < rows.size(); start += per_value) {
          if (start) out += "\n";
          if (!table) {
            out += value_text(*rows[start].format, rows[start].input, rows[start].mode, color);
            continue;
          }
          if (values.size() > 1) out += rows[start].input.text + "\n";
          out +=
              value_table_text({rows.begin() + long(start), rows.begin() + long(start + per_value)},
                               modes.size() > 1);
        }
        return out;
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
  command->add_option("values", settings->values,
                      "One or more of 0.1, -1e-45, 2/3, 0x1.8p-3, inf, nan, bits:0 01111110 "
                      "0101..., or with --raw 0x3F2AAAAB; - reads values from stdin, one per line");
  command->add_option("--format", settings->format, "Format name, a comma list, or all");
  command->add_option("--round", settings->rounding,
                      "Rounding of the input: rne rna rtz rup rdn rto, a comma list, or all");
  command->add_flag("--raw", settings->raw, "VALUE is a hex bit pattern");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_bits(*settings); }; });
}

}  // namespace fpx::cli
