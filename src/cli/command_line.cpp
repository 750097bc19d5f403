// The fpx command line as one function (include: command_line.hpp).
#include "command_line.hpp"

#include <algorithm>
#include <iostream>

#include "arguments.hpp"
#include "commands.hpp"
#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/text.hpp"
#include "fpx/io/data_table.hpp"
#include "options.hpp"

#ifndef FPX_VERSION
#define FPX_VERSION "unknown"
#endif

namespace fpx::cli {

int run_command_line(int argc, char** argv) {
  CLI::App app{"fpx: see what floating-point rounding does, checked against an exact reference"};
  app.set_version_flag("--version", "fpx " FPX_VERSION);
  app.require_subcommand(1);
  Runner run;
  register_bits(app, run);
  register_op(app, run);
  register_assoc(app, run);
  register_lecture(app, run);
  register_sum(app, run);
  register_dot(app, run);
  register_table(app, run);
  register_mma(app, run);
  register_regress(app, run);
  register_perceptron(app, run);
  register_cost(app, run);
  register_nist(app, run);
  register_synthetic(app, run);
  register_batch(app, run);
  register_quantize(app, run);
  register_experiment(app, run);
  // The format spellings, under the help of fpx and of every command that
  // takes a format.
  app.footer(fpx::format_spelling_help());
  for (const char* command : {"bits", "op", "assoc", "sum", "dot", "batch"})
    app.get_subcommand(command)->footer(fpx::format_spelling_help());
  try {
    std::vector<std::string> arguments = normalize_arguments(app, argc, argv);
    std::reverse(arguments.begin(), arguments.end());  // CLI11 takes them in reverse
    app.parse(arguments);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "fpx: " << parse_error_message(app, e) << '\n';
    return exit_usage;
  } catch (const UsageError& e) {
    std::cerr << "fpx: " << e.what() << '\n';
    return exit_usage;
  }
  int status = exit_usage;
  try {
    status = run ? run() : exit_usage;
  } catch (const UsageError& e) {
    std::cerr << "fpx: " << e.what() << '\n';
    return exit_usage;
  } catch (const fpx::DataFileError& e) {
    std::cerr << "fpx: " << e.what() << '\n';
    return exit_data;
  } catch (const std::invalid_argument& e) {  // ParseError too: arguments that do not fit
    std::cerr << "fpx: " << e.what() << '\n';
    return exit_usage;
  } catch (const std::bad_alloc&) {
    std::cerr << "fpx: out of memory\n";
    return exit_data;
  } catch (const std::exception& e) {
    std::cerr << "fpx: internal error: " << fpx::quote(e.what()) << '\n';
    return exit_data;
  }
  return finish_output(status);
}

}  // namespace fpx::cli
