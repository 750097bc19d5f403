// Progress on a terminal (progress.hpp).
#include "progress.hpp"

#include <unistd.h>

#include <iostream>

namespace fpx::cli {

Progress::Progress()
    : enabled_(isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() {
  if (shown_) std::cerr << "\r\x1b[K" << std::flush;
}

void Progress::tick(std::size_t rows) {
  if (!enabled_ || (rows & 0xFFFF) != 0) return;
  if (std::chrono::steady_clock::now() - start_ < std::chrono::seconds(2)) return;
  shown_ = true;
  std::cerr << "\rfpx: " << rows << " values read..." << std::flush;
}

}  // namespace fpx::cli
