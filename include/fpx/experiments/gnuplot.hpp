// Drawing a figure: gnuplot (Debian's gnuplot-nox) run as a subprocess on
// the script an experiment wrote.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace fpx {

enum class RenderStatus : std::uint8_t {
  Rendered,        // gnuplot ran and exited 0
  GnuplotMissing,  // no gnuplot on PATH
  Failed,          // gnuplot exited with an error
};

struct RenderOutcome {
  RenderStatus status = RenderStatus::Rendered;
  // Failed: gnuplot's first error line; GnuplotMissing: how to install it.
  std::string message;
};

// The one line printed when gnuplot is missing.
inline constexpr const char* gnuplot_install_hint =
    "gnuplot not found: the CSV and the gnuplot script are written; install gnuplot "
    "(Debian: apt-get install gnuplot-nox) and run the script, or run this again";

// Runs `gnuplot SCRIPT` in the script's folder (the script names its files
// relative to it), its output discarded and its error output kept.
RenderOutcome run_gnuplot(const std::filesystem::path& script);

}  // namespace fpx
