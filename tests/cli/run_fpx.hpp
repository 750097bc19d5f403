// Runs the fpx command line as a user does, for the CLI tests: through the
// shell, with stdin from a string, stdout and stderr captured apart.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cli_test {

struct Run {
  int exit_code = -1;
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// A path in the temporary directory that no other test process uses.
inline std::string temporary_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("fpx_cli_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

// Writes `text` to a temporary file and returns its path.
inline std::string temporary_file(const std::string& name, const std::string& text) {
  const std::string path = temporary_path(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// Runs `fpx ARGUMENTS` through the shell (arguments are shell-quoted by the
// caller) with NO_COLOR unset, stdin read from `stdin_path`, and stdout
// written to `stdout_path` (empty: captured).
inline Run fpx_redirected(const std::string& arguments, const std::string& stdin_path,
                          const std::string& stdout_path = "") {
  const std::string stem = temporary_path("run");
  const std::string out_path = stdout_path.empty() ? stem + ".out" : stdout_path;
  const std::string command = std::string("NO_COLOR= ") + FPX_CLI_PATH + " " + arguments + " <" +
                              stdin_path + " >" + out_path + " 2>" + stem + ".err";
  const int status = std::system(command.c_str());
  Run run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (stdout_path.empty()) run.out = slurp(out_path);
  run.err = slurp(stem + ".err");
  return run;
}

// Runs `fpx ARGUMENTS` with `input` on stdin, stdout and stderr captured.
inline Run fpx(const std::string& arguments, const std::string& input = "") {
  return fpx_redirected(arguments, temporary_file("run.in", input));
}

inline std::string golden(const std::string& name) {
  return slurp(std::filesystem::path(FPX_TEST_SOURCE_DIR) / "golden" / name);
}

inline int count_lines(const std::string& text) {
  return int(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace cli_test
