// What the commands share (options.hpp).
#include "options.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "fpx/core/decimal.hpp"
#include "fpx/core/text.hpp"
#include "fpx/summation/comparison.hpp"

namespace fpx::cli {

void add_output_options(CLI::App* command, OutputOptions& options) {
  command->add_flag("--json", options.json, "Print JSON instead of text");
  command->add_option("--color", options.color, "auto (terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

bool use_color(const OutputOptions& options) {
  if (options.json || options.color == "never") return false;
  if (options.color == "always") return true;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(STDOUT_FILENO) == 1;
}

const Format& require_format(const std::string& name) {
  const Format* format = find_format(name);
  if (!format) {
    std::string names;
    for (const Format* known : all_formats())
      names += (names.empty() ? "" : ", ") + std::string(known->name);
    throw UsageError("unknown format '" + name + "' (expected " + names + ")");
  }
  return *format;
}

Rounding require_rounding(const std::string& name, bool allow_stochastic) {
  auto mode = parse_rounding(name);
  if (!mode || (*mode == Rounding::Stochastic && !allow_stochastic))
    throw UsageError("unknown rounding mode '" + name + "' (expected rne rna rtz rup rdn rto" +
                     (allow_stochastic ? " sr" : "") + ")");
  return *mode;
}

std::vector<Rounding> require_roundings(const std::string& names) {
  if (names == "all")
    return {std::begin(all_deterministic_roundings), std::end(all_deterministic_roundings)};
  std::vector<Rounding> modes;
  for (const std::string& name : split_list(names)) modes.push_back(require_rounding(name));
  return modes;
}

Strategy require_strategy(const std::string& name) {
  const auto strategy = parse_strategy(name);
  if (!strategy)
    throw UsageError("unknown summation strategy '" + name + "' (expected " +
                     strategy_spellings(true) + ")");
  return *strategy;
}

std::vector<Strategy> require_strategies(const std::string& names, bool dot) {
  try {
    return parse_strategy_list(names, dot);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

InputValue require_value(const Format& format, const std::string& text, bool raw, Rounding mode) {
  try {
    return read_value(format, text, raw, mode);
  } catch (const ParseError& e) {
    throw UsageError(e.what());
  }
}

void print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

}  // namespace fpx::cli
