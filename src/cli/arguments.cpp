// The command line around CLI11 (arguments.hpp).
#include "arguments.hpp"

#include <algorithm>

#include "commands.hpp"
#include "fpx/core/decimal.hpp"
#include "fpx/core/text.hpp"

namespace fpx::cli {
namespace {

bool is_number(const std::string& text) {
  try {
    read_number(text);
    return true;
  } catch (const ParseError&) {
    return false;
  }
}

std::vector<std::string_view> subcommand_names(const CLI::App& app) {
  std::vector<std::string_view> names;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(command->get_name());
  return names;
}

// The long option of `command` that `argument` ("--name" or "--name=value")
// names, if any.
const CLI::Option* long_option(const CLI::App& command, const std::string& argument) {
  const std::string name = argument.substr(0, argument.find('='));
  for (const CLI::Option* option : command.get_options())
    for (const std::string& long_name : option->get_lnames())
      if ("--" + long_name == name) return option;
  return nullptr;
}

}  // namespace

std::vector<std::string> normalize_arguments(const CLI::App& app, int argc, char** argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  if (arguments.empty() || arguments[0].starts_with("-")) return arguments;
  const CLI::App* command = nullptr;
  for (const CLI::App* candidate : app.get_subcommands([](const CLI::App*) { return true; }))
    if (candidate->get_name() == arguments[0]) command = candidate;
  if (!command)
    throw UsageError(unknown_name_message("command", arguments[0], subcommand_names(app)));
  std::vector<std::string> options{arguments[0]}, positionals;
  for (std::size_t i = 1; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    if (argument == "--") {
      positionals.insert(positionals.end(), arguments.begin() + long(i) + 1, arguments.end());
      break;
    }
    if (argument.starts_with("--")) {
      const CLI::Option* option = long_option(*command, argument);
      const bool takes_value =
          option && option->get_expected_min() > 0 && argument.find('=') == std::string::npos;
      if (takes_value && i + 1 < arguments.size()) {
        options.push_back(argument + "=" + arguments[++i]);
      } else {
        options.push_back(argument);
      }
      continue;
    }
    if (argument.size() > 1 && argument[0] == '-' && !is_number(argument)) {
      options.push_back(argument);  // "-h", or an unknown short option for CLI11 to report
      continue;
    }
    positionals.push_back(argument);
  }
  if (!positionals.empty()) {
    options.push_back("--");
    options.insert(options.end(), positionals.begin(), positionals.end());
  }
  return options;
}

std::string parse_error_message(const CLI::App& app, const CLI::ParseError& error) {
  for (const CLI::App* command : app.get_subcommands()) {
    std::vector<std::string> extras = command->remaining();
    extras.erase(std::remove(extras.begin(), extras.end(), "--"), extras.end());
    if (extras.empty()) continue;
    const std::string& first = extras.front();
    if (first.starts_with("-") && first != "-" && !is_number(first)) {
      std::vector<std::string> names;
      for (const CLI::Option* option : command->get_options())
        for (const std::string& long_name : option->get_lnames()) names.push_back("--" + long_name);
      const std::vector<std::string_view> candidates(names.begin(), names.end());
      const std::string given = first.substr(0, first.find('='));
      std::string message = command->get_name() + ": unknown option " + quote(given);
      if (const auto suggestion = closest_name(given, candidates))
        message += " (did you mean " + std::string(*suggestion) + "?)";
      return message;
    }
    return command->get_name() + ": unexpected argument " + quote(first);
  }
  if (!app.get_subcommands().empty())
    return app.get_subcommands().front()->get_name() + ": " + error.what();
  if (app.get_subcommands().empty())
    return "give a command (" + [&] {
      std::string names;
      for (std::string_view name : subcommand_names(app))
        names += (names.empty() ? "" : ", ") + std::string(name);
      return names;
    }() + "); fpx --help lists them";
  return error.what();
}

}  // namespace fpx::cli
