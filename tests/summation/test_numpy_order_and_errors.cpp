// np.sum's order rebuilt here independently (each addition rounded from the
// exact sum of its two operands, by the exact accumulator, not by the
// strategy under test) on vectors longer than numpy's 8192-element buffer;
// the two error references of a comparison (the data as written and the
// rounded inputs) on hand-computed cases; ulps of the exact value.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/exact_error.hpp"
#include "fpx/summation/axis_sum.hpp"
#include "fpx/summation/comparison.hpp"
#include "fpx/summation/exact_accumulator.hpp"
#include "fpx/summation/summation.hpp"
#include "operand_generator.hpp"

namespace {

// rn(a + b) in binary32 by the exact accumulator.
std::uint64_t add_exactly_rounded(std::uint64_t a, std::uint64_t b) {
  fpx::ExactAccumulator exact(fpx::binary32);
  exact.add(a);
  exact.add(b);
  const fpx::Rounded rounded = exact.round(fpx::binary32, fpx::Rounding::NearestEven);
  // The exact accumulator gives +0 for an exact zero; a sum of two -0 is -0.
  if ((a | b) == 0x80000000 && a == b) return 0x80000000;
  return rounded.bits;
}

// numpy 1.24's pairwise_sum (loops_utils.h.src): below 8 terms a serial sum;
// up to 128, eight interleaved accumulators combined as ((r0+r1)+(r2+r3)) +
// ((r4+r5)+(r6+r7)) and the remainder added serially; above, halves split
// at a multiple of 8.
std::uint64_t pairwise(const std::uint64_t* x, std::size_t n) {
  if (n < 8) {
    std::uint64_t s = 0x80000000;  // -0.0
    for (std::size_t i = 0; i < n; ++i) s = add_exactly_rounded(s, x[i]);
    return s;
  }
  if (n <= 128) {
    std::uint64_t r[8];
    for (int j = 0; j < 8; ++j) r[j] = x[j];
    std::size_t i = 8;
    for (; i < n - n % 8; i += 8)
      for (int j = 0; j < 8; ++j) r[j] = add_exactly_rounded(r[j], x[i + j]);
    std::uint64_t s = add_exactly_rounded(
        add_exactly_rounded(add_exactly_rounded(r[0], r[1]), add_exactly_rounded(r[2], r[3])),
        add_exactly_rounded(add_exactly_rounded(r[4], r[5]), add_exactly_rounded(r[6], r[7])));
    for (; i < n; ++i) s = add_exactly_rounded(s, x[i]);
    return s;
  }
  std::size_t half = n / 2;
  half -= half % 8;
  return add_exactly_rounded(pairwise(x, half), pairwise(x + half, n - half));
}

// np.sum: blocks of 8192 by pairwise, added in order to +0.
std::uint64_t numpy_sum(const std::vector<std::uint64_t>& x) {
  std::uint64_t total = 0;
  for (std::size_t start = 0; start < x.size(); start += 8192)
    total = add_exactly_rounded(
        total, pairwise(x.data() + start, std::min<std::size_t>(8192, x.size() - start)));
  return total;
}

fpx::Strategy numpy_strategy() { return fpx::Strategy{fpx::StrategyKind::Numpy}; }

fpx::ExactNumber number(const char* text) { return fpx::read_number(text); }

}  // namespace

TEST_CASE("numpy order reproduced beyond the 8192 buffer") {
  // The case of numpy 1.24's documentation of its buffered reduction: one
  // pairwise pass would give 1 + 2^-23; numpy returns 1.
  std::vector<std::uint64_t> x(8193, 0);
  x[0] = 0x3F800000;
  x[4096] = x[8192] = 0x33800000;  // 2^-24
  CHECK(fpx::sum(numpy_strategy(), x, {}).bits == 0x3F800000);
  CHECK(fpx::sum(fpx::Strategy{fpx::StrategyKind::Pairwise, 8192}, x, {}).bits != 0x3F800000);
  // Three -0.0 sum to +0.0 in np.sum (the reduction starts at +0).
  const std::vector<std::uint64_t> negative_zeros(3, 0x80000000);
  CHECK(fpx::sum(numpy_strategy(), negative_zeros, {}).bits == 0);

  const std::uint64_t seed = fpx::testing::derive_seed(fpx::testing::test_seed(), "numpy order");
  CAPTURE(seed);
  std::mt19937_64 random(seed);
  for (std::size_t n : {8191u, 8192u, 8193u, 16385u, 100000u}) {
    CAPTURE(n);
    std::vector<std::uint64_t> terms(n);
    // Values of mixed magnitude and sign, so that the order shows.
    for (auto& term : terms)
      term = (random() & 0x80000000u) | ((110u + random() % 30u) << 23) | (random() & 0x7FFFFFu);
    CHECK(fpx::sum(numpy_strategy(), terms, {}).bits == numpy_sum(terms));
  }
}

TEST_CASE("numpy axis sums: serial down the columns, np.sum along the rows") {
  // 3 x 2: columns (1, 2^-24, 2^-24) and (-0, -0, -0).
  const std::vector<std::uint64_t> X = {0x3F800000, 0x80000000, 0x33800000,
                                        0x80000000, 0x33800000, 0x80000000};
  const fpx::SummationOptions options;
  const fpx::AxisSums columns = fpx::numpy_axis_sums(X, {}, 3, 2, 0, {"a", "b"}, options);
  REQUIRE(columns.sums.size() == 2);
  CHECK(columns.sums[0].label == "a");
  // 1 + 2^-24 is a tie to even (1), then + 2^-24 again: 1.
  CHECK(columns.sums[0].result.bits == 0x3F800000);
  CHECK(columns.sums[1].result.bits == 0);  // -0 summed from +0 is +0
  const fpx::AxisSums rows = fpx::numpy_axis_sums(X, {}, 3, 2, 1, {}, options);
  REQUIRE(rows.sums.size() == 3);
  CHECK(rows.sums[0].result.bits == 0x3F800000);
  CHECK(rows.sums[1].result.bits == 0x33800000);
  CHECK(rows.sums[2].result.bits == 0x33800000);
}

TEST_CASE("comparison errors against the data and against the rounded inputs") {
  // 0.1 + 0.2 in bfloat16: the data sum to 0.3 exactly; the inputs are
  // 0.10009765625 and 0.2001953125 (0x3DCD, 0x3E4D), whose exact sum is
  // 0.30029296875 = 153.75 x 2^-9 (bfloat16's spacing there): serial rounds
  // it to 154 x 2^-9 = 0.30078125 (0x3E9A), 2^-11 above the inputs' sum and
  // 0.00078125 = 1/1280 above the data's.
  fpx::SummationOptions options;
  options.input_format = &fpx::bfloat16;
  fpx::StrategyComparison comparison(false, options, {fpx::Strategy{}});
  const fpx::ExactNumber tenth = number("0.1"), fifth = number("0.2");
  const std::uint64_t a[1] = {0x3DCD}, b[1] = {0x3E4D};
  comparison.add(a, &tenth);
  comparison.add(b, &fifth);
  const fpx::ComparisonReport report = comparison.report();
  CHECK_FALSE(report.data_are_inputs);
  CHECK(fpx::to_rational(report.data.value) == fpx::Rational(3, 10));
  CHECK(fpx::to_rational(report.inputs.value) == fpx::Rational(30029296875, 100000000000));
  const fpx::StrategyOutcome& serial = report.outcomes.at(0);
  CHECK(serial.result.bits == 0x3E9A);
  CHECK(fpx::to_rational(serial.against_inputs.error) == fpx::Rational(1, 2048));
  // 0.30029296875 / 2^-11 = 615: floor(log2) = 9, clamped to bfloat16's 8 bits.
  CHECK(serial.against_inputs.correct_bits == 8);
  CHECK(fpx::to_rational(serial.against_data.error) == fpx::Rational(1, 1280));
  // Relative to 0.3: (1/1280) / (3/10) = 1/384.
  CHECK(*serial.against_data.relative_error == fpx::Rational(1, 384));
  // In ulps of the exact value 0.3 (ulp 2^-9 in bfloat16): 512/1280 = 0.4.
  CHECK(fpx::ulps_of_exact(fpx::bfloat16, report.data.value, serial.against_data.error, 4) ==
        "+0.4");
}

TEST_CASE("errors are in ulps of the exact value") {
  // The result 0 of 1e8 - 1e8 + 1 in binary32 (exact sum 1): one ulp of the
  // exact value 1 is 2^-23, so the error -1 is -2^23 ulps, relative -1.
  const fpx::ExactNumber one = number("1"), minus_one = number("-1");
  CHECK(fpx::ulps_of_exact(fpx::binary32, one, minus_one, 4) == "-8.389e6");
  CHECK(fpx::relative_text(one, minus_one) == "-1");
  // ulp of 0 is the subnormal quantum; ulp below 2^emin is that quantum too.
  CHECK(fpx::ulp_exponent_of_exact(fpx::binary32, number("0")) == -149);
  CHECK(fpx::ulp_exponent_of_exact(fpx::binary32, number("1e-40")) == -149);
  CHECK(fpx::ulp_exponent_of_exact(fpx::binary32, number("3")) == -22);
  CHECK(fpx::ulp_exponent_of_exact(fpx::bfloat16, number("0.3")) == -9);
}
