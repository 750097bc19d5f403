// Progress on a terminal for reading that takes more than two seconds.
#pragma once

#include <chrono>
#include <cstddef>

namespace fpx::cli {

class Progress {
 public:
  Progress();
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  // Called once per value read.
  void tick(std::size_t rows);

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace fpx::cli
