// Seeded data (include/fpx/experiments/random_data.hpp).
#include "fpx/experiments/random_data.hpp"

#include "fpx/core/rounding.hpp"

namespace fpx {

std::uint64_t derive_seed(std::uint64_t seed, std::string_view label, std::uint64_t index) {
  std::uint64_t hash = 0xCBF29CE484222325ull;  // FNV-1a offset basis
  for (char c : label) hash = (hash ^ std::uint8_t(c)) * 0x100000001B3ull;
  std::uint64_t z = seed ^ (hash + 0x9E3779B97F4A7C15ull * (index + 1));
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::string_view distribution_name(TermDistribution distribution) {
  return distribution == TermDistribution::UniformZeroOne ? "uniform[0..1)" : "uniform(-1..1)";
}

RandomTerms::RandomTerms(const Format& format, TermDistribution distribution, std::uint64_t seed)
    : format_(&format),
      distribution_(distribution),
      bits_(format.precision > 24 ? 53 : 24),
      engine_(seed) {}

std::uint64_t RandomTerms::next() {
  const std::uint64_t draw = engine_();
  const std::uint64_t k = draw >> (64 - bits_);
  // The sign from a bit the magnitude does not use (bit 0: 53 + 1 <= 64).
  const bool negative = distribution_ == TermDistribution::UniformMinusOneOne && (draw & 1) != 0;
  return round_pack<std::uint64_t>(*format_, negative, -bits_, k, false, Rounding::NearestEven)
      .bits;
}

std::vector<std::uint64_t> random_terms(const Format& format, TermDistribution distribution,
                                        std::size_t n, std::uint64_t seed) {
  RandomTerms source(format, distribution, seed);
  std::vector<std::uint64_t> terms(n);
  for (std::uint64_t& term : terms) term = source.next();
  return terms;
}

}  // namespace fpx
