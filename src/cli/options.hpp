// What the commands share: the options every command takes (--json,
// --color), option values read into fpx types with one clear message each,
// and writing a command's output.
#pragma once

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
// Stochastic rounding ("sr") only where `allow_stochastic`.
Rounding require_rounding(const std::string& name, bool allow_stochastic = false);
// A comma list of modes; "all" gives every deterministic mode.
std::vector<Rounding> require_roundings(const std::string& names);
// One strategy name (for the linear models' dot products).
Strategy require_strategy(const std::string& name);
// A comma list of strategies, or "all".
std::vector<Strategy> require_strategies(const std::string& names, bool dot);

// A value given on the command line (value_text.hpp); a text that is not a
// value is a UsageError.
InputValue require_value(const Format& format, const std::string& text, bool raw, Rounding mode);

// Writes a command's text to standard output.
void print(const std::string& text);

// Prints a command's result: json() as indented JSON with --json, else
// text(color) with color as --color and the terminal say.
template <typename Json, typename Text>
void print_result(const OutputOptions& output, Json&& json, Text&& text) {
  if (output.json)
    print(json().dump(2) + "\n");
  else
    print(text(use_color(output)));
}

}  // namespace fpx::cli
