// Benchmark operands shared by bench_operations.cpp and bench_dot.cpp.
#pragma once

#include <cstdint>
#include <random>

namespace fpx::bench {

// A finite normal binary32 of random sign and fraction with an exponent in
// [-20, 20]: sums, products, quotients, fmas and square roots of such values
// stay finite and normal, products are exact in 48 bits, and no partial sum
// of 10^7 of them comes near overflow.
inline std::uint32_t random_normal(std::mt19937_64& random) {
  const std::uint64_t r = random();
  const std::uint32_t sign = std::uint32_t(r & 1) << 31;
  const std::uint32_t exponent = std::uint32_t(127 - 20 + (r >> 1) % 41) << 23;
  const std::uint32_t fraction = std::uint32_t(r >> 32) & 0x7FFFFF;
  return sign | exponent | fraction;
}

// The same for binary64: random sign and fraction, exponent in [-20, 20].
inline std::uint64_t random_normal64(std::mt19937_64& random) {
  const std::uint64_t r = random();
  const std::uint64_t sign = (r & 1) << 63;
  const std::uint64_t exponent = std::uint64_t(1023 - 20 + (r >> 1) % 41) << 52;
  return sign | exponent | (random() & ((std::uint64_t{1} << 52) - 1));
}

}  // namespace fpx::bench
