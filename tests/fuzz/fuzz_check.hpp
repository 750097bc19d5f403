// What the fuzz targets share: a check that stops the run (libFuzzer then
// saves the input as a crash), and the fuzzer's bytes as text and choices.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

// An invariant of the code under test; a failure is a finding.
#define FUZZ_CHECK(condition)                                                                 \
  do {                                                                                        \
    if (!(condition)) {                                                                       \
      std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (false)

namespace fuzz {

// The first byte as a choice among `count` (0 when there is none), and the
// rest as text.
struct Input {
  unsigned choice = 0;
  std::string_view text;
};

inline Input split_choice(const std::uint8_t* data, std::size_t size) {
  Input input;
  if (size == 0) return input;
  input.choice = data[0];
  input.text = std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1);
  return input;
}

}  // namespace fuzz
