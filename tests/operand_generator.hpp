// Seeded operand bit patterns for any Format, biased toward the cases where
// soft-float code goes wrong: specials, ties, cancellation, subnormals, the
// edges of the exponent range. Used by the randomized comparisons against the
// MPFR reference.
//
// Seed: the environment variable FPX_TEST_SEED (decimal or 0x-hex) if set,
// otherwise a fixed default, so that runs are reproducible; the tests CAPTURE
// the seed so that a failure names it.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fpx/core/format.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx::testing {

inline constexpr std::uint64_t default_test_seed = 0x5EED'F0E1'2024'0001ull;

inline std::uint64_t test_seed() {
  static const std::uint64_t seed = [] {
    const char* text = std::getenv("FPX_TEST_SEED");
    if (text == nullptr || *text == '\0') return default_test_seed;
    return std::uint64_t(std::strtoull(text, nullptr, 0));
  }();
  return seed;
}

// Mixes a seed with a label (format name, operation...) so that every loop
// gets its own stream from the one test seed (FNV-1a, then SplitMix64).
inline std::uint64_t derive_seed(std::uint64_t seed, std::string_view label,
                                 std::uint64_t salt = 0) {
  std::uint64_t hash = 0xCBF29CE484222325ull ^ salt;
  for (char c : label) hash = (hash ^ std::uint8_t(c)) * 0x100000001B3ull;
  std::uint64_t z = seed + hash * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// "0x3F800000", padded to the format's width.
inline std::string hex(const Format& format, std::uint64_t bits) {
  // One to 16 digits: a 64-bit word at most.
  const int digits = std::clamp(format.hex_digits(), 1, 16);
  std::string text = "0x";
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4)
    text += "0123456789ABCDEF"[(bits >> shift) & 15];
  return text;
}

// "bits 0x3F800000 flags 0x01 (....x)".
inline std::string describe(const Format& format, const Rounded& result) {
  char text[16];
  std::snprintf(text, sizeof text, " flags 0x%02X (", unsigned(result.flags.bits));
  return "bits " + hex(format, result.bits) + text + flag_letters(result.flags) + ")";
}

// Labels for failure messages: the core's names for operations and modes.
inline std::string_view operation_label(Operation operation) { return operation_name(operation); }
inline std::string_view rounding_label(Rounding mode) { return short_name(mode); }

inline constexpr Operation all_operations[] = {Operation::Add,        Operation::Subtract,
                                               Operation::Multiply,   Operation::Divide,
                                               Operation::SquareRoot, Operation::FusedMultiplyAdd};

inline constexpr Rounding all_roundings[] = {
    Rounding::NearestEven,    Rounding::NearestAway, Rounding::TowardZero, Rounding::TowardPositive,
    Rounding::TowardNegative, Rounding::ToOdd,       Rounding::Stochastic};

inline int operand_count(Operation operation) {
  if (operation == Operation::SquareRoot) return 1;
  if (operation == Operation::FusedMultiplyAdd) return 3;
  return 2;
}

// The values every format's tests must reach (those the format has).
inline std::vector<std::uint64_t> special_values(const Format& format) {
  const std::uint64_t sign = format.sign_mask();
  const std::uint64_t one = std::uint64_t(format.bias) << format.fraction_bits();
  std::vector<std::uint64_t> magnitudes = {
      0,                                                   // zero
      1,                                                   // smallest subnormal
      format.fraction_mask(),                              // largest subnormal
      format.fraction_mask() + 1,                          // smallest normal
      one,                                                 // 1
      one + 1,                                             // 1 + ulp
      one - 1,                                             // 1 - ulp/2
      one + (std::uint64_t{1} << format.fraction_bits()),  // 2
      format.max_finite_bits(),                            // largest finite
      format.max_finite_bits() - 1,
  };
  if (format.has_infinity()) {
    magnitudes.push_back(format.infinity_bits());
    magnitudes.push_back(format.infinity_bits() | format.quiet_bit());  // quiet NaN
    magnitudes.push_back(format.infinity_bits() | format.fraction_mask());
    if (format.fraction_bits() >= 2)
      magnitudes.push_back(format.infinity_bits() | 1);  // signaling NaN
  } else {
    magnitudes.push_back(format.magnitude_mask());  // the NaN (or a number, FNUZ)
  }
  if (format.special_encoding == SpecialEncoding::NanAtNegativeZero)
    magnitudes.push_back(format.magnitude_mask() - 1);
  std::vector<std::uint64_t> values;
  for (std::uint64_t magnitude : magnitudes) {
    // In range: a format with bias 0 has no "1 - ulp/2" below its 1.
    magnitude &= format.magnitude_mask();
    values.push_back(magnitude);
    values.push_back(sign | magnitude);
  }
  return values;
}

class OperandGenerator {
 public:
  OperandGenerator(const Format& format, std::uint64_t seed)
      : format_(format), state_(seed), specials_(special_values(format)) {}

  // 64 uniformly distributed bits (SplitMix64).
  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound).
  std::uint64_t below(std::uint64_t bound) { return bound == 0 ? 0 : next() % bound; }
  // Uniform in [low, high].
  int between(int low, int high) { return low + int(below(std::uint64_t(high - low) + 1)); }
  bool coin() { return (next() & 1) != 0; }

  // Any encoding, uniformly.
  std::uint64_t random_pattern() { return next() & pattern_mask(); }
  std::uint64_t special() { return specials_[below(specials_.size())]; }

  // A random fraction, sometimes sparse (few ones: products and sums of such
  // values land on or next to midpoints) or with ones at the ends.
  std::uint64_t fraction() {
    const std::uint64_t mask = format_.fraction_mask();
    switch (below(6)) {
      case 0: return next() & next() & next() & mask;  // sparse
      case 1: return (std::uint64_t{1} << below(format_.fraction_bits())) & mask;
      case 2: return mask & ~(next() & next() & next());  // dense
      case 3: return 0;
      default: return next() & mask;
    }
  }

  // A finite value with the given unbiased exponent (clamped into the
  // normal range; below it, a subnormal).
  std::uint64_t with_exponent(int exponent, bool negative) {
    const std::uint64_t sign = negative ? format_.sign_mask() : 0;
    if (exponent < format_.min_exponent()) return sign | subnormal_magnitude();
    if (exponent > format_.max_exponent()) exponent = format_.max_exponent();
    const std::uint64_t field = std::uint64_t(exponent + format_.bias);
    std::uint64_t magnitude = (field << format_.fraction_bits()) | fraction();
    if (magnitude > format_.max_finite_bits()) magnitude = format_.max_finite_bits();
    return sign | magnitude;
  }
  std::uint64_t subnormal_magnitude() {
    const std::uint64_t fraction = next() & format_.fraction_mask();
    if (coin()) return fraction >> below(format_.fraction_bits());  // small ones too
    return fraction == 0 ? 1 : fraction;
  }
  // Exponents near 0, where most arithmetic happens.
  std::uint64_t moderate() {
    const int spread = std::min(format_.max_exponent(), format_.precision + 4);
    return with_exponent(between(-spread, spread), coin());
  }
  // A value `distance` ulps from `bits` in magnitude, kept finite and of the
  // same sign.
  std::uint64_t nudge(std::uint64_t bits, int distance) {
    const std::uint64_t sign = bits & format_.sign_mask();
    // In unsigned arithmetic, clamped at both ends: a 64-bit format's NaN
    // magnitude plus a distance overflows a signed word.
    const std::uint64_t magnitude = bits & format_.magnitude_mask();
    const std::uint64_t step = std::uint64_t(distance < 0 ? -std::int64_t(distance) : distance);
    std::uint64_t moved = distance < 0 ? (magnitude < step ? 0 : magnitude - step)
                                       : magnitude + std::min(step, ~magnitude);
    if (moved > format_.max_finite_bits()) moved = format_.max_finite_bits();
    return sign | moved;
  }

  // Fills operands[0..operand_count(operation)) with one of the strategies.
  void fill(Operation operation, std::uint64_t* operands) {
    const int count = operand_count(operation);
    if (operation == Operation::SquareRoot) {
      operands[0] = square_root_operand();
      return;
    }
    fill_pair(operation, operands);
    if (count == 3) operands[2] = addend_for_fma(operands[0], operands[1]);
  }

 private:
  std::uint64_t pattern_mask() const { return format_.sign_mask() | format_.magnitude_mask(); }

  int exponent_of(std::uint64_t bits) const {
    const std::uint64_t field = (bits & format_.magnitude_mask()) >> format_.fraction_bits();
    return field == 0 ? format_.min_exponent() : int(field) - format_.bias;
  }

  // Exponents whose combination puts the exact result near 2^emin (for
  // target == min_exponent) or 2^emax.
  void exponents_near(Operation operation, int target, std::uint64_t* operands) {
    const int jitter = between(-3, 2);
    const int first = between(target / 2 - format_.precision, target / 2 + format_.precision);
    int second = 0;
    switch (operation) {
      case Operation::Multiply:
      case Operation::FusedMultiplyAdd: second = target + jitter - first; break;
      case Operation::Divide: second = first - (target + jitter); break;
      default: second = target + jitter; break;
    }
    int first_exponent = operation == Operation::Add || operation == Operation::Subtract
                             ? target + between(-2, 1)
                             : first;
    operands[0] = with_exponent(first_exponent, coin());
    operands[1] = with_exponent(second, coin());
  }

  void fill_pair(Operation operation, std::uint64_t* operands) {
    const int p = format_.precision;
    switch (below(12)) {
      case 0:  // anything
        operands[0] = random_pattern();
        operands[1] = random_pattern();
        return;
      case 1:  // special values against anything
        operands[0] = special();
        operands[1] = coin() ? special() : moderate();
        if (coin()) std::swap(operands[0], operands[1]);
        return;
      case 2: {  // b's leading bit at or below a's round bit: sums near ties
        operands[0] = moderate();
        const int distance = between(p - 2, p + 2);
        operands[1] = with_exponent(exponent_of(operands[0]) - distance, coin());
        if (coin()) std::swap(operands[0], operands[1]);
        return;
      }
      case 3: {  // cancellation: b close to -a for add, to a for subtract
        operands[0] = coin() ? moderate() : random_pattern();
        std::uint64_t b = nudge(operands[0], between(-3, 3));
        if (operation != Operation::Subtract) b ^= format_.sign_mask();
        operands[1] = b;
        return;
      }
      case 4:  // exponents close together
        operands[0] = moderate();
        operands[1] = with_exponent(exponent_of(operands[0]) + between(-2, 2), coin());
        return;
      case 5:  // subnormals
        operands[0] = (coin() ? format_.sign_mask() : 0) | subnormal_magnitude();
        operands[1] =
            coin() ? (coin() ? format_.sign_mask() : 0) | subnormal_magnitude() : moderate();
        if (coin()) std::swap(operands[0], operands[1]);
        return;
      case 6: exponents_near(operation, format_.min_exponent(), operands); return;
      case 7: exponents_near(operation, format_.max_exponent(), operands); return;
      case 8: {  // sparse significands: exact or tied products and quotients
        const std::uint64_t sparse = ~(format_.fraction_mask() & ~(next() & next() & next()));
        operands[0] = moderate() & sparse;
        operands[1] = moderate() & sparse;
        return;
      }
      default:  // the bulk: moderate values
        operands[0] = moderate();
        operands[1] = coin() ? moderate() : random_pattern();
        return;
    }
  }

  // The addend of a * b + c: often close to -(a * b), so that the exact
  // result cancels down to the product's low bits.
  std::uint64_t addend_for_fma(std::uint64_t a, std::uint64_t b) {
    switch (below(6)) {
      case 0: return random_pattern();
      case 1: return special();
      case 2: {  // c near -(a * b): same exponent, close significand
        const std::uint64_t magnitude_a = a & format_.magnitude_mask();
        const std::uint64_t magnitude_b = b & format_.magnitude_mask();
        if (magnitude_a > format_.max_finite_bits() || magnitude_b > format_.max_finite_bits())
          return moderate();
        const bool product_negative = ((a ^ b) & format_.sign_mask()) != 0;
        const std::uint64_t c = truncated_product(magnitude_a, magnitude_b);
        const std::uint64_t signed_c = (product_negative ? 0 : format_.sign_mask()) | c;
        return nudge(signed_c, between(-2, 2));
      }
      case 3: {  // c far below the product: ties and sticky bits
        const int exponent = exponent_of(a) + exponent_of(b) - between(0, 2 * format_.precision);
        return with_exponent(exponent, coin());
      }
      default: return coin() ? moderate() : with_exponent(exponent_of(a) + exponent_of(b), coin());
    }
  }

  // |a| * |b| truncated into the format, saturating at the largest finite
  // value and flushing below the smallest subnormal: a cheap, roughly right
  // target for cancellation (exactness does not matter here).
  std::uint64_t truncated_product(std::uint64_t a, std::uint64_t b) {
    const int fraction_bits = format_.fraction_bits();
    auto significand = [&](std::uint64_t magnitude) {
      const std::uint64_t field = magnitude >> fraction_bits;
      const std::uint64_t fraction = magnitude & format_.fraction_mask();
      return field == 0 ? fraction : fraction | (std::uint64_t{1} << fraction_bits);
    };
    auto quantum = [&](std::uint64_t magnitude) {
      const std::uint64_t field = magnitude >> fraction_bits;
      return format_.min_quantum_exponent() + (field == 0 ? 0 : int(field) - 1);
    };
    UInt128 product = (UInt128)significand(a) * significand(b);
    int exponent = quantum(a) + quantum(b);
    if (product == 0) return 0;
    int width = 0;
    for (UInt128 p = product; p != 0; p >>= 1) ++width;
    // Keep `precision` bits, then clamp the quantum into the format's range.
    int shift = width - format_.precision;
    if (exponent + shift < format_.min_quantum_exponent())
      shift = format_.min_quantum_exponent() - exponent;
    if (shift >= 128) return 0;
    if (shift > 0) {
      product >>= shift;
      exponent += shift;
    } else {
      product <<= -shift;
      exponent += shift;
    }
    if (product == 0) return 0;
    const std::uint64_t kept = std::uint64_t(product);
    const std::uint64_t hidden = std::uint64_t{1} << fraction_bits;
    if (kept < hidden) return kept;  // subnormal
    const std::int64_t field = exponent - format_.min_quantum_exponent() + 1;
    const std::uint64_t magnitude = (std::uint64_t(field) << fraction_bits) | (kept - hidden);
    if (field <= 0 || magnitude > format_.max_finite_bits()) return format_.max_finite_bits();
    return magnitude;
  }

  std::uint64_t square_root_operand() {
    switch (below(8)) {
      case 0: return random_pattern();
      case 1: return special();
      case 2:
      case 3: {  // an exact square, or its neighbours
        const int half_precision = format_.precision / 2;
        if (half_precision < 1) return moderate() & format_.magnitude_mask();
        const std::uint64_t root = (std::uint64_t{1} << (half_precision - 1)) |
                                   (next() & ((std::uint64_t{1} << (half_precision - 1)) - 1));
        const std::uint64_t square = root * root;  // at most precision bits
        const int width = std::bit_width(square);
        const std::uint64_t fraction =
            (square << (format_.precision - width)) & format_.fraction_mask();
        // square * 2^(2k) = (root * 2^k)^2, with the leading bit at width - 1 + 2k.
        const int k =
            between((format_.min_exponent() - width) / 2 + 1, (format_.max_exponent() - width) / 2);
        const int exponent = width - 1 + 2 * k;
        const std::uint64_t field = std::uint64_t(exponent + format_.bias);
        const std::uint64_t bits = (field << format_.fraction_bits()) | fraction;
        return nudge(bits, between(-1, 1));
      }
      case 4: return subnormal_magnitude();
      case 5: return with_exponent(format_.max_exponent() - between(0, 2), false);
      default: return moderate() & format_.magnitude_mask();
    }
  }

  const Format& format_;
  std::uint64_t state_;
  std::vector<std::uint64_t> specials_;
};

}  // namespace fpx::testing
