// Exhaustive checks of the core against the MPFR reference over the small
// formats: every binary16 and bfloat16 encoding (square root, widening,
// narrowing from binary32 around every rounding boundary) and every 8-bit
// encoding to and from binary32 and binary16.
#include <doctest/doctest.h>
#include <mpfr.h>

#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "fpx/core/operations.hpp"
#include "fpx/reference/mpfr_reference.hpp"
#include "operand_generator.hpp"
#include "tally.hpp"

namespace {

using fpx::Format;
using fpx::Operation;
using fpx::Rounded;
using fpx::Rounding;
using fpx::RoundingOptions;
using namespace fpx::testing;

std::string explain(const Format& result_format, const std::string& what, const Rounded& expected,
                    const Rounded& got) {
  return what + "\n  reference " + describe(result_format, expected) + "\n  core      " +
         describe(result_format, got);
}

// One conversion in one mode (stochastic sources of the same seed on both
// sides); empty when the core and the reference agree.
std::string compare_conversion(const Format& from, const Format& to, std::uint64_t bits,
                               Rounding mode, std::uint64_t stochastic_seed = 1) {
  fpx::StochasticSource reference_source(stochastic_seed);
  fpx::StochasticSource core_source(stochastic_seed);
  const Rounded expected =
      fpx::reference::convert(from, to, bits, mode, {.random = &reference_source});
  const std::string what = std::string(from.name) + " -> " + std::string(to.name) + " " +
                           std::string(rounding_label(mode)) + " of " + hex(from, bits);
  Rounded got;
  try {
    got = fpx::convert(from, to, bits, mode, {.random = &core_source});
  } catch (const std::exception& error) {
    return what + ": core threw " + error.what();
  }
  if (got == expected && core_source.next_bits() == reference_source.next_bits()) return {};
  return explain(to, what, expected, got);
}

std::string compare_square_root(const Format& format, std::uint64_t bits, Rounding mode) {
  const Rounded expected = fpx::reference::compute(Operation::SquareRoot, format, &bits, mode);
  const std::string what = std::string(format.name) + " sqrt " + std::string(rounding_label(mode)) +
                           " of " + hex(format, bits);
  Rounded got;
  try {
    got = fpx::square_root(format, bits, mode);
  } catch (const std::exception& error) {
    return what + ": core threw " + error.what();
  }
  return got == expected ? std::string() : explain(format, what, expected, got);
}

// Inputs of a wide format (binary32 by default, or binary64) that reach
// every rounding case of `narrow`: each value of `narrow` widened, the
// midpoints to its successor, one wide ulp either side of them, and the
// widened value with random low bits.
class Binary32Inputs {
 public:
  explicit Binary32Inputs(const Format& wide = fpx::binary32) : wide_(wide) {
    mpfr_init2(low_, 64);
    mpfr_init2(high_, 64);
  }
  ~Binary32Inputs() {
    mpfr_clear(low_);
    mpfr_clear(high_);
  }

  std::vector<std::uint64_t> around(const Format& narrow, std::uint64_t bits,
                                    OperandGenerator& random) {
    std::vector<std::uint64_t> inputs;
    const Rounded widened = fpx::reference::convert(narrow, wide_, bits, Rounding::NearestEven);
    inputs.push_back(widened.bits);
    const int extra_bits = wide_.fraction_bits() - narrow.fraction_bits();
    const std::uint64_t low_mask = (std::uint64_t{1} << extra_bits) - 1;
    inputs.push_back(widened.bits ^ (random.next() & low_mask));
    inputs.push_back(widened.bits ^ (random.next() & wide_.fraction_mask()));
    fpx::reference::to_mpfr(low_, narrow, bits);
    fpx::reference::to_mpfr(high_, narrow, bits + 1);
    // The largest finite number of either sign, whose successor pattern is
    // not the next larger number in every encoding (FNUZ, finite-only).
    const bool largest = (bits & narrow.magnitude_mask()) == narrow.max_finite_bits();
    if (mpfr_number_p(low_) && (largest || !mpfr_number_p(high_))) {
      // Past the largest finite value: one more step of the same size, so
      // that the midpoint is the overflow threshold of the nearest modes.
      fpx::reference::to_mpfr(high_, narrow, bits - 1);
      mpfr_mul_2ui(low_, low_, 1, MPFR_RNDN);
      mpfr_sub(high_, low_, high_, MPFR_RNDN);
      mpfr_div_2ui(low_, low_, 1, MPFR_RNDN);
    }
    if (mpfr_number_p(low_) && mpfr_number_p(high_) && !mpfr_zero_p(high_)) {
      mpfr_add(low_, low_, high_, MPFR_RNDN);  // exact at 64 bits
      mpfr_div_2ui(low_, low_, 1, MPFR_RNDN);
      const std::uint64_t midpoint =
          fpx::reference::round_exact(wide_, low_, false, Rounding::NearestEven, {}).bits;
      inputs.push_back(midpoint);
      inputs.push_back(midpoint + 1);
      inputs.push_back(midpoint - 1);
    }
    return inputs;
  }

 private:
  const Format& wide_;
  mpfr_t low_;
  mpfr_t high_;
};

// Everything about one 16-bit format, exhaustively.
void check_sixteen_bit_format(const Format& format) {
  const std::uint64_t seed = test_seed();
  const std::string seed_text = hex(fpx::binary64, seed);
  CAPTURE(seed_text);
  OperandGenerator random(fpx::binary32, derive_seed(seed, format.name, 16));
  Binary32Inputs binary32_inputs;
  Tally square_roots(std::string(format.name) + " square root");
  Tally widening(std::string(format.name) + " to binary32");
  Tally narrowing(std::string("binary32 to ") + std::string(format.name));
  for (std::uint64_t bits = 0; bits < 0x10000; ++bits) {
    for (Rounding mode : fpx::all_deterministic_roundings)
      square_roots.record(compare_square_root(format, bits, mode));
    for (Rounding mode : all_roundings)
      widening.record(compare_conversion(format, fpx::binary32, bits, mode, bits));
    for (std::uint64_t input : binary32_inputs.around(format, bits, random))
      for (Rounding mode : all_roundings)
        narrowing.record(compare_conversion(fpx::binary32, format, input, mode, input));
  }
}

void check_eight_bit_format(const Format& format) {
  const std::uint64_t seed = test_seed();
  const std::string seed_text = hex(fpx::binary64, seed);
  CAPTURE(seed_text);
  OperandGenerator random(fpx::binary32, derive_seed(seed, format.name, 8));
  Binary32Inputs binary32_inputs;
  const std::string name(format.name);
  {
    Tally widening(name + " to binary32 and binary16");
    for (std::uint64_t bits = 0; bits < 0x100; ++bits)
      for (Rounding mode : all_roundings) {
        widening.record(compare_conversion(format, fpx::binary32, bits, mode, bits));
        widening.record(compare_conversion(format, fpx::binary16, bits, mode, bits));
      }
  }
  {
    Tally from_binary16("binary16 to " + name);
    for (std::uint64_t bits = 0; bits < 0x10000; ++bits)
      for (Rounding mode : all_roundings)
        from_binary16.record(compare_conversion(fpx::binary16, format, bits, mode, bits));
  }
  {
    Tally from_binary32("binary32 to " + name);
    for (std::uint64_t bits = 0; bits < 0x100; ++bits) {
      std::vector<std::uint64_t> inputs = binary32_inputs.around(format, bits, random);
      for (int extra = 0; extra < 64; ++extra) {
        // More random low bits under the same value.
        const std::uint64_t widened = inputs.front();
        inputs.push_back(widened ^ (random.next() & fpx::binary32.fraction_mask()));
      }
      for (std::uint64_t input : inputs)
        for (Rounding mode : all_roundings)
          from_binary32.record(compare_conversion(fpx::binary32, format, input, mode, input));
    }
  }
  {
    Tally between_eight_bit(name + " to the other 8-bit formats");
    const Format* eight_bit[] = {&fpx::e4m3, &fpx::e5m2, &fpx::e4m3_saturating,
                                 &fpx::e5m2_saturating};
    for (const Format* to : eight_bit)
      for (std::uint64_t bits = 0; bits < 0x100; ++bits)
        for (Rounding mode : all_roundings)
          between_eight_bit.record(compare_conversion(format, *to, bits, mode, bits));
  }
}

// Every encoding of a format of at most 16 bits (a custom or an OCP MX
// format), to binary32 and binary64 and back from both around every value,
// in every mode (stochastic too, with the same seeds on both sides).
void check_small_format(const Format& format) {
  const std::uint64_t seed = test_seed();
  const std::string seed_text = hex(fpx::binary64, seed);
  CAPTURE(seed_text);
  REQUIRE(format.width() <= 16);
  OperandGenerator random(fpx::binary32, derive_seed(seed, format.name, 64));
  const std::string name(format.name);
  const std::uint64_t patterns = std::uint64_t{1} << format.width();
  for (const Format* wide : {&fpx::binary32, &fpx::binary64}) {
    Binary32Inputs inputs_around(*wide);
    Tally widening(name + " to " + std::string(wide->name));
    Tally narrowing(std::string(wide->name) + " to " + name);
    for (std::uint64_t bits = 0; bits < patterns; ++bits) {
      for (Rounding mode : all_roundings)
        widening.record(compare_conversion(format, *wide, bits, mode, bits));
      for (std::uint64_t input : inputs_around.around(format, bits, random))
        for (Rounding mode : all_roundings)
          narrowing.record(compare_conversion(*wide, format, input, mode, input));
    }
    // The wide format's own special values and range edges.
    for (std::uint64_t input : special_values(*wide))
      for (Rounding mode : all_roundings)
        narrowing.record(compare_conversion(*wide, format, input, mode, input));
  }
}

// The custom and OCP MX formats the tests cover: the MX elements and scale,
// the FNUZ fp8 formats, an fn E5M2, an IEEE-like E3M4, and unusual shapes
// (16 bits, one exponent bit, no fraction bit, a chosen bias, saturation).
constexpr const char* small_custom_formats[] = {
    "e2m1",   "e2m3",     "e3m2",     "e8m0",      "e4m3",    "e4m3fnuz",
    "e5m2",   "e5m2fnuz", "e5m2fn",   "e3m4",      "e3m4sat", "e6m9",
    "e1m6fn", "e7m0fn",   "e2m1ieee", "e4m3fnb10", "e5m2fin", "e4m3fnuzsat"};

}  // namespace

TEST_CASE("conversions of every encoding of the custom and MX formats against the reference") {
  for (const char* spelling : small_custom_formats) {
    const Format* format = fpx::find_format(spelling);
    const std::string spelled(spelling);
    CAPTURE(spelled);
    REQUIRE(format != nullptr);
    check_small_format(*format);
  }
}

TEST_CASE("conversions binary16 exhaustive against the reference") {
  check_sixteen_bit_format(fpx::binary16);
}

TEST_CASE("conversions bfloat16 exhaustive against the reference") {
  check_sixteen_bit_format(fpx::bfloat16);
}

TEST_CASE("conversions e4m3 exhaustive against the reference") {
  check_eight_bit_format(fpx::e4m3);
}
TEST_CASE("conversions e5m2 exhaustive against the reference") {
  check_eight_bit_format(fpx::e5m2);
}
TEST_CASE("conversions e4m3 saturating exhaustive against the reference") {
  check_eight_bit_format(fpx::e4m3_saturating);
}
TEST_CASE("conversions e5m2 saturating exhaustive against the reference") {
  check_eight_bit_format(fpx::e5m2_saturating);
}

TEST_CASE("conversions between all formats on random values against the reference") {
  // Not exhaustive: every ordered pair of formats on seeded values of the
  // source format (specials, subnormals, range edges, random patterns).
  const std::uint64_t seed = test_seed();
  const std::string seed_text = hex(fpx::binary64, seed);
  CAPTURE(seed_text);
  for (const Format* from : fpx::all_formats()) {
    OperandGenerator generator(*from, derive_seed(seed, from->name, 32));
    for (const Format* to : fpx::all_formats()) {
      Tally tally(std::string(from->name) + " to " + std::string(to->name));
      for (std::uint64_t special : special_values(*from))
        for (Rounding mode : all_roundings)
          tally.record(compare_conversion(*from, *to, special, mode, special));
      for (int i = 0; i < 3000; ++i) {
        std::uint64_t operands[3];
        generator.fill(Operation::Add, operands);
        const std::uint64_t bits =
            i % 4 == 0 ? generator.with_exponent(
                             generator.between(to->min_exponent() - 4, to->max_exponent() + 1),
                             generator.coin())
                       : operands[i % 2];
        for (Rounding mode : all_roundings)
          tally.record(compare_conversion(*from, *to, bits, mode, bits + i));
      }
    }
  }
}
