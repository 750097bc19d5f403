// What the commands share (options.hpp).
#include "options.hpp"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "fpx/core/decimal.hpp"
#include "fpx/core/text.hpp"
#include "fpx/io/data_table.hpp"
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
  if (!format) throw UsageError(unknown_format_message(name));
  return *format;
}

std::vector<const Format*> require_formats(const std::string& names) {
  std::vector<const Format*> formats;
  if (equals_ignoring_case(names, "all")) {
    for (const Format* format : all_formats())
      if (format->overflow == OverflowPolicy::Ieee) formats.push_back(format);
    return formats;
  }
  for (const std::string& name : split_list(names)) formats.push_back(&require_format(name));
  return formats;
}

Rounding require_rounding(const std::string& name, bool allow_stochastic) {
  auto mode = parse_rounding(name);
  if (!mode || (*mode == Rounding::Stochastic && !allow_stochastic))
    throw UsageError(unknown_rounding_message(name, allow_stochastic));
  return *mode;
}

std::vector<Rounding> require_roundings(const std::string& names, bool allow_stochastic) {
  if (equals_ignoring_case(names, "all"))
    return {std::begin(all_deterministic_roundings), std::end(all_deterministic_roundings)};
  std::vector<Rounding> modes;
  for (const std::string& name : split_list(names))
    modes.push_back(require_rounding(name, allow_stochastic));
  return modes;
}

Strategy require_strategy(const std::string& name) {
  const auto strategy = parse_strategy(name);
  if (!strategy) throw UsageError(unknown_strategy_message(name, true));
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

namespace {

// Checks (and, for leading zeros, rewrites) an integer option's text.
class DecimalInteger : public CLI::Validator {
 public:
  DecimalInteger(long long minimum, long long maximum) {
    description("INTEGER in [" + std::to_string(minimum) + ", " + std::to_string(maximum) + "]");
    func_ = [minimum, maximum](std::string& text) -> std::string {
      const bool negative = !text.empty() && text[0] == '-';
      const std::string digits = negative ? text.substr(1) : text;
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos ||
          (negative && minimum >= 0))
        return quote(text) + " is not " +
               (minimum >= 0 ? "a nonnegative decimal integer" : "a decimal integer");
      const std::size_t first = std::min(digits.find_first_not_of('0'), digits.size() - 1);
      const std::string canonical = (negative ? "-" : "") + digits.substr(first);
      long long parsed = 0;
      const auto [end, error] =
          std::from_chars(canonical.data(), canonical.data() + canonical.size(), parsed);
      if (error != std::errc() || end != canonical.data() + canonical.size() || parsed < minimum ||
          parsed > maximum)
        return quote(text) + " is out of range (" + std::to_string(minimum) + " to " +
               std::to_string(maximum) + ")";
      text = canonical;
      return {};
    };
  }
};

}  // namespace

CLI::Validator decimal_integer(long long minimum, long long maximum) {
  return DecimalInteger(minimum, maximum);
}

CLI::Option* add_seed_option(CLI::App* command, std::uint64_t& seed, const std::string& help) {
  return command->add_option("--seed", seed, help)
      ->transform(CLI::Validator(
          [](std::string& text) -> std::string {
            if (text.empty() || text.size() > 20 ||
                text.find_first_not_of("0123456789") != std::string::npos)
              return quote(text) + " is not a nonnegative decimal integer";
            std::uint64_t parsed = 0;
            const auto [end, error] =
                std::from_chars(text.data(), text.data() + text.size(), parsed);
            if (error != std::errc() || end != text.data() + text.size())
              return quote(text) + " is out of range (0 to 18446744073709551615)";
            text = std::to_string(parsed);
            return {};
          },
          "INTEGER in [0, 2^64 - 1]"));
}

InputFile open_input(const std::string& path) {
  InputFile input;
  if (path == "-") {
    input.stream = &std::cin;
    input.source = "stdin";
    return input;
  }
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw DataFileError("cannot read " + quote(path) + ": it is a directory");
  auto file = std::make_unique<std::ifstream>(path);
  if (!*file) throw DataFileError("cannot open " + quote(path));
  input.stream = file.get();
  input.file = std::move(file);
  input.source = path;
  return input;
}

void print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

int finish_output(int status) {
  std::cout.flush();
  const bool failed = !std::cout || std::fflush(stdout) != 0 || std::ferror(stdout);
  if (!failed) return status;
  const int error = errno;
  std::cerr << "fpx: cannot write the output"
            << (error ? std::string(": ") + std::strerror(error) : std::string()) << '\n';
  return exit_data;
}

std::string json_text(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace fpx::cli
