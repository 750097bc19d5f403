// The seeded random data of the experiments, public so that a test (or a
// user) can draw exactly the data an experiment used.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

#include "fpx/core/format.hpp"

namespace fpx {

// The seed of one part of an experiment (a panel, a trial): the user's seed
// mixed with a label and an index (FNV-1a of the label, then SplitMix64's
// finalizer; Steele, Lea and Flood, OOPSLA 2014), so that every part draws
// its own stream and no two parts share one.
std::uint64_t derive_seed(std::uint64_t seed, std::string_view label, std::uint64_t index = 0);

enum class TermDistribution : std::uint8_t {
  UniformZeroOne,      // uniform on [0, 1)
  UniformMinusOneOne,  // uniform on (-1, 1): a uniform [0, 1) magnitude, a random sign
};
std::string_view distribution_name(
    TermDistribution distribution);  // "uniform[0..1)", "uniform(-1..1)"
// (no commas: a value gnuplot can select in a CSV)

// Random terms of a format: k 2^-b with k a uniformly random b-bit integer
// (b = 53 for binary64, else 24), rounded once to nearest even into the
// format by the core's round_pack (exact for binary32 and binary64), with a
// random sign for UniformMinusOneOne. The bits come from std::mt19937_64,
// whose sequence the C++ standard fixes.
class RandomTerms {
 public:
  RandomTerms(const Format& format, TermDistribution distribution, std::uint64_t seed);
  std::uint64_t next();

 private:
  const Format* format_;
  TermDistribution distribution_;
  int bits_;
  std::mt19937_64 engine_;
};

// n terms of one RandomTerms.
std::vector<std::uint64_t> random_terms(const Format& format, TermDistribution distribution,
                                        std::size_t n, std::uint64_t seed);

}  // namespace fpx
