// The MPFR reference against cases worked out by hand: it referees the core,
// so it is itself checked bit for bit on the rules in rounding.hpp.
#include <doctest/doctest.h>
#include <mpfr.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "fpx/core/format.hpp"
#include "fpx/reference/mpfr_reference.hpp"

namespace {

using fpx::Flags;
using fpx::Operation;
using fpx::Rounding;
namespace reference = fpx::reference;

constexpr std::uint8_t inexact = Flags::inexact;
constexpr std::uint8_t underflow_inexact = Flags::underflow | Flags::inexact;
constexpr std::uint8_t overflow_inexact = Flags::overflow | Flags::inexact;

// Binary32 patterns used below.
constexpr std::uint64_t one = 0x3F800000;
constexpr std::uint64_t minus_one = 0xBF800000;
constexpr std::uint64_t two = 0x40000000;
constexpr std::uint64_t three = 0x40400000;
constexpr std::uint64_t half = 0x3F000000;
constexpr std::uint64_t plus_zero = 0x00000000;
constexpr std::uint64_t minus_zero = 0x80000000;
constexpr std::uint64_t plus_infinity = 0x7F800000;
constexpr std::uint64_t minus_infinity = 0xFF800000;
constexpr std::uint64_t largest = 0x7F7FFFFF;
constexpr std::uint64_t smallest_subnormal = 0x00000001;
constexpr std::uint64_t quiet_nan = 0x7FC00000;
constexpr std::uint64_t signaling_nan = 0x7F800001;

fpx::Rounded binary32(Operation operation, std::uint64_t a, std::uint64_t b, Rounding mode,
                      const fpx::RoundingOptions& options = {}) {
  const std::uint64_t operands[] = {a, b};
  return reference::compute(operation, fpx::binary32, operands, mode, options);
}

fpx::Rounded expected(std::uint64_t bits, std::uint8_t flags = 0) {
  return fpx::Rounded{bits, Flags{flags}};
}

// Keeps doctest's failure messages readable.
std::string describe(const fpx::Rounded& r) {
  char text[64];
  std::snprintf(text, sizeof text, "bits 0x%llX flags 0x%02X", (unsigned long long)r.bits,
                unsigned(r.flags.bits));
  return text;
}

#define CHECK_ROUNDED(actual, wanted) CHECK(describe(actual) == describe(wanted))

}  // namespace

TEST_CASE("reference one third in binary32 in each mode") {
  // 1/3 = 1.0101...b * 2^-2: the kept 24 bits end in 0 and the discarded
  // fraction is t = 2/3 of an ulp.
  CHECK_ROUNDED(binary32(Operation::Divide, one, three, Rounding::NearestEven),
                expected(0x3EAAAAAB, inexact));
  CHECK_ROUNDED(binary32(Operation::Divide, one, three, Rounding::NearestAway),
                expected(0x3EAAAAAB, inexact));
  CHECK_ROUNDED(binary32(Operation::Divide, one, three, Rounding::TowardZero),
                expected(0x3EAAAAAA, inexact));
  CHECK_ROUNDED(binary32(Operation::Divide, one, three, Rounding::TowardPositive),
                expected(0x3EAAAAAB, inexact));
  CHECK_ROUNDED(binary32(Operation::Divide, one, three, Rounding::TowardNegative),
                expected(0x3EAAAAAA, inexact));
  CHECK_ROUNDED(binary32(Operation::Divide, one, three, Rounding::ToOdd),
                expected(0x3EAAAAAB, inexact));
  CHECK_ROUNDED(binary32(Operation::Divide, minus_one, three, Rounding::TowardPositive),
                expected(0xBEAAAAAA, inexact));
  CHECK_ROUNDED(binary32(Operation::Divide, minus_one, three, Rounding::TowardNegative),
                expected(0xBEAAAAAB, inexact));
  CHECK_ROUNDED(binary32(Operation::Divide, two, three, Rounding::NearestEven),
                expected(0x3F2AAAAB, inexact));
}

TEST_CASE("reference stochastic rounding replays the documented rule") {
  // t = 2/3: round up iff u < ceil(2/3 * 2^32) = 2863311531.
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    CAPTURE(seed);
    fpx::StochasticSource source(seed);
    fpx::StochasticSource replay(seed);
    const std::uint32_t u = replay.next_bits();
    const auto result =
        binary32(Operation::Divide, one, three, Rounding::Stochastic, {.random = &source});
    CHECK_ROUNDED(result, expected(u < 2863311531u ? 0x3EAAAAAB : 0x3EAAAAAA, inexact));
    CHECK(source.next_bits() == replay.next_bits());  // exactly one draw
  }
  // 1 + 2^-25: t = 1/4 exactly, threshold 2^30.
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    fpx::StochasticSource source(seed);
    fpx::StochasticSource replay(seed);
    const std::uint32_t u = replay.next_bits();
    const auto result =
        binary32(Operation::Add, one, 0x33000000, Rounding::Stochastic, {.random = &source});
    CHECK_ROUNDED(result, expected(u < (1u << 30) ? 0x3F800001 : 0x3F800000, inexact));
  }
  // Exact results draw nothing; a missing source is an error only when needed.
  fpx::StochasticSource source(7);
  fpx::StochasticSource untouched(7);
  CHECK_ROUNDED(binary32(Operation::Add, one, one, Rounding::Stochastic, {.random = &source}),
                expected(two));
  CHECK(source.next_bits() == untouched.next_bits());
  CHECK_THROWS_AS(binary32(Operation::Divide, one, three, Rounding::Stochastic),
                  std::invalid_argument);
}

TEST_CASE("reference overflow in each mode") {
  // largest * 2 = 2^129, exact but beyond the range.
  const Rounding modes[] = {Rounding::NearestEven,    Rounding::NearestAway,
                            Rounding::TowardZero,     Rounding::TowardPositive,
                            Rounding::TowardNegative, Rounding::ToOdd};
  const std::uint64_t positive_results[] = {plus_infinity, plus_infinity, largest,
                                            plus_infinity, largest,       largest};
  const std::uint64_t negative_results[] = {minus_infinity, minus_infinity, 0xFF7FFFFF,
                                            0xFF7FFFFF,     minus_infinity, 0xFF7FFFFF};
  for (int i = 0; i < 6; ++i) {
    CAPTURE(i);
    CHECK_ROUNDED(binary32(Operation::Multiply, largest, two, modes[i]),
                  expected(positive_results[i], overflow_inexact));
    CHECK_ROUNDED(binary32(Operation::Multiply, largest | 0x80000000, two, modes[i]),
                  expected(negative_results[i], overflow_inexact));
  }
  fpx::StochasticSource source(1);
  CHECK_ROUNDED(
      binary32(Operation::Multiply, largest, two, Rounding::Stochastic, {.random = &source}),
      expected(plus_infinity, overflow_inexact));

  // largest + half an ulp (2^103) is a tie: nearest modes carry into 2^128
  // and overflow, the others stay at the largest finite value, inexact only.
  const std::uint64_t half_ulp_of_largest = 0x73000000;
  CHECK_ROUNDED(binary32(Operation::Add, largest, half_ulp_of_largest, Rounding::NearestEven),
                expected(plus_infinity, overflow_inexact));
  CHECK_ROUNDED(binary32(Operation::Add, largest, half_ulp_of_largest, Rounding::NearestAway),
                expected(plus_infinity, overflow_inexact));
  CHECK_ROUNDED(binary32(Operation::Add, largest, half_ulp_of_largest, Rounding::TowardZero),
                expected(largest, inexact));
  CHECK_ROUNDED(binary32(Operation::Add, largest, half_ulp_of_largest, Rounding::ToOdd),
                expected(largest, inexact));
  CHECK_ROUNDED(binary32(Operation::Add, largest, half_ulp_of_largest, Rounding::TowardNegative),
                expected(largest, inexact));
  CHECK_ROUNDED(binary32(Operation::Add, largest, half_ulp_of_largest, Rounding::TowardPositive),
                expected(plus_infinity, overflow_inexact));

  // Saturating E5M2: overflow gives the largest finite value (57344 = 0x7B).
  const std::uint64_t e5m2_largest = 0x7B;
  const std::uint64_t operands[] = {e5m2_largest, 0x40 /* 2 */};
  CHECK_ROUNDED(reference::compute(Operation::Multiply, fpx::e5m2_saturating, operands,
                                   Rounding::NearestEven),
                expected(0x7B, overflow_inexact));
  CHECK_ROUNDED(reference::compute(Operation::Multiply, fpx::e5m2, operands, Rounding::NearestEven),
                expected(0x7C, overflow_inexact));
  // ...but infinite operands stay infinite.
  const std::uint64_t infinite_operands[] = {0x7C, 0x40};
  CHECK_ROUNDED(reference::compute(Operation::Multiply, fpx::e5m2_saturating, infinite_operands,
                                   Rounding::NearestEven),
                expected(0x7C));
}

TEST_CASE("reference subnormal ties and results below the smallest subnormal") {
  // 2^-149 * 0.5 = 2^-150: halfway between 0 and the smallest subnormal.
  CHECK_ROUNDED(binary32(Operation::Multiply, smallest_subnormal, half, Rounding::NearestEven),
                expected(plus_zero, underflow_inexact));
  CHECK_ROUNDED(binary32(Operation::Multiply, smallest_subnormal, half, Rounding::NearestAway),
                expected(smallest_subnormal, underflow_inexact));
  CHECK_ROUNDED(binary32(Operation::Multiply, smallest_subnormal, half, Rounding::TowardZero),
                expected(plus_zero, underflow_inexact));
  CHECK_ROUNDED(binary32(Operation::Multiply, smallest_subnormal, half, Rounding::TowardPositive),
                expected(smallest_subnormal, underflow_inexact));
  CHECK_ROUNDED(binary32(Operation::Multiply, smallest_subnormal, half, Rounding::ToOdd),
                expected(smallest_subnormal, underflow_inexact));
  CHECK_ROUNDED(binary32(Operation::Multiply, 0x80000001, half, Rounding::NearestEven),
                expected(minus_zero, underflow_inexact));
  // 3 * 2^-150 = 1.5 quanta: ties to even (2), truncation and odd give 1.
  CHECK_ROUNDED(binary32(Operation::Multiply, 0x00000003, half, Rounding::NearestEven),
                expected(0x00000002, underflow_inexact));
  CHECK_ROUNDED(binary32(Operation::Multiply, 0x00000003, half, Rounding::NearestAway),
                expected(0x00000002, underflow_inexact));
  CHECK_ROUNDED(binary32(Operation::Multiply, 0x00000003, half, Rounding::ToOdd),
                expected(0x00000001, underflow_inexact));
  // 2^-159: far below the smallest subnormal.
  const std::uint64_t two_to_minus_10 = 0x3A800000;
  CHECK_ROUNDED(binary32(Operation::Multiply, smallest_subnormal, two_to_minus_10, Rounding::ToOdd),
                expected(smallest_subnormal, underflow_inexact));
  CHECK_ROUNDED(
      binary32(Operation::Multiply, 0x80000001, two_to_minus_10, Rounding::TowardNegative),
      expected(0x80000001, underflow_inexact));
  CHECK_ROUNDED(
      binary32(Operation::Multiply, 0x80000001, two_to_minus_10, Rounding::TowardPositive),
      expected(minus_zero, underflow_inexact));
  // An exact subnormal result raises nothing.
  CHECK_ROUNDED(binary32(Operation::Multiply, 0x00000002, half, Rounding::NearestEven),
                expected(0x00000001));
}

TEST_CASE("reference tininess after and before rounding") {
  // (1 - 2^-23) * (1 + 2^-23) * 2^-126 = 2^-126 * (1 - 2^-46): below 2^-126,
  // but rounding to 24 bits with an unbounded exponent reaches 2^-126.
  const std::uint64_t a = 0x3F7FFFFE;
  const std::uint64_t b = 0x00800001;
  const fpx::RoundingOptions before{.tininess = fpx::Tininess::BeforeRounding};
  CHECK_ROUNDED(binary32(Operation::Multiply, a, b, Rounding::NearestEven),
                expected(0x00800000, inexact));
  CHECK_ROUNDED(binary32(Operation::Multiply, a, b, Rounding::NearestEven, before),
                expected(0x00800000, underflow_inexact));
  CHECK_ROUNDED(binary32(Operation::Multiply, a, b, Rounding::TowardPositive),
                expected(0x00800000, inexact));
  // Truncation stays below 2^-126 either way.
  CHECK_ROUNDED(binary32(Operation::Multiply, a, b, Rounding::TowardZero),
                expected(0x007FFFFF, underflow_inexact));
  CHECK_ROUNDED(binary32(Operation::Multiply, a, b, Rounding::ToOdd),
                expected(0x007FFFFF, underflow_inexact));
  // Stochastic rounding always judges tininess before rounding.
  fpx::StochasticSource source(3);
  const auto stochastic =
      binary32(Operation::Multiply, a, b, Rounding::Stochastic, {.random = &source});
  CHECK(stochastic.flags.bits == underflow_inexact);

  // The same from binary64: 2^-126 - 2^-152 converted to binary32.
  const std::uint64_t just_below = 0x380FFFFFF0000000;
  CHECK_ROUNDED(reference::convert(fpx::binary64, fpx::binary32, just_below, Rounding::NearestEven),
                expected(0x00800000, inexact));
  CHECK_ROUNDED(
      reference::convert(fpx::binary64, fpx::binary32, just_below, Rounding::NearestEven, before),
      expected(0x00800000, underflow_inexact));
}

TEST_CASE("reference ties away and to odd") {
  // 1 + 2^-24: halfway between 1 and 1 + 2^-23.
  const std::uint64_t half_ulp_of_one = 0x33800000;
  CHECK_ROUNDED(binary32(Operation::Add, one, half_ulp_of_one, Rounding::NearestEven),
                expected(one, inexact));
  CHECK_ROUNDED(binary32(Operation::Add, one, half_ulp_of_one, Rounding::NearestAway),
                expected(0x3F800001, inexact));
  CHECK_ROUNDED(binary32(Operation::Add, one, half_ulp_of_one, Rounding::ToOdd),
                expected(0x3F800001, inexact));
  CHECK_ROUNDED(binary32(Operation::Add, one, half_ulp_of_one, Rounding::TowardZero),
                expected(one, inexact));
  CHECK_ROUNDED(binary32(Operation::Subtract, minus_one, half_ulp_of_one, Rounding::NearestAway),
                expected(0xBF800001, inexact));
}

TEST_CASE("reference signed zeros and special operands") {
  CHECK_ROUNDED(binary32(Operation::Add, one, minus_one, Rounding::NearestEven),
                expected(plus_zero));
  CHECK_ROUNDED(binary32(Operation::Add, one, minus_one, Rounding::TowardNegative),
                expected(minus_zero));
  CHECK_ROUNDED(binary32(Operation::Subtract, one, one, Rounding::ToOdd), expected(plus_zero));
  CHECK_ROUNDED(binary32(Operation::Add, minus_zero, minus_zero, Rounding::NearestEven),
                expected(minus_zero));
  CHECK_ROUNDED(binary32(Operation::Add, plus_zero, minus_zero, Rounding::NearestEven),
                expected(plus_zero));
  CHECK_ROUNDED(binary32(Operation::Add, plus_zero, minus_zero, Rounding::TowardNegative),
                expected(minus_zero));
  CHECK_ROUNDED(binary32(Operation::Subtract, minus_zero, plus_zero, Rounding::TowardPositive),
                expected(minus_zero));
  CHECK_ROUNDED(binary32(Operation::Multiply, minus_zero, three, Rounding::NearestEven),
                expected(minus_zero));
  CHECK_ROUNDED(binary32(Operation::Divide, plus_zero, minus_one, Rounding::NearestEven),
                expected(minus_zero));

  const std::uint64_t square_root_operand[] = {minus_zero};
  CHECK_ROUNDED(reference::compute(Operation::SquareRoot, fpx::binary32, square_root_operand,
                                   Rounding::NearestEven),
                expected(minus_zero));
  const std::uint64_t negative_operand[] = {minus_one};
  CHECK_ROUNDED(reference::compute(Operation::SquareRoot, fpx::binary32, negative_operand,
                                   Rounding::NearestEven),
                expected(quiet_nan, Flags::invalid));

  CHECK_ROUNDED(binary32(Operation::Add, plus_infinity, minus_infinity, Rounding::NearestEven),
                expected(quiet_nan, Flags::invalid));
  CHECK_ROUNDED(binary32(Operation::Multiply, plus_zero, plus_infinity, Rounding::NearestEven),
                expected(quiet_nan, Flags::invalid));
  CHECK_ROUNDED(binary32(Operation::Divide, plus_zero, minus_zero, Rounding::NearestEven),
                expected(quiet_nan, Flags::invalid));
  CHECK_ROUNDED(binary32(Operation::Divide, plus_infinity, plus_infinity, Rounding::NearestEven),
                expected(quiet_nan, Flags::invalid));
  CHECK_ROUNDED(binary32(Operation::Divide, minus_one, plus_zero, Rounding::NearestEven),
                expected(minus_infinity, Flags::divide_by_zero));
  CHECK_ROUNDED(binary32(Operation::Divide, one, plus_infinity, Rounding::NearestEven),
                expected(plus_zero));
  // NaN operands: the default NaN, invalid only for a signaling one.
  CHECK_ROUNDED(binary32(Operation::Add, 0xFFC12345, one, Rounding::NearestEven),
                expected(quiet_nan));
  CHECK_ROUNDED(binary32(Operation::Add, signaling_nan, 0xFFC00000, Rounding::NearestEven),
                expected(quiet_nan, Flags::invalid));

  const std::uint64_t fma_zero_infinity_nan[] = {plus_zero, plus_infinity, quiet_nan};
  CHECK_ROUNDED(reference::compute(Operation::FusedMultiplyAdd, fpx::binary32,
                                   fma_zero_infinity_nan, Rounding::NearestEven),
                expected(quiet_nan, Flags::invalid));
  const std::uint64_t fma_infinities[] = {plus_infinity, one, minus_infinity};
  CHECK_ROUNDED(reference::compute(Operation::FusedMultiplyAdd, fpx::binary32, fma_infinities,
                                   Rounding::NearestEven),
                expected(quiet_nan, Flags::invalid));
  // 1 * 1 + (-1) is an exact zero from opposite signs.
  const std::uint64_t fma_cancel[] = {one, one, minus_one};
  CHECK_ROUNDED(reference::compute(Operation::FusedMultiplyAdd, fpx::binary32, fma_cancel,
                                   Rounding::TowardNegative),
                expected(minus_zero));
  // (-0) * 1 + (-0) = -0 in every mode.
  const std::uint64_t fma_negative_zeros[] = {minus_zero, one, minus_zero};
  CHECK_ROUNDED(reference::compute(Operation::FusedMultiplyAdd, fpx::binary32, fma_negative_zeros,
                                   Rounding::NearestEven),
                expected(minus_zero));
  // The fma rounds once: (1 + 2^-23)(1 - 2^-23) - 1 = -2^-46 exactly.
  const std::uint64_t fma_single_rounding[] = {0x3F800001, 0x3F7FFFFE, minus_one};
  CHECK_ROUNDED(reference::compute(Operation::FusedMultiplyAdd, fpx::binary32, fma_single_rounding,
                                   Rounding::NearestEven),
                expected(0xA8800000));
}

TEST_CASE("reference E4M3 rounding overflow and saturation") {
  const std::uint64_t f464 = 0x43E80000;  // 1.1101b * 2^8, halfway between 448 and 480
  const std::uint64_t f470 = 0x43EB0000;
  const std::uint64_t f500 = 0x43FA0000;
  CHECK_ROUNDED(reference::convert(fpx::binary32, fpx::e4m3, f464, Rounding::NearestEven),
                expected(0x7E, inexact));
  CHECK_ROUNDED(reference::convert(fpx::binary32, fpx::e4m3, f464, Rounding::NearestAway),
                expected(0x7F, overflow_inexact));
  CHECK_ROUNDED(reference::convert(fpx::binary32, fpx::e4m3, f470, Rounding::NearestEven),
                expected(0x7F, overflow_inexact));
  CHECK_ROUNDED(
      reference::convert(fpx::binary32, fpx::e4m3_saturating, f470, Rounding::NearestEven),
      expected(0x7E, overflow_inexact));
  CHECK_ROUNDED(
      reference::convert(fpx::binary32, fpx::e4m3, f470 | 0x80000000, Rounding::NearestEven),
      expected(0x7F, overflow_inexact));  // the default NaN is positive
  CHECK_ROUNDED(reference::convert(fpx::binary32, fpx::e4m3_saturating, f470 | 0x80000000,
                                   Rounding::NearestEven),
                expected(0xFE, overflow_inexact));
  // Truncating 500 gives 480, the NaN pattern's value: beyond the largest finite.
  CHECK_ROUNDED(reference::convert(fpx::binary32, fpx::e4m3, f500, Rounding::TowardZero),
                expected(0x7E, overflow_inexact));
  // Infinity: NaN and invalid, or saturated.
  CHECK_ROUNDED(reference::convert(fpx::binary32, fpx::e4m3, plus_infinity, Rounding::NearestEven),
                expected(0x7F, Flags::invalid));
  CHECK_ROUNDED(reference::convert(fpx::binary32, fpx::e4m3_saturating, minus_infinity,
                                   Rounding::NearestEven),
                expected(0xFE, overflow_inexact));
  CHECK_ROUNDED(reference::convert(fpx::binary32, fpx::e5m2, minus_infinity, Rounding::NearestEven),
                expected(0xFC));
  // NaNs.
  CHECK_ROUNDED(reference::convert(fpx::binary32, fpx::e4m3, signaling_nan, Rounding::NearestEven),
                expected(0x7F, Flags::invalid));
  CHECK_ROUNDED(reference::convert(fpx::e4m3, fpx::binary32, 0xFF, Rounding::NearestEven),
                expected(quiet_nan));
  CHECK_ROUNDED(reference::convert(fpx::e5m2, fpx::binary16, 0x7D, Rounding::NearestEven),
                expected(0x7E00, Flags::invalid));  // 0x7D is a signaling NaN
  // Widening is exact; 0x7E is 448 and 0x01 is 2^-9.
  CHECK_ROUNDED(reference::convert(fpx::e4m3, fpx::binary32, 0x7E, Rounding::NearestEven),
                expected(0x43E00000));
  CHECK_ROUNDED(reference::convert(fpx::e4m3, fpx::binary16, 0x81, Rounding::NearestEven),
                expected(0x9800));
  // Division by zero in E4M3: its NaN, with divide-by-zero.
  const std::uint64_t one_by_zero[] = {0x38, 0x00};
  CHECK_ROUNDED(
      reference::compute(Operation::Divide, fpx::e4m3, one_by_zero, Rounding::NearestEven),
      expected(0x7F, Flags::divide_by_zero));
}

TEST_CASE("reference exact decimal expansions") {
  CHECK(reference::exact_decimal(fpx::binary32, 0x3F2AAAAB) == "0.666666686534881591796875");
  CHECK(reference::exact_decimal(fpx::binary32, smallest_subnormal) ==
        "0.00000000000000000000000000000000000000000000140129846432481707092372958328991613128"
        "026194187651577175706828388979108268586060148663818836212158203125");
  CHECK(reference::exact_decimal(fpx::binary32, one) == "1");
  CHECK(reference::exact_decimal(fpx::binary32, 0xC0200000) == "-2.5");
  CHECK(reference::exact_decimal(fpx::binary32, largest) ==
        "340282346638528859811704183484516925440");
  CHECK(reference::exact_decimal(fpx::binary32, plus_zero) == "0");
  CHECK(reference::exact_decimal(fpx::binary32, minus_zero) == "-0");
  CHECK(reference::exact_decimal(fpx::binary32, plus_infinity) == "inf");
  CHECK(reference::exact_decimal(fpx::binary32, minus_infinity) == "-inf");
  CHECK(reference::exact_decimal(fpx::binary32, signaling_nan) == "nan");
  CHECK(reference::exact_decimal(fpx::binary16, 0x7BFF) == "65504");
  CHECK(reference::exact_decimal(fpx::binary16, 0x0001) == "0.000000059604644775390625");
  CHECK(reference::exact_decimal(fpx::e4m3, 0x7E) == "448");
  CHECK(reference::exact_decimal(fpx::e4m3, 0x7F) == "nan");
  CHECK(reference::exact_decimal(fpx::binary64, 0x3FB999999999999A) ==
        "0.1000000000000000055511151231257827021181583404541015625");
}

TEST_CASE("reference to_mpfr is exact and checks the precision") {
  mpfr_t value;
  mpfr_init2(value, 24);
  reference::to_mpfr(value, fpx::binary32, 0x3F2AAAAB);
  CHECK(mpfr_cmp_ui_2exp(value, 11184811, -24) == 0);
  reference::to_mpfr(value, fpx::binary32, minus_zero);
  CHECK((mpfr_zero_p(value) && mpfr_signbit(value)));
  reference::to_mpfr(value, fpx::binary32, minus_infinity);
  CHECK((mpfr_inf_p(value) && mpfr_sgn(value) < 0));
  reference::to_mpfr(value, fpx::binary32, quiet_nan);
  CHECK(mpfr_nan_p(value));
  CHECK_THROWS_AS(reference::to_mpfr(value, fpx::binary64, 0x3FF0000000000001),
                  std::invalid_argument);
  mpfr_clear(value);
}

TEST_CASE("reference round_exact honours the sticky bit and leaves MPFR's range alone") {
  const mpfr_exp_t saved_min = mpfr_get_emin();
  const mpfr_exp_t saved_max = mpfr_get_emax();
  mpfr_t value;
  mpfr_init2(value, 64);
  // 1 + 2^-24 is a tie; with a sticky bit it is above the tie.
  mpfr_set_ui_2exp(value, (1u << 24) + 1, -24, MPFR_RNDN);
  CHECK_ROUNDED(reference::round_exact(fpx::binary32, value, false, Rounding::NearestEven, {}),
                expected(one, inexact));
  CHECK_ROUNDED(reference::round_exact(fpx::binary32, value, true, Rounding::NearestEven, {}),
                expected(0x3F800001, inexact));
  // 1 exactly with a sticky bit: inexact, truncates to 1, goes up for ceiling.
  mpfr_set_ui(value, 1, MPFR_RNDN);
  CHECK_ROUNDED(reference::round_exact(fpx::binary32, value, true, Rounding::TowardZero, {}),
                expected(one, inexact));
  CHECK_ROUNDED(reference::round_exact(fpx::binary32, value, true, Rounding::TowardPositive, {}),
                expected(0x3F800001, inexact));
  mpfr_clear(value);
  CHECK(mpfr_get_emin() == saved_min);
  CHECK(mpfr_get_emax() == saved_max);
}
