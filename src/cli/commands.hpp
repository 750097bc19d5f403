// Each CLI command lives in its own file and registers itself here. A
// command parses its options, reads its input, calls the library and prints
// what the library's explain layer renders; nothing else.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <stdexcept>
#include <string>

namespace fpx::cli {

// Exit codes (README, "Bad input"): 2 for usage errors, 1 for data errors.
inline constexpr int exit_usage = 2;
inline constexpr int exit_data = 1;

// A problem with the command line that CLI11 cannot see (a value that does
// not parse, a mode that does not exist): printed as one line, exit 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Registers a subcommand; `run` is set to what it does once parsed. Its
// return value is the process exit code.
using Runner = std::function<int()>;
void register_bits(CLI::App& app, Runner& run);
void register_op(CLI::App& app, Runner& run);
void register_assoc(CLI::App& app, Runner& run);
void register_lecture(CLI::App& app, Runner& run);
void register_sum(CLI::App& app, Runner& run);
void register_dot(CLI::App& app, Runner& run);
void register_table(CLI::App& app, Runner& run);
void register_mma(CLI::App& app, Runner& run);
void register_regress(CLI::App& app, Runner& run);
void register_perceptron(CLI::App& app, Runner& run);
void register_cost(CLI::App& app, Runner& run);
void register_nist(CLI::App& app, Runner& run);
void register_synthetic(CLI::App& app, Runner& run);
void register_batch(CLI::App& app, Runner& run);
void register_quantize(CLI::App& app, Runner& run);
void register_experiment(CLI::App& app, Runner& run);

}  // namespace fpx::cli
