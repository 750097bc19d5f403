// What the commands share: the options every command takes (--json,
// --color), option values read into fpx types with one clear message each,
// and writing a command's output.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/core/value_text.hpp"
#include "fpx/summation/strategy.hpp"

namespace fpx::cli {

// --json and --color, which every command takes.
struct OutputOptions {
  bool json = false;
  std::string color = "auto";
};
void add_output_options(CLI::App* command, OutputOptions& options);
// Color on a terminal unless NO_COLOR is set (https://no-color.org), or as
// forced by --color.
bool use_color(const OutputOptions& options);

// Option values; each throws UsageError naming the accepted values.
const Format& require_format(const std::string& name);
// A comma list of formats, or "all" (every predefined format but the
// saturating variants, which encode the same values).
std::vector<const Format*> require_formats(const std::string& names);
// Stochastic rounding ("sr") only where `allow_stochastic`.
Rounding require_rounding(const std::string& name, bool allow_stochastic = false);
// A comma list of modes; "all" gives every deterministic mode.
std::vector<Rounding> require_roundings(const std::string& names, bool allow_stochastic = false);
// One strategy name (for the linear models' dot products).
Strategy require_strategy(const std::string& name);
// A comma list of strategies, or "all".
std::vector<Strategy> require_strategies(const std::string& names, bool dot);

// A value given on the command line (value_text.hpp); a text that is not a
// value is a UsageError.
InputValue require_value(const Format& format, const std::string& text, bool raw, Rounding mode);

// An integer option: decimal digits only (a leading '-' only where the
// range allows negative values), within [minimum, maximum]; anything else is
// a usage error naming the option. (CLI11 alone would read "064" as octal,
// "0x10" as hex, and wrap "-5" into a size_t.)
CLI::Validator decimal_integer(long long minimum, long long maximum);
template <typename Integer>
CLI::Option* add_integer_option(CLI::App* command, const std::string& name, Integer& value,
                                long long minimum, long long maximum, const std::string& help) {
  return command
      ->add_option_function<long long>(
          name, [&value](const long long& parsed) { value = static_cast<Integer>(parsed); }, help)
      ->transform(decimal_integer(minimum, maximum));
}
// A seed: any decimal integer from 0 to 2^64 - 1.
CLI::Option* add_seed_option(CLI::App* command, std::uint64_t& seed, const std::string& help);

// FILE or - (stdin): the stream to read and the name to use in messages.
// Throws DataFileError when the file cannot be opened.
struct InputFile {
  std::unique_ptr<std::istream> file;  // null for stdin
  std::istream* stream = nullptr;
  std::string source;  // "stdin" or the path
};
InputFile open_input(const std::string& path);

// Writes a command's text to standard output.
void print(const std::string& text);
// The exit status after a command's output is written: `status`, or exit_data
// with one line on stderr when standard output could not be written (a full
// disk, a closed pipe).
int finish_output(int status);
// JSON as text; bytes that are not UTF-8 (from a header or a label) are
// replaced, never an error.
std::string json_text(const nlohmann::json& value, int indent = 2);

// Prints a command's result: json() as indented JSON with --json, else
// text(color) with color as --color and the terminal say.
template <typename Json, typename Text>
void print_result(const OutputOptions& output, Json&& json, Text&& text) {
  if (output.json)
    print(json_text(json()) + "\n");
  else
    print(text(use_color(output)));
}

}  // namespace fpx::cli
