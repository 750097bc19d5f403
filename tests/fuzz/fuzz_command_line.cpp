// Option values: whole command lines (one argument per input line) through
// the command line's parser, validators and the quick commands, with stdin
// empty and the output discarded. Invariants: the exit status is 0, 1 or 2,
// never a crash or a sanitizer report. Commands that read files, or whose
// work grows with their options by design (table, regress, perceptron,
// nist, synthetic, cost, lecture), are left to the tests.
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "command_line.hpp"
#include "fuzz_check.hpp"

namespace {

bool quick_command(std::string_view name) {
  for (std::string_view quick : {"bits", "op", "assoc", "sum", "dot", "batch", "mma"})
    if (name == quick) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // stdin empty, stdout discarded; messages on stderr (libFuzzer's
  // -close_fd_mask=2 silences them).
  FUZZ_CHECK(std::freopen("/dev/null", "r", stdin) != nullptr);
  FUZZ_CHECK(std::freopen("/dev/null", "w", stdout) != nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> arguments{"fpx"};
  std::size_t start = 0;
  while (start < text.size() && arguments.size() < 24) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    arguments.emplace_back(text.substr(start, std::min<std::size_t>(end - start, 256)));
    start = end + 1;
  }
  if (arguments.size() < 2 || !quick_command(arguments[1])) return 0;
  // A file argument would read whatever the fuzzer names; stdin is empty.
  for (const std::string& argument : arguments)
    if (argument.find('/') != std::string::npos) return 0;
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  std::cin.clear();
  std::clearerr(stdin);
  std::cout.clear();
  const int status = fpx::cli::run_command_line(int(arguments.size()), argv.data());
  FUZZ_CHECK(status == 0 || status == 1 || status == 2);
  return 0;
}
