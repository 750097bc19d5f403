// The command line before and after CLI11 parses it: positional values that
// begin with '-' ("-inf", "-.5") kept as values, and CLI11's errors about
// unknown commands and options turned into one line with a suggestion.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace fpx::cli {

// The arguments (without the program name) with every positional value of
// the subcommand moved after a "--", in order, so that a value such as
// "-inf" or "-.5" is never taken for an option; "--name value" becomes
// "--name=value" for the same reason. Throws UsageError for an unknown
// command.
std::vector<std::string> normalize_arguments(const CLI::App& app, int argc, char** argv);

// One line for a CLI11 parse error: an unknown option with the closest one,
// an unexpected argument, or CLI11's own message.
std::string parse_error_message(const CLI::App& app, const CLI::ParseError& error);

}  // namespace fpx::cli
