// gnuplot as a subprocess (include/fpx/experiments/gnuplot.hpp).
#include "fpx/experiments/gnuplot.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string_view>

namespace fpx {
namespace {

// The first executable `gnuplot` in a folder of PATH; empty if none.
std::filesystem::path find_gnuplot() {
  const char* path = std::getenv("PATH");
  if (!path) return {};
  std::string_view rest = path;
  while (true) {
    const std::size_t colon = rest.find(':');
    const std::string_view folder = rest.substr(0, colon);
    if (!folder.empty()) {
      const std::filesystem::path candidate = std::filesystem::path(folder) / "gnuplot";
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    if (colon == std::string_view::npos) return {};
    rest = rest.substr(colon + 1);
  }
}

// The line of gnuplot's error output that says what went wrong: the first
// that mentions an error, else the last one.
std::string error_line(const std::string& output) {
  std::string last;
  std::size_t start = 0;
  while (start < output.size()) {
    std::size_t end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    const std::string line = output.substr(start, end - start);
    if (line.find("rror") != std::string::npos) return line;
    if (line.find_first_not_of(" \t^") != std::string::npos) last = line;
    start = end + 1;
  }
  return last;
}

}  // namespace

RenderOutcome run_gnuplot(const std::filesystem::path& script) {
  const std::filesystem::path gnuplot = find_gnuplot();
  if (gnuplot.empty()) return {RenderStatus::GnuplotMissing, gnuplot_install_hint};
  const std::filesystem::path folder =
      script.has_parent_path() ? script.parent_path() : std::filesystem::path(".");
  const std::string name = script.filename().string();
  int pipe_ends[2];
  if (::pipe(pipe_ends) != 0) return {RenderStatus::Failed, "cannot start gnuplot: no pipe"};
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(pipe_ends[0]);
    ::close(pipe_ends[1]);
    return {RenderStatus::Failed, "cannot start gnuplot: fork failed"};
  }
  if (child == 0) {
    // In the child: only async-signal-safe calls until exec.
    const int null_output = ::open("/dev/null", O_WRONLY);
    if (null_output >= 0) ::dup2(null_output, STDOUT_FILENO);
    ::dup2(pipe_ends[1], STDERR_FILENO);
    ::close(pipe_ends[0]);
    if (::chdir(folder.c_str()) != 0) ::_exit(126);
    char* const arguments[] = {const_cast<char*>("gnuplot"), const_cast<char*>(name.c_str()),
                               nullptr};
    ::execv(gnuplot.c_str(), arguments);
    ::_exit(127);
  }
  ::close(pipe_ends[1]);
  std::string output;
  char buffer[4096];
  for (ssize_t got; (got = ::read(pipe_ends[0], buffer, sizeof buffer)) != 0;) {
    if (got < 0) {
      if (errno == EINTR) continue;
      break;
    }
    output.append(buffer, std::size_t(got));
  }
  ::close(pipe_ends[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {RenderStatus::Rendered, ""};
  std::string line = error_line(output);
  if (line.empty())
    line = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                             : std::string("killed by a signal");
  return {RenderStatus::Failed, "gnuplot failed on " + script.string() + ": " + line};
}

}  // namespace fpx
