// Block-scaled quantization (MX, NVFP4): hand-derived blocks, and random
// blocks checked against an exact rational recomputation that searches every
// encoding of the element and scale formats for the nearest value.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "exact_numbers.hpp"
#include "fpx/core/block_scaling.hpp"
#include "fpx/core/decimal.hpp"
#include "operand_generator.hpp"

using namespace fpx;

namespace {

Rational exact(const ExactNumber& x) { return to_rational(x); }

// The nearest encoding of `format` to `target` (ties to the even encoding,
// saturating: beyond the largest magnitude the largest), found by trying
// every finite encoding: a second way to round, sharing nothing with
// round_pack.
std::uint64_t nearest_by_search(const Format& format, const Rational& target) {
  std::uint64_t best = 0;
  Rational best_distance = -1;
  const std::uint64_t patterns = std::uint64_t{1} << format.width();
  for (std::uint64_t bits = 0; bits < patterns; ++bits) {
    const FloatClass c = classify(format, bits);
    if (c == FloatClass::QuietNaN || c == FloatClass::SignalingNaN || c == FloatClass::Infinity)
      continue;
    // -0 and +0 are the same value; keep the sign of the target.
    if (c == FloatClass::Zero && ((bits & format.sign_mask()) != 0) != (target < 0)) continue;
    const Rational distance = testing::absolute(to_rational(format, bits) - target);
    const bool even = (bits & 1) == 0;
    if (best_distance < 0 || distance < best_distance ||
        (distance == best_distance && even && (best & 1) != 0)) {
      best = bits;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace

TEST_CASE("MXFP4 block by hand: the largest element sets the scale") {
  // The largest magnitude 20 = 1.25 x 2^4 gives floor(log2 20) = 4; E2M1's
  // largest normal 6 = 1.5 x 2^2 has exponent 2; so the shared exponent is
  // 4 - 2 = 2, the E8M0 scale 2^2 is 127 + 2 = 0x81, and the elements are
  // v / 4: 20 / 4 = 5 is a tie between 4 and 6, to even 4 (0x6); 3 / 4 =
  // 0.75 a tie between 0.5 and 1, to even 1 (0x2); -2 / 4 = -0.5 (0x9);
  // 0.1 / 4 = 0.025 rounds to 0 (0x0).
  std::vector<std::string> texts(32, "0");
  texts[0] = "20";
  texts[1] = "3";
  texts[2] = "-2";
  texts[3] = "0.1";
  const std::vector<ExactNumber> values = testing::exact_numbers(texts);
  const BlockQuantized q =
      quantize_blocks(*find_block_scheme("mxfp4"), values, Rounding::NearestEven);
  REQUIRE(q.scales.size() == 1);
  CHECK(q.scales[0] == 0x81);
  CHECK(q.elements[0] == 0x6);
  CHECK(q.elements[1] == 0x2);
  CHECK(q.elements[2] == 0x9);
  CHECK(q.elements[3] == 0x0);
  CHECK(q.dequantized(0) == 16);
  CHECK(q.dequantized(1) == 4);
  CHECK(q.dequantized(2) == -2);
}

TEST_CASE("MX blocks of zeros, with a NaN, and a partial last block") {
  // A zero block has no largest exponent: the smallest scale 2^-127 (0x00)
  // and zero elements, which dequantize to 0 exactly.
  const std::vector<ExactNumber> zeros = testing::exact_numbers(std::vector<std::string>(32, "0"));
  const BlockQuantized z =
      quantize_blocks(*find_block_scheme("mxfp8-e4m3"), zeros, Rounding::NearestEven);
  CHECK(z.scales[0] == 0x00);
  CHECK(z.dequantized(5) == 0);
  // A NaN makes the block's scale NaN (0xFF), as the OCP MX spec's NaN
  // scale marks a block with no values.
  std::vector<std::string> texts(40, "1");
  texts[7] = "nan";
  const BlockQuantized n = quantize_blocks(*find_block_scheme("mxfp6-e2m3"),
                                           testing::exact_numbers(texts), Rounding::NearestEven);
  REQUIRE(n.scales.size() == 2);
  CHECK(n.scales[0] == 0xFF);
  CHECK(n.scale_is_nan(0));
  CHECK_THROWS_AS((void)n.dequantized(0), std::domain_error);
  // The 8 values of the last block: 1 = 1.0 x 2^0, E2M3's largest exponent
  // is 2, so the scale is 2^-2 (0x7D) and each element 4 = 2^2 x 1.000 (field 3, 0x18 in E2M3).
  CHECK(n.scales[1] == 0x7D);
  CHECK(n.elements[39] == 0x18);
  CHECK(n.dequantized(39) == 1);
}

TEST_CASE("block quantization of random blocks against an exact recomputation") {
  const std::uint64_t seed = testing::test_seed();
  const std::string seed_text = testing::hex(binary64, seed);
  CAPTURE(seed_text);
  for (const BlockScheme& scheme : block_schemes()) {
    CAPTURE(scheme.name);
    testing::OperandGenerator random(binary32, testing::derive_seed(seed, scheme.name));
    for (Rounding mode : {Rounding::NearestEven, Rounding::TowardZero, Rounding::TowardPositive}) {
      // Two blocks and a bit, with magnitudes spread over 2^-20 .. 2^20.
      std::vector<ExactNumber> values;
      const std::size_t block_size = scheme.block_size ? scheme.block_size : 70;
      for (std::size_t i = 0; i < 2 * block_size + 5; ++i) {
        const std::uint64_t bits = random.with_exponent(random.between(-20, 20), random.coin());
        values.push_back(read_number(exact_decimal(binary32, bits)));
      }
      const BlockQuantized q = quantize_blocks(scheme, values, mode);
      long mismatches = 0;
      Rational tensor = to_rational(binary32, q.tensor_scale);
      if (scheme.tensor_scale) {
        // The tensor scale: the binary32 nearest amax / (448 x 6), checked
        // against its neighbours.
        Rational amax = 0;
        for (const ExactNumber& x : values) amax = std::max(amax, testing::absolute(exact(x)));
        const Rational target = amax / 2688;
        const Rational up = to_rational(binary32, next_up(binary32, q.tensor_scale));
        const Rational down = to_rational(binary32, next_down(binary32, q.tensor_scale));
        CHECK(testing::absolute(tensor - target) <= testing::absolute(up - target));
        CHECK(testing::absolute(tensor - target) <= testing::absolute(down - target));
      }
      for (std::size_t block = 0; block < q.scales.size(); ++block) {
        const std::size_t first = block * scheme.block_size;
        const std::size_t last =
            scheme.block_size ? std::min(values.size(), first + scheme.block_size) : values.size();
        Rational amax = 0;
        for (std::size_t i = first; i < last; ++i)
          amax = std::max(amax, testing::absolute(exact(values[i])));
        Rational scale;
        if (scheme.block_size == 0) {
          // Per tensor: the binary32 nearest amax / the largest element,
          // checked against its neighbours.
          const std::uint64_t bits = q.scales[block];
          const Rational target =
              amax / to_rational(*scheme.element, scheme.element->max_finite_bits());
          scale = to_rational(binary32, bits);
          CHECK(testing::absolute(scale - target) <=
                testing::absolute(to_rational(binary32, next_up(binary32, bits)) - target));
          CHECK(testing::absolute(scale - target) <=
                testing::absolute(to_rational(binary32, next_down(binary32, bits)) - target));
        } else if (scheme.tensor_scale) {
          // The E4M3 scale nearest amax / 6 / tensor scale.
          const std::uint64_t expected = nearest_by_search(*scheme.scale, amax / 6 / tensor);
          CHECK(q.scales[block] == expected);
          scale = to_rational(*scheme.scale, expected) * tensor;
        } else {
          // 2^(floor(log2 amax) - emax), found by halving and doubling.
          long exponent = 0;
          Rational power = 1;
          while (power > amax) {
            power /= 2;
            --exponent;
          }
          while (power * 2 <= amax) {
            power *= 2;
            ++exponent;
          }
          const long shared = exponent - scheme.element->max_exponent();
          CHECK(q.scales[block] == std::uint64_t(shared + 127));
          scale = shared >= 0 ? Rational(BigInteger(1) << shared)
                              : Rational(1) / Rational(BigInteger(1) << -shared);
        }
        for (std::size_t i = first; i < last; ++i) {
          const Rational v = exact(values[i]);
          const Rational dequantized = q.dequantized(i);
          if (mode == Rounding::NearestEven) {
            // The element nearest v / scale, by search.
            const std::uint64_t expected = nearest_by_search(*scheme.element, v / scale);
            mismatches += q.elements[i] != expected;
          } else {
            // Directed: no encoding lies between the result and v / scale.
            const Rational element = dequantized / scale;
            const Rational target = v / scale;
            const Rational largest =
                to_rational(*scheme.element, scheme.element->max_finite_bits());
            if (testing::absolute(target) <= largest) {
              const bool toward_positive = mode == Rounding::TowardPositive;
              const bool toward_zero_ok = testing::absolute(element) <= testing::absolute(target);
              mismatches += toward_positive ? element < target : !toward_zero_ok;
            }
          }
          // The error is dequantized - v, recomputed: element x scale - v.
          mismatches += dequantized != to_rational(*scheme.element, q.elements[i]) * scale;
        }
      }
      CHECK(mismatches == 0);
    }
  }
}

TEST_CASE("stochastic rounding of block elements picks one of the two neighbours") {
  // The scales do not depend on the mode; each element rounded
  // stochastically is the element rounded down or the one rounded up, and
  // the same seed gives the same elements.
  const std::uint64_t seed = testing::test_seed();
  const std::string seed_text = testing::hex(binary64, seed);
  CAPTURE(seed_text);
  for (const BlockScheme& scheme : block_schemes()) {
    CAPTURE(scheme.name);
    testing::OperandGenerator random(binary32, testing::derive_seed(seed, scheme.name, 2));
    std::vector<ExactNumber> values;
    for (std::size_t i = 0; i < 3 * (scheme.block_size ? scheme.block_size : 32); ++i)
      values.push_back(read_number(
          exact_decimal(binary32, random.with_exponent(random.between(-8, 8), random.coin()))));
    const BlockQuantized down = quantize_blocks(scheme, values, Rounding::TowardNegative);
    const BlockQuantized up = quantize_blocks(scheme, values, Rounding::TowardPositive);
    StochasticSource first(seed), second(seed);
    const BlockQuantized drawn = quantize_blocks(scheme, values, Rounding::Stochastic,
                                                 RoundingOptions{Tininess::AfterRounding, &first});
    const BlockQuantized again = quantize_blocks(scheme, values, Rounding::Stochastic,
                                                 RoundingOptions{Tininess::AfterRounding, &second});
    CHECK(drawn.scales == down.scales);
    CHECK(drawn.elements == again.elements);
    long outside = 0, went_up = 0, went_down = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const bool is_down = drawn.elements[i] == down.elements[i];
      const bool is_up = drawn.elements[i] == up.elements[i];
      outside += !is_down && !is_up;
      went_up += is_up && !is_down;
      went_down += is_down && !is_up;
    }
    CHECK(outside == 0);
    // Both directions occur among these inexact elements.
    CHECK(went_up > 0);
    CHECK(went_down > 0);
  }
}
