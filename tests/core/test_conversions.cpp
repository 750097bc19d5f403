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

// Binary32 inputs that reach every rounding case of `narrow`: each value of
// `narrow` widened, the midpoints to its successor, one binary32 ulp either
// side of them, and the widened value with random low bits.
class Binary32Inputs {
 public:
  Binary32Inputs() {
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
    const Rounded widened =
        fpx::reference::convert(narrow, fpx::binary32, bits, Rounding::NearestEven);
    inputs.push_back(widened.bits);
    const int extra_bits = fpx::binary32.fraction_bits() - narrow.fraction_bits();
    const std::uint64_t low_mask = (std::uint64_t{1} << extra_bits) - 1;
    inputs.push_back(widened.bits ^ (random.next() & low_mask));
    inputs.push_back(widened.bits ^ (random.next() & fpx::binary32.fraction_mask()));
    fpx::reference::to_mpfr(low_, narrow, bits);
    fpx::reference::to_mpfr(high_, narrow, bits + 1);
    if (mpfr_number_p(low_) && !mpfr_number_p(high_)) {
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
          fpx::reference::round_exact(fpx::binary32, low_, false, Rounding::NearestEven, {}).bits;
      inputs.push_back(midpoint);
      inputs.push_back(midpoint + 1);
      inputs.push_back(midpoint - 1);
    }
    return inputs;
  }

 private:
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

}  // namespace

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
