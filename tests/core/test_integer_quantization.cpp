// Symmetric and affine int8/int4 quantization and MXINT8: hand-derived
// cases, and random vectors against a recomputation with exact rationals.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "exact_numbers.hpp"
#include "fpx/core/integer_quantization.hpp"
#include "operand_generator.hpp"

using namespace fpx;

namespace {

// The integer nearest t, ties to even, by floor and comparison.
BigInteger nearest_integer(const Rational& t) {
  BigInteger floor = numerator(t) / denominator(t);  // truncates toward zero
  if (Rational(floor) > t) floor -= 1;
  const Rational fraction = t - Rational(floor);
  if (fraction > Rational(1, 2) || (fraction == Rational(1, 2) && floor % 2 != 0)) floor += 1;
  return floor;
}

}  // namespace

TEST_CASE("integer quantization by hand") {
  // Symmetric int8: max |v| = 127 makes the scale 127 / 127 = 1; -63.5 is a
  // tie, to even -64; 1.25 rounds to 1.
  const IntegerQuantized symmetric =
      quantize_integers(*find_integer_scheme("int8-symmetric"),
                        testing::exact_numbers({"127", "-63.5", "1.25"}), Rounding::NearestEven);
  CHECK(symmetric.scales[0] == 0x3F800000);
  CHECK(symmetric.elements == std::vector<std::int64_t>{127, -64, 1});
  CHECK(symmetric.dequantized(1) == -64);
  // Affine int8 of [0, 255]: the scale (255 - 0) / 255 = 1, the zero point
  // -128 - round(0 / 1) = -128, so 0 -> -128 and 255 -> 127.
  const IntegerQuantized affine =
      quantize_integers(*find_integer_scheme("int8-affine"),
                        testing::exact_numbers({"0", "255", "100.5"}), Rounding::NearestEven);
  CHECK(affine.scales[0] == 0x3F800000);
  CHECK(affine.zero_point == -128);
  CHECK(affine.elements == std::vector<std::int64_t>{-128, 127, -28});
  CHECK(affine.dequantized(1) == 255);
  // Symmetric int4 leaves out -8: [-7, 7]; max |v| = 7 gives the scale 1.
  const IntegerQuantized int4 =
      quantize_integers(*find_integer_scheme("int4-symmetric"),
                        testing::exact_numbers({"-7", "3.5", "0.4"}), Rounding::NearestEven);
  CHECK(int4.elements == std::vector<std::int64_t>{-7, 4, 0});
  // MXINT8: max |v| = 1.5 has exponent 0, so the E8M0 scale is 2^0 (0x7F)
  // and each element v x 2^6: 96, -48, 0.
  const IntegerQuantized mx =
      quantize_integers(*find_integer_scheme("mxint8"),
                        testing::exact_numbers({"1.5", "-0.75", "0"}), Rounding::NearestEven);
  CHECK(mx.scales[0] == 0x7F);
  CHECK(mx.elements == std::vector<std::int64_t>{96, -48, 0});
  CHECK(mx.dequantized(0) == Rational(3, 2));
  // A NaN makes the scale NaN.
  const IntegerQuantized nan =
      quantize_integers(*find_integer_scheme("int8-symmetric"),
                        testing::exact_numbers({"1", "nan"}), Rounding::NearestEven);
  CHECK(nan.scales[0] == 0x7FC00000);
  CHECK_THROWS_AS((void)nan.dequantized(0), std::domain_error);
}

TEST_CASE("integer quantization of random vectors against an exact recomputation") {
  const std::uint64_t seed = testing::test_seed();
  const std::string seed_text = testing::hex(binary64, seed);
  CAPTURE(seed_text);
  for (const IntegerScheme& scheme : integer_schemes()) {
    CAPTURE(scheme.name);
    testing::OperandGenerator random(binary32, testing::derive_seed(seed, scheme.name, 9));
    std::vector<ExactNumber> values;
    for (int i = 0; i < 70; ++i)
      values.push_back(read_number(
          exact_decimal(binary32, random.with_exponent(random.between(-12, 12), random.coin()))));
    const IntegerQuantized q = quantize_integers(scheme, values, Rounding::NearestEven);
    const std::int64_t high = (std::int64_t{1} << (scheme.bits - 1)) - 1;
    const std::int64_t low = scheme.affine || scheme.block_size ? -high - 1 : -high;
    long mismatches = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::size_t block = scheme.block_size ? i / scheme.block_size : 0;
      const Rational scale = scheme.block_size ? to_rational(mx_e8m0, q.scales[block]) / 64
                                               : to_rational(binary32, q.scales[block]);
      BigInteger expected = nearest_integer(to_rational(values[i]) / scale) + q.zero_point;
      if (expected > high) expected = high;
      if (expected < low) expected = low;
      mismatches += BigInteger(q.elements[i]) != expected;
      mismatches += q.dequantized(i) != Rational(q.elements[i] - q.zero_point) * scale;
    }
    CHECK(mismatches == 0);
  }
}
