// The array engine (fpx/core/arrays.hpp) against the scalar core and the MPFR
// reference, bit for bit and flag for flag (each element's and their union),
// in every kernel set this processor runs: seeded random operands from the
// generator of the core's tests for every operation, format and mode,
// exhaustive 16-bit and 8-bit inputs, words of every width, stochastic
// rounding element by element, and the reciprocal tables of the kernels.
#include <doctest/doctest.h>

#include <algorithm>
#include <cfenv>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "element_operations.hpp"
#include "fpx/core/arrays.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/reference/mpfr_reference.hpp"
#include "operand_generator.hpp"
#include "tally.hpp"

namespace {

using namespace fpx;
using namespace fpx::testing;

// Restores the default kernel set when a test is done.
class KernelChoice {
 public:
  KernelChoice() : saved_(fpx::array_kernels()) {}
  ~KernelChoice() { fpx::use_array_kernels(saved_); }
  KernelChoice(const KernelChoice&) = delete;
  KernelChoice& operator=(const KernelChoice&) = delete;

 private:
  ArrayKernels saved_;
};

std::string compare_rounded(const Format& format, const Rounded& expected, const Rounded& got) {
  if (expected == got) return {};
  return "expected " + describe(format, expected) + "\n  array    " + describe(format, got);
}

// Operand arrays of `count` elements for `operation`, from the core's test
// generator (specials, ties, cancellation, subnormals, range edges).
struct Operands {
  std::vector<std::uint64_t> a, b, c;
};

Operands make_operands(const Format& format, Operation operation, std::size_t count,
                       std::uint64_t seed) {
  OperandGenerator generator(format, seed);
  Operands out;
  out.a.resize(count);
  out.b.resize(count);
  out.c.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint64_t x[3] = {};
    generator.fill(operation, x);
    out.a[i] = x[0];
    out.b[i] = x[1];
    out.c[i] = x[2];
  }
  return out;
}

// The array operation on words of type Word.
template <typename Word>
std::vector<std::uint64_t> run_array(Operation operation, const Format& format,
                                     const Operands& operands, Rounding mode,
                                     const ArrayOptions& options, Flags& all) {
  const std::vector<Word> a(operands.a.begin(), operands.a.end());
  const std::vector<Word> b(operands.b.begin(), operands.b.end());
  const std::vector<Word> c(operands.c.begin(), operands.c.end());
  std::vector<Word> out(a.size());
  all = fpx::apply(operation, format, std::span<const Word>(a), std::span<const Word>(b),
                   std::span<const Word>(c), std::span<Word>(out), mode, options);
  return std::vector<std::uint64_t>(out.begin(), out.end());
}

// The array operation in every kernel set and in 64-bit and natural words,
// against the scalar core on every element and against MPFR on the first
// `reference_count`.
void compare_operands(const Format& format, Operation operation, const Operands& operands,
                      std::size_t reference_count, fpx::Tininess tininess) {
  const std::uint64_t seed = test_seed();
  const std::string seed_text = hex(fpx::binary64, seed);
  CAPTURE(seed_text);
  const std::size_t count = operands.a.size();
  const std::uint64_t stochastic_seed = derive_seed(seed, "arrays stochastic", count);
  KernelChoice restore;
  for (ArrayKernels kernels : fpx::available_array_kernels()) {
    fpx::use_array_kernels(kernels);
    for (Rounding mode : all_roundings) {
      const std::string label = std::string(format.name) + " " +
                                std::string(operation_label(operation)) + " " +
                                std::string(rounding_label(mode)) + " kernels " +
                                std::string(fpx::array_kernels_name(kernels));
      Tally tally(label);
      std::vector<Flags> element_flags(count);
      ArrayOptions options{tininess, stochastic_seed, element_flags};
      Flags all;
      const std::vector<std::uint64_t> wide =
          run_array<std::uint64_t>(operation, format, operands, mode, options, all);
      const std::vector<Flags> wide_flags = element_flags;
      // The kernels' own words (binary32 in 32 bits ...), without element flags.
      Flags natural_all;
      const std::vector<std::uint64_t> natural = [&] {
        ArrayOptions plain{tininess, stochastic_seed, {}};
        const int width = format.width();
        switch (width <= 8 ? 1 : width <= 16 ? 2 : width <= 32 ? 4 : 8) {
          case 1:
            return run_array<std::uint8_t>(operation, format, operands, mode, plain, natural_all);
          case 2:
            return run_array<std::uint16_t>(operation, format, operands, mode, plain, natural_all);
          case 4:
            return run_array<std::uint32_t>(operation, format, operands, mode, plain, natural_all);
          default:
            return run_array<std::uint64_t>(operation, format, operands, mode, plain, natural_all);
        }
      }();
      Flags expected_all;
      for (std::size_t i = 0; i < count; ++i) {
        const std::uint64_t x[3] = {operands.a[i], operands.b[i], operands.c[i]};
        fpx::StochasticSource core_source(fpx::element_seed(stochastic_seed, i));
        const Rounded expected =
            fpx::apply(operation, format, x, mode, RoundingOptions{tininess, &core_source});
        expected_all |= expected.flags;
        std::string difference = compare_rounded(format, expected, Rounded{wide[i], wide_flags[i]});
        if (difference.empty() && natural[i] != expected.bits)
          difference = "natural words give " + hex(format, natural[i]);
        if (i < reference_count && difference.empty()) {
          fpx::StochasticSource reference_source(fpx::element_seed(stochastic_seed, i));
          const Rounded reference = fpx::reference::compute(
              operation, format, x, mode, RoundingOptions{tininess, &reference_source});
          difference = compare_rounded(format, reference, Rounded{wide[i], wide_flags[i]});
          if (!difference.empty()) difference = "against MPFR: " + difference;
        }
        if (!difference.empty())
          difference = "element " + std::to_string(i) + " operands" + " " + hex(format, x[0]) +
                       " " + hex(format, x[1]) + " " + hex(format, x[2]) + "\n  " + difference;
        tally.record(difference);
      }
      CHECK(all == expected_all);
      CHECK(natural_all == expected_all);
    }
  }
}

void compare_operation(const Format& format, Operation operation, std::size_t count,
                       std::size_t reference_count,
                       fpx::Tininess tininess = fpx::Tininess::AfterRounding) {
  const Operands operands = make_operands(
      format, operation, count,
      derive_seed(test_seed(), std::string("arrays ") + std::string(format.name),
                  std::uint64_t(operation) * 2 + (tininess == fpx::Tininess::BeforeRounding)));
  compare_operands(format, operation, operands, reference_count, tininess);
}

// binary32 operands for which the binary64 route of the kernels
// (binary32_through_binary64.hpp) needs its rounding to odd: the exact
// result is a binary32 value or a binary32 midpoint plus or minus a term far
// below binary64's last place, so that rounding it to binary64 first and
// then to binary32 would be wrong in some mode. Sums of a value and a much
// smaller one; products that are midpoints ((1 + 2^-12)^2 = 1 + 2^-11 +
// 2^-24, scaled) plus a much smaller addend; products near the subnormal
// range plus tiny addends; and quotients (any inexact one, as its side).
Operands double_rounding_operands(Operation operation, std::size_t count, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  const auto uniform = [&](int low, int high) {
    return int(std::uniform_int_distribution<int>(low, high)(random));
  };
  // sign * 2^exponent * significand / 2^23, significand in [2^23, 2^24),
  // as binary32 (subnormal or zero when the exponent is below -126).
  const auto value = [&](std::uint64_t sign, int exponent, std::uint64_t significand) {
    Rounded r = fpx::convert(
        fpx::binary64, fpx::binary32,
        (sign << 63) | (std::uint64_t(exponent + 1023) << 52) | ((significand & 0x7FFFFF) << 29),
        Rounding::TowardZero);
    return r.bits;
  };
  const auto random_significand = [&] { return (random() & 0x7FFFFF) | 0x800000; };
  Operands out;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t sign_a = random() & 1, sign_b = random() & 1, sign_c = random() & 1;
    std::uint64_t a = 0, b = 0, c = 0;
    if (operation == Operation::Add || operation == Operation::Subtract) {
      const int exponent = uniform(-100, 127);
      a = value(sign_a, exponent, random_significand());
      b = value(sign_b, exponent - uniform(25, 90), random_significand() >> uniform(0, 20));
    } else if (operation == Operation::FusedMultiplyAdd) {
      const int kind = uniform(0, 2);
      const int ea = uniform(-80, 60), eb = kind == 2 ? uniform(-140, -60) - ea : uniform(-60, 60);
      const std::uint64_t midpoint_factor = 0x800800;  // 1 + 2^-12
      a = value(sign_a, ea, kind == 0 ? midpoint_factor : random_significand());
      b = value(sign_b, eb, kind == 0 ? midpoint_factor : random_significand());
      c = value(sign_c, ea + eb - uniform(26, 110), random_significand());
    } else {
      a = value(sign_a, uniform(-149, 127), random_significand());
      b = value(sign_b, uniform(-149, 127), random_significand());
    }
    out.a.push_back(a);
    out.b.push_back(b);
    out.c.push_back(c);
  }
  return out;
}

void compare_all_operations(const Format& format, std::size_t count, std::size_t reference_count) {
  for (Operation operation : all_operations)
    compare_operation(format, operation, count, reference_count);
}

// Conversions of `values` from `from` into every format, every mode, every
// kernel set, against the scalar core (and MPFR on the first
// `reference_count` values).
void compare_conversions(const Format& from, const std::vector<std::uint64_t>& values,
                         std::size_t reference_count) {
  const std::uint64_t stochastic_seed = derive_seed(test_seed(), "arrays conversions");
  KernelChoice restore;
  for (ArrayKernels kernels : fpx::available_array_kernels()) {
    fpx::use_array_kernels(kernels);
    for (const Format* to : fpx::all_formats()) {
      for (Rounding mode : all_roundings) {
        const std::string label = std::string(from.name) + " to " + std::string(to->name) + " " +
                                  std::string(rounding_label(mode)) + " kernels " +
                                  std::string(fpx::array_kernels_name(kernels));
        Tally tally(label);
        std::vector<std::uint64_t> out(values.size());
        std::vector<Flags> flags(values.size());
        const Flags all = fpx::convert(
            from, *to, std::span<const std::uint64_t>(values), std::span<std::uint64_t>(out), mode,
            ArrayOptions{fpx::Tininess::AfterRounding, stochastic_seed, flags});
        Flags expected_all;
        for (std::size_t i = 0; i < values.size(); ++i) {
          fpx::StochasticSource source(fpx::element_seed(stochastic_seed, i));
          const Rounded expected = fpx::convert(from, *to, values[i], mode, {.random = &source});
          expected_all |= expected.flags;
          std::string difference = compare_rounded(*to, expected, Rounded{out[i], flags[i]});
          if (i < reference_count && difference.empty()) {
            fpx::StochasticSource reference_source(fpx::element_seed(stochastic_seed, i));
            difference = compare_rounded(
                *to,
                fpx::reference::convert(from, *to, values[i], mode, {.random = &reference_source}),
                Rounded{out[i], flags[i]});
            if (!difference.empty()) difference = "against MPFR: " + difference;
          }
          if (!difference.empty())
            difference = "value " + hex(from, values[i]) + "\n  " + difference;
          tally.record(difference);
        }
        CHECK(all == expected_all);
      }
    }
  }
}

std::vector<std::uint64_t> every_encoding(const Format& format) {
  std::vector<std::uint64_t> values(std::size_t{1} << format.width());
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = i;
  return values;
}

}  // namespace

TEST_CASE("arrays binary32 against the core and the reference") {
  compare_all_operations(fpx::binary32, 200000, 5000);
}
TEST_CASE("arrays binary32: results that rounding to binary64 first would get wrong") {
  for (Operation operation : {Operation::Add, Operation::Subtract, Operation::FusedMultiplyAdd,
                              Operation::Divide, Operation::Multiply})
    for (fpx::Tininess tininess : {fpx::Tininess::AfterRounding, fpx::Tininess::BeforeRounding})
      compare_operands(
          fpx::binary32, operation,
          double_rounding_operands(operation, 40000,
                                   derive_seed(test_seed(), "arrays double rounding",
                                               std::uint64_t(operation) * 2 +
                                                   (tininess == fpx::Tininess::BeforeRounding))),
          4000, tininess);
}
// The binary64 route's proof assumes binary64 arithmetic rounding to
// nearest even; with another direction set by the program, the kernels must
// still give the integer path's answers (they take the integer kernel then;
// the route itself, tried without that switch, also gave them on these
// operands, so this case guards the answers, not the switch).
TEST_CASE("arrays binary32 under every host rounding direction") {
  for (int direction : {FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO}) {
    CAPTURE(direction);
    REQUIRE(std::fesetround(direction) == 0);
    for (Operation operation :
         {Operation::Add, Operation::FusedMultiplyAdd, Operation::Divide, Operation::SquareRoot})
      compare_operands(fpx::binary32, operation,
                       double_rounding_operands(
                           operation, 4000,
                           derive_seed(test_seed(), "arrays host rounding",
                                       std::uint64_t(operation) * 8 + std::uint64_t(direction))),
                       400, fpx::Tininess::AfterRounding);
    std::fesetround(FE_TONEAREST);
  }
}
// 20103 elements: the last chunk of the kernels (256, 512 or 1024 lanes) is
// a partial one of whole 64-lane blocks and 7 lanes of another (lanes_set,
// which reads the mask 8 lanes at a time).
TEST_CASE("arrays binary32 tininess before rounding") {
  for (Operation operation : all_operations)
    compare_operation(fpx::binary32, operation, 20103, 2000, fpx::Tininess::BeforeRounding);
}
TEST_CASE("arrays binary64 against the core and the reference") {
  compare_all_operations(fpx::binary64, 50000, 2000);
}
TEST_CASE("arrays binary16 against the core and the reference") {
  compare_all_operations(fpx::binary16, 50000, 2000);
}
TEST_CASE("arrays bfloat16 against the core and the reference") {
  compare_all_operations(fpx::bfloat16, 50000, 2000);
}
TEST_CASE("arrays tf32 against the core and the reference") {
  compare_all_operations(fpx::tf32, 20000, 2000);
}
TEST_CASE("arrays fp8 formats against the core and the reference") {
  for (const Format* format :
       {&fpx::e4m3, &fpx::e5m2, &fpx::e4m3_saturating, &fpx::e5m2_saturating})
    compare_all_operations(*format, 20000, 2000);
}

TEST_CASE("arrays of every 16-bit encoding: square roots and conversions") {
  for (const Format* format : {&fpx::binary16, &fpx::bfloat16}) {
    const std::vector<std::uint64_t> all = every_encoding(*format);
    compare_conversions(*format, all, 4096);
    // Square roots of every encoding: the operands are the encodings.
    const Operands operands{all, all, all};
    KernelChoice restore;
    for (ArrayKernels kernels : fpx::available_array_kernels()) {
      fpx::use_array_kernels(kernels);
      for (Rounding mode : fpx::all_deterministic_roundings) {
        Tally tally(std::string(format->name) + " sqrt " + std::string(rounding_label(mode)) +
                    " kernels " + std::string(fpx::array_kernels_name(kernels)));
        std::vector<Flags> flags(all.size());
        Flags union_flags;
        const std::vector<std::uint64_t> out =
            run_array<std::uint16_t>(Operation::SquareRoot, *format, operands, mode,
                                     ArrayOptions{.element_flags = flags}, union_flags);
        for (std::size_t i = 0; i < all.size(); ++i) {
          const Rounded expected = fpx::square_root(*format, all[i], mode);
          std::string difference = compare_rounded(*format, expected, Rounded{out[i], flags[i]});
          if (!difference.empty())
            difference = "operand " + hex(*format, all[i]) + "\n  " + difference;
          tally.record(difference);
        }
      }
    }
  }
}

TEST_CASE("arrays of every 8-bit encoding and pair: conversions and operations") {
  for (const Format* format :
       {&fpx::e4m3, &fpx::e5m2, &fpx::e4m3_saturating, &fpx::e5m2_saturating}) {
    const std::vector<std::uint64_t> all = every_encoding(*format);
    compare_conversions(*format, all, all.size());
    // Every pair for the binary operations (and every pair times a random
    // addend for fma).
    Operands pairs;
    OperandGenerator generator(*format, derive_seed(test_seed(), "arrays 8-bit pairs"));
    for (std::uint64_t x : all)
      for (std::uint64_t y : all) {
        pairs.a.push_back(x);
        pairs.b.push_back(y);
        pairs.c.push_back(generator.random_pattern());
      }
    KernelChoice restore;
    for (ArrayKernels kernels : fpx::available_array_kernels()) {
      fpx::use_array_kernels(kernels);
      for (Operation operation : all_operations) {
        for (Rounding mode : fpx::all_deterministic_roundings) {
          Tally tally(std::string(format->name) + " every pair " +
                      std::string(operation_label(operation)) + " " +
                      std::string(rounding_label(mode)) + " kernels " +
                      std::string(fpx::array_kernels_name(kernels)));
          std::vector<Flags> flags(pairs.a.size());
          Flags union_flags;
          const std::vector<std::uint64_t> out = run_array<std::uint8_t>(
              operation, *format, pairs, mode, ArrayOptions{.element_flags = flags}, union_flags);
          for (std::size_t i = 0; i < out.size(); ++i) {
            const std::uint64_t x[3] = {pairs.a[i], pairs.b[i], pairs.c[i]};
            const Rounded expected = fpx::apply(operation, *format, x, mode);
            std::string difference = compare_rounded(*format, expected, Rounded{out[i], flags[i]});
            if (!difference.empty())
              difference = "operands " + hex(*format, x[0]) + " " + hex(*format, x[1]) + " " +
                           hex(*format, x[2]) + "\n  " + difference;
            tally.record(difference);
          }
        }
      }
    }
  }
}

TEST_CASE("arrays convert binary32 and binary64 values into every format") {
  for (const Format* from : {&fpx::binary32, &fpx::binary64}) {
    OperandGenerator generator(*from, derive_seed(test_seed(), "arrays wide conversions"));
    std::vector<std::uint64_t> values = special_values(*from);
    while (values.size() < 200000) {
      switch (generator.below(4)) {
        case 0: values.push_back(generator.random_pattern()); break;
        case 1: values.push_back(generator.moderate()); break;
        default:
          // Near the smaller formats' range edges and rounding boundaries.
          values.push_back(generator.with_exponent(generator.between(-160, 140), generator.coin()));
      }
    }
    compare_conversions(*from, values, 3000);
  }
}

namespace {

// binary32 values converted in the natural words of `to`, with element flags
// and without, against the scalar core: each element's bits and flags, and
// the union that the call returns.
template <typename Out>
void compare_narrowing(const Format& to, const std::vector<std::uint32_t>& values,
                       const std::string& what) {
  KernelChoice restore;
  for (ArrayKernels kernels : fpx::available_array_kernels()) {
    fpx::use_array_kernels(kernels);
    for (fpx::Tininess tininess : {fpx::Tininess::AfterRounding, fpx::Tininess::BeforeRounding})
      for (Rounding mode : fpx::all_deterministic_roundings) {
        const std::string label =
            "binary32 to " + std::string(to.name) + " " + what + " " +
            std::string(rounding_label(mode)) + " kernels " +
            std::string(fpx::array_kernels_name(kernels)) +
            (tininess == fpx::Tininess::BeforeRounding ? " tininess before" : "");
        Tally tally(label);
        std::vector<Out> with_flags(values.size()), without_flags(values.size());
        std::vector<Flags> flags(values.size());
        const std::span<const std::uint32_t> in(values);
        const Flags all_with = fpx::convert(fpx::binary32, to, in, std::span<Out>(with_flags), mode,
                                            ArrayOptions{tininess, 0, flags});
        const Flags all_without = fpx::convert(fpx::binary32, to, in, std::span<Out>(without_flags),
                                               mode, ArrayOptions{tininess, 0, {}});
        Flags expected_all;
        for (std::size_t i = 0; i < values.size(); ++i) {
          const Rounded expected =
              fpx::convert(fpx::binary32, to, values[i], mode, RoundingOptions{tininess});
          expected_all |= expected.flags;
          std::string difference = compare_rounded(to, expected, Rounded{with_flags[i], flags[i]});
          if (difference.empty() && without_flags[i] != expected.bits)
            difference = "without element flags: " + hex(to, without_flags[i]);
          if (!difference.empty())
            difference = "value " + hex(fpx::binary32, values[i]) + "\n  " + difference;
          tally.record(difference);
        }
        CHECK_MESSAGE(all_with.bits == expected_all.bits, label, ": with element flags");
        CHECK_MESSAGE(all_without.bits == expected_all.bits, label, ": without element flags");
      }
  }
}

// compare_narrowing in the narrowest words that hold `to`.
void compare_narrowing_in_natural_words(const Format& to, const std::vector<std::uint32_t>& values,
                                        const std::string& what) {
  if (to.width() <= 8)
    compare_narrowing<std::uint8_t>(to, values, what);
  else if (to.width() <= 16)
    compare_narrowing<std::uint16_t>(to, values, what);
  else
    compare_narrowing<std::uint32_t>(to, values, what);
}

}  // namespace

// The kernels answer a chunk whose values all lie in the target's normal
// range by a short loop, and without element flags take the chunk's flags
// from the union of its inputs (array_kernels.hpp), so these runs are long
// enough to hold such chunks: values in the normal range, with ties and
// values next to the largest finite one (overflow), then the same with one
// special or tiny value in every 300.
TEST_CASE("arrays convert runs of binary32 values in the target's normal range") {
  const std::uint64_t seed = derive_seed(test_seed(), "arrays plain conversions");
  for (const Format* to : fpx::all_formats()) {
    if (to->width() >= 32) continue;
    OperandGenerator generator(fpx::binary32, seed);
    const int cut = fpx::binary32.fraction_bits() - to->fraction_bits();
    const std::vector<std::uint64_t> specials = special_values(fpx::binary32);
    // Each run apart, so that the union of the plain chunks' flags is
    // checked on its own.
    for (int run = 0; run < 2; ++run) {
      std::vector<std::uint32_t> values;
      for (std::size_t i = 0; i < 6000; ++i) {
        std::uint32_t x = std::uint32_t(generator.with_exponent(
            generator.between(to->min_exponent(), to->max_exponent()), generator.coin()));
        switch (generator.below(8)) {
          case 0:  // a tie
            if (cut > 0)
              x = (x & ~((std::uint32_t(1) << cut) - 1)) | (std::uint32_t(1) << (cut - 1));
            break;
          case 1:  // the largest exponent, the fraction all ones from some bit up
            x = std::uint32_t(generator.with_exponent(to->max_exponent(), generator.coin())) |
                ((std::uint32_t(1) << 23) - (std::uint32_t(1) << generator.below(23)));
            break;
          default: break;
        }
        if (run == 1 && i % 300 == 299)
          x = generator.coin()
                  ? std::uint32_t(specials[generator.below(specials.size())])
                  : std::uint32_t(generator.with_exponent(
                        to->min_exponent() - generator.between(1, 30), generator.coin()));
        values.push_back(x);
      }
      INFO("seed ", seed);
      const std::string what = run == 0 ? "in range" : "with specials";
      compare_narrowing_in_natural_words(*to, values, what);
    }
  }
}

// Where the sign travels with the cut (bfloat16, tf32), the short loop
// takes a chunk to be plain when its results' magnitudes lie between the
// smallest normal, left out, and the largest finite value
// (plain_result_smallest in element_operations.hpp). Each value here has its
// top part at an edge of that range, an infinity or a NaN, and its bits
// below the cut at the rounding boundaries; it stands alone among exact
// plain values in the second chunk of its run, so the flags of the call are
// its own. Its place moves from one value to the next over the last 40 of
// the run, so that it takes every lane of a vector of 32 values and every
// place of the shorter rest in the AVX-512 run for bfloat16
// (bfloat16_narrowing_avx512.hpp): the first chunk (512 values) is plain,
// the second, 488 values, is one run (unless the value is plain), 15
// vectors and 8 values, and the last 40 values are its last vector (from
// 448 = 14 x 32) and its rest. A change of the length or of the kernel's
// chunk moves these places. A subnormal that rounds up to the smallest
// normal, with either tininess rule, is what the left-out smallest normal
// is for.
TEST_CASE("arrays narrow to formats of the same range with one value at the plain results' edges") {
  for (const Format* to : {&fpx::bfloat16, &fpx::tf32}) {
    const int cut = fpx::binary32.fraction_bits() - to->fraction_bits();
    const std::uint32_t half = std::uint32_t(1) << (cut - 1), all = (half << 1) - 1;
    const std::uint32_t smallest_normal = std::uint32_t(1) << to->fraction_bits();
    const std::uint32_t largest = std::uint32_t(to->max_finite_bits());
    const std::uint32_t infinity = std::uint32_t(to->infinity_bits());
    const std::uint32_t quiet = std::uint32_t(to->quiet_bit());
    const std::uint32_t tops[] = {0,
                                  1,
                                  smallest_normal - 1,
                                  smallest_normal,
                                  smallest_normal + 1,
                                  largest - 1,
                                  largest,
                                  infinity,
                                  infinity + 1,
                                  infinity | (quiet - 1),
                                  infinity | quiet,
                                  infinity | (2 * quiet - 1)};
    const std::uint32_t bottoms[] = {0,    1,        half / 2 - 1,   half / 2, half - 1,
                                     half, half + 1, all - half / 2, all};
    // An exact plain value: 1.5 in the target, widened.
    const std::uint32_t plain = (std::uint32_t(to->bias) << to->fraction_bits() |
                                 (std::uint32_t(1) << (to->fraction_bits() - 1)))
                                << cut;
    std::vector<std::uint32_t> run(1000, plain);
    std::size_t next = 0;
    for (std::uint32_t sign : {std::uint32_t{0}, std::uint32_t{1} << 31})
      for (std::uint32_t top : tops)
        for (std::uint32_t bottom : bottoms) {
          const std::size_t place = run.size() - 40 + next++ % 40;
          run[place] = sign | (top << cut) | bottom;
          compare_narrowing_in_natural_words(*to, run, "edge " + hex(fpx::binary32, run[place]));
          run[place] = plain;
        }
  }
}

// Values below each target's normal range are rounded in the vector lanes
// at the target's subnormal quantum, by a cut that varies with the exponent
// (element_operations.hpp), so these are dense there: every exponent from
// below half the smallest subnormal to just above the smallest normal, with
// ties at the cut of that exponent, fractions all ones above the cut (which
// round up into the next binade, and just below 2^emin decide tininess
// after rounding), and binary32 subnormals.
TEST_CASE("arrays convert binary32 values below the target's normal range") {
  const std::uint64_t seed = derive_seed(test_seed(), "arrays conversions below the range");
  for (const Format* to : fpx::all_formats()) {
    if (to->width() >= 32) continue;
    OperandGenerator generator(fpx::binary32, seed);
    std::vector<std::uint32_t> values;
    // Down to a cut past 31 bits, which the lanes cap at 31.
    const int lowest_exponent = to->min_exponent() - 32;
    for (int exponent = lowest_exponent; exponent <= to->min_exponent() + 1; ++exponent) {
      // A binary32 subnormal below 2^-126: its leading bit is bit
      // exponent + 149 of the encoding.
      const bool subnormal_input = exponent < fpx::binary32.min_exponent();
      if (subnormal_input && exponent + 149 < 0) continue;
      // The bit of the binary32 encoding's significand at the target's
      // last place: the quantum below 2^emin, else the fixed cut.
      const int place = subnormal_input ? to->min_quantum_exponent() + 149
                        : exponent < to->min_exponent()
                            ? to->min_quantum_exponent() - exponent + 23
                            : fpx::binary32.fraction_bits() - to->fraction_bits();
      for (int k = 0; k < 400; ++k) {
        std::uint32_t x = std::uint32_t(generator.with_exponent(exponent, generator.coin()));
        if (subnormal_input) {
          const int leading = exponent + 149;
          x = (x & 0x80000000u) | (std::uint32_t(1) << leading) |
              (std::uint32_t(generator.random_pattern()) & ((std::uint32_t(1) << leading) - 1));
        }
        const int top = subnormal_input ? exponent + 149 : 23;
        switch (generator.below(4)) {
          case 0:  // a tie: the round bit set and nothing below it
            if (place <= top)
              x = (x & ~((std::uint32_t(1) << place) - 1)) | (std::uint32_t(1) << (place - 1));
            else if (place == top + 1)  // half the target's last place: the leading bit alone
              x &= ~((std::uint32_t(1) << top) - 1);
            break;
          case 1:  // the fraction all ones from some bit up
            if (!subnormal_input)
              x |= (std::uint32_t(1) << 23) - (std::uint32_t(1) << generator.below(23));
            break;
          default: break;
        }
        values.push_back(x);
      }
    }
    for (int k = 0; k < 2000; ++k) {
      const std::uint32_t subnormal = std::uint32_t(generator.below(std::uint64_t(1) << 23));
      values.push_back(subnormal | (generator.coin() ? 0x80000000u : 0));
    }
    INFO("seed ", seed);
    compare_narrowing_in_natural_words(*to, values, "below the range");
  }
}

namespace {

// The narrowing kernel's element functions, compiled here without vector
// instructions, so that a processor without AVX-512 (whose kernels do not
// use them) tests them too: convert_narrowing32 and, for bfloat16 and
// tf32, convert_same_range32_joined with one element's parts turned into
// flags, against the scalar core, with tininess after and before rounding.
template <const Format& To, Rounding M>
void compare_narrowing_elements(const std::vector<std::uint32_t>& values) {
  Tally tally("elements binary32 to " + std::string(To.name) + " " +
              std::string(rounding_label(M)));
  for (fpx::Tininess tininess : {fpx::Tininess::AfterRounding, fpx::Tininess::BeforeRounding}) {
    const std::uint32_t before = tininess == fpx::Tininess::BeforeRounding ? ~std::uint32_t{0} : 0;
    for (std::uint32_t x : values) {
      const Rounded expected = fpx::convert(fpx::binary32, To, x, M, RoundingOptions{tininess});
      const fpx::detail::Rounded32 r =
          fpx::detail::convert_narrowing32<fpx::binary32, To, M>(x, before);
      std::string difference =
          compare_rounded(To, expected, Rounded{r.bits, Flags{std::uint8_t(r.flags)}});
      if constexpr (fpx::detail::sign_travels_with_cut<fpx::binary32, To>) {
        const fpx::detail::SameRangeElement e =
            fpx::detail::convert_same_range32_joined<fpx::binary32, To, M>(x, before);
        const std::uint32_t flags = fpx::detail::same_range_flags<fpx::binary32, To>(
            e.inexact_or_signaling, e.tiny_below_cut, e.finite_kept);
        if (difference.empty() && (e.bits != expected.bits || flags != expected.flags.bits))
          difference = "joined: " + describe(To, Rounded{e.bits, Flags{std::uint8_t(flags)}}) +
                       ", expected " + describe(To, expected);
      }
      if (!difference.empty())
        difference = "value " + hex(fpx::binary32, x) +
                     (tininess == fpx::Tininess::BeforeRounding ? " tininess before" : "") +
                     "\n  " + difference;
      tally.record(difference);
    }
  }
}

template <const Format& To>
void compare_narrowing_elements_in_every_mode(const std::vector<std::uint32_t>& values) {
  compare_narrowing_elements<To, Rounding::NearestEven>(values);
  compare_narrowing_elements<To, Rounding::NearestAway>(values);
  compare_narrowing_elements<To, Rounding::TowardZero>(values);
  compare_narrowing_elements<To, Rounding::TowardPositive>(values);
  compare_narrowing_elements<To, Rounding::TowardNegative>(values);
  compare_narrowing_elements<To, Rounding::ToOdd>(values);
}

}  // namespace

// Every binary32 exponent field, both signs, with the fractions at which
// some cut decides: zero, one, all ones, and at each bit a tie, just below
// and above it, and all ones from it up; and random fractions.
TEST_CASE("arrays: the narrowing kernel's element functions on every exponent") {
  const std::uint64_t seed = derive_seed(test_seed(), "arrays narrowing elements");
  OperandGenerator generator(fpx::binary32, seed);
  std::vector<std::uint32_t> fractions = {0, 1, 2, 0x7FFFFF, 0x7FFFFE};
  for (int bit = 0; bit < 23; ++bit) {
    const std::uint32_t tie = std::uint32_t(1) << bit;
    fractions.insert(fractions.end(), {tie, tie - 1 + (bit == 0), tie + 1, 0x7FFFFF & ~(tie - 1),
                                       (0x7FFFFF & ~(2 * tie - 1)) | tie});
  }
  for (int k = 0; k < 64; ++k)
    fractions.push_back(std::uint32_t(generator.random_pattern()) & 0x7FFFFF);
  std::vector<std::uint32_t> values;
  for (std::uint32_t field = 0; field < 256; ++field)
    for (std::uint32_t sign : {0u, 0x80000000u})
      for (std::uint32_t fraction : fractions) values.push_back(sign | (field << 23) | fraction);
  INFO("seed ", seed);
  compare_narrowing_elements_in_every_mode<fpx::binary16>(values);
  compare_narrowing_elements_in_every_mode<fpx::bfloat16>(values);
  compare_narrowing_elements_in_every_mode<fpx::tf32>(values);
  compare_narrowing_elements_in_every_mode<fpx::e5m2>(values);
  compare_narrowing_elements_in_every_mode<fpx::e4m3>(values);
  compare_narrowing_elements_in_every_mode<fpx::e5m2_saturating>(values);
  compare_narrowing_elements_in_every_mode<fpx::e4m3_saturating>(values);
}

// After a chunk that is not plain, the narrowing kernel takes the general
// loop for the next chunks and tries the short loop again only on every
// 16th: a run with a NaN and a tiny value in its first chunk and plain
// values after it, long enough to pass through both loops, and the same
// with the special values in the last chunk. Which loop answers a chunk
// does not show in the results; this checks that both answer alike, and
// the union of flags across chunks answered by different loops.
TEST_CASE("arrays convert long runs whose special values are at one end") {
  const std::uint64_t seed = derive_seed(test_seed(), "arrays conversions one end special");
  for (const Format* to : fpx::all_formats()) {
    if (to->width() >= 32) continue;
    OperandGenerator generator(fpx::binary32, seed);
    std::vector<std::uint32_t> values;
    for (std::size_t i = 0; i < 40 * 512; ++i)
      values.push_back(std::uint32_t(generator.with_exponent(
          generator.between(to->min_exponent(), to->max_exponent()), generator.coin())));
    for (bool at_end : {false, true}) {
      std::vector<std::uint32_t> run = values;
      const std::size_t base = at_end ? run.size() - 512 : 0;
      run[base + 7] = 0x7FA00000;  // a signaling NaN: invalid
      run[base + 300] = std::uint32_t(generator.with_exponent(
          to->min_exponent() - 3, generator.coin()));  // tiny, inexact but for a few
      run[base + 301] = 0x00000001;                    // the smallest binary32 subnormal: underflow
      INFO("seed ", seed);
      const std::string what = at_end ? "special at the end" : "special at the start";
      compare_narrowing_in_natural_words(*to, run, what);
    }
  }
}

TEST_CASE("arrays: words of every width, in place, element flags optional") {
  const std::vector<std::uint32_t> a = {0x3F800000, 0x7F7FFFFF, 0x00000001, 0x7FC00000};
  const std::vector<std::uint32_t> b = {0x33800000, 0x7F7FFFFF, 0x80000001, 0x3F800000};
  std::vector<std::uint32_t> sum(4);
  const Flags all =
      fpx::add(fpx::binary32, std::span<const std::uint32_t>(a), std::span<const std::uint32_t>(b),
               std::span<std::uint32_t>(sum), Rounding::NearestEven);
  CHECK(sum == std::vector<std::uint32_t>{0x3F800000, 0x7F800000, 0x00000000, 0x7FC00000});
  CHECK(all == Flags{Flags::inexact | Flags::overflow});
  // In place, in 64-bit words.
  std::vector<std::uint64_t> x(a.begin(), a.end());
  const std::vector<std::uint64_t> y(b.begin(), b.end());
  std::vector<Flags> flags(4);
  fpx::add(fpx::binary32, std::span<const std::uint64_t>(x), std::span<const std::uint64_t>(y),
           std::span<std::uint64_t>(x), Rounding::NearestEven,
           ArrayOptions{.element_flags = flags});
  CHECK(x == std::vector<std::uint64_t>{0x3F800000, 0x7F800000, 0x00000000, 0x7FC00000});
  CHECK(flags == std::vector<Flags>{Flags{Flags::inexact}, Flags{Flags::overflow | Flags::inexact},
                                    Flags{}, Flags{}});
  // binary32 to bfloat16 in 16-bit words.
  std::vector<std::uint16_t> narrow(4);
  fpx::convert(fpx::binary32, fpx::bfloat16, std::span<const std::uint32_t>(a),
               std::span<std::uint16_t>(narrow), Rounding::TowardZero);
  CHECK(narrow == std::vector<std::uint16_t>{0x3F80, 0x7F7F, 0x0000, 0x7FC0});
}

// In place in the kernels' own words, out being each input in turn, so
// that no buffer of the array engine stands between the kernel and the
// caller's array: the binary32 kernels write their results into the array
// that holds operands they would read again, were the chunk not copied
// first, for the lanes answered after the main loop (special values,
// results outside the normal range). 2,500 operand
// sets from the core's generator: two whole chunks of 1024 and a partial
// one.
TEST_CASE("arrays binary32 in place in 32-bit words, with and without element flags") {
  const std::uint64_t seed = test_seed();
  const std::string seed_text = hex(fpx::binary64, seed);
  CAPTURE(seed_text);
  KernelChoice restore;
  for (ArrayKernels kernels : fpx::available_array_kernels()) {
    fpx::use_array_kernels(kernels);
    for (Operation operation : all_operations) {
      const Operands operands =
          make_operands(fpx::binary32, operation, 2500,
                        derive_seed(seed, "arrays in place", std::uint64_t(operation)));
      const int arity = operand_count(operation);
      for (Rounding mode : all_roundings) {
        for (int overwritten = 0; overwritten < arity; ++overwritten) {
          for (bool with_flags : {false, true}) {
            const std::string label = std::string(operation_label(operation)) + " " +
                                      std::string(rounding_label(mode)) + " over input " +
                                      std::to_string(overwritten) +
                                      (with_flags ? " with element flags" : "") + " kernels " +
                                      std::string(fpx::array_kernels_name(kernels));
            Tally tally(label);
            std::vector<std::uint32_t> words[3] = {
                std::vector<std::uint32_t>(operands.a.begin(), operands.a.end()),
                std::vector<std::uint32_t>(operands.b.begin(), operands.b.end()),
                std::vector<std::uint32_t>(operands.c.begin(), operands.c.end())};
            std::vector<Flags> element_flags(with_flags ? words[0].size() : 0);
            const std::uint64_t stochastic_seed = derive_seed(seed, "arrays in place stochastic");
            const ArrayOptions options{fpx::Tininess::AfterRounding, stochastic_seed,
                                       element_flags};
            const Flags all = fpx::apply(
                operation, fpx::binary32, std::span<const std::uint32_t>(words[0]),
                std::span<const std::uint32_t>(words[1]), std::span<const std::uint32_t>(words[2]),
                std::span<std::uint32_t>(words[overwritten]), mode, options);
            Flags expected_all;
            for (std::size_t i = 0; i < words[0].size(); ++i) {
              const std::uint64_t x[3] = {operands.a[i], operands.b[i], operands.c[i]};
              fpx::StochasticSource source(fpx::element_seed(stochastic_seed, i));
              const Rounded expected =
                  fpx::apply(operation, fpx::binary32, x, mode, RoundingOptions{.random = &source});
              expected_all |= expected.flags;
              const Rounded got{words[overwritten][i],
                                with_flags ? element_flags[i] : expected.flags};
              std::string difference = compare_rounded(fpx::binary32, expected, got);
              if (!difference.empty())
                difference = "element " + std::to_string(i) + " operands " +
                             hex(fpx::binary32, x[0]) + " " + hex(fpx::binary32, x[1]) + " " +
                             hex(fpx::binary32, x[2]) + "\n  " + difference;
              tally.record(difference);
            }
            CHECK(all == expected_all);
          }
        }
      }
    }
  }
}

// An empty span of element flags asks for none, also when its data pointer
// is not null (a span of length 0 into a buffer): nothing is written there.
TEST_CASE("arrays: an empty element-flag span over a buffer asks for no flags") {
  const Operands operands = make_operands(fpx::binary32, Operation::Add, 2500,
                                          derive_seed(test_seed(), "arrays empty flag span"));
  const std::vector<std::uint32_t> a(operands.a.begin(), operands.a.end());
  const std::vector<std::uint32_t> b(operands.b.begin(), operands.b.end());
  KernelChoice restore;
  for (ArrayKernels kernels : fpx::available_array_kernels()) {
    fpx::use_array_kernels(kernels);
    CAPTURE(std::string(fpx::array_kernels_name(kernels)));
    std::vector<Flags> buffer(a.size(), Flags{Flags::invalid});
    std::vector<std::uint32_t> sum(a.size());
    const Flags all = fpx::add(fpx::binary32, std::span<const std::uint32_t>(a),
                               std::span<const std::uint32_t>(b), std::span<std::uint32_t>(sum),
                               Rounding::NearestEven,
                               ArrayOptions{.element_flags = std::span<Flags>(buffer.data(), 0)});
    Flags expected_all;
    std::size_t wrong_sums = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const Rounded expected = fpx::add<fpx::binary32>(a[i], b[i], Rounding::NearestEven);
      expected_all |= expected.flags;
      wrong_sums += sum[i] != expected.bits;
    }
    CHECK(wrong_sums == 0);
    CHECK(all == expected_all);
    CHECK(std::count(buffer.begin(), buffer.end(), Flags{Flags::invalid}) ==
          std::ptrdiff_t(buffer.size()));
  }
}

TEST_CASE("arrays reject lengths that differ and words too narrow") {
  const std::vector<std::uint32_t> three(3), four(4);
  std::vector<std::uint32_t> out(4);
  CHECK_THROWS_AS(fpx::add(fpx::binary32, std::span<const std::uint32_t>(three),
                           std::span<const std::uint32_t>(four), std::span<std::uint32_t>(out),
                           Rounding::NearestEven),
                  std::invalid_argument);
  std::vector<Flags> flags(3);
  CHECK_THROWS_AS(fpx::add(fpx::binary32, std::span<const std::uint32_t>(four),
                           std::span<const std::uint32_t>(four), std::span<std::uint32_t>(out),
                           Rounding::NearestEven, ArrayOptions{.element_flags = flags}),
                  std::invalid_argument);
  const std::vector<std::uint16_t> narrow(4);
  std::vector<std::uint16_t> narrow_out(4);
  CHECK_THROWS_AS(fpx::multiply(fpx::binary32, std::span<const std::uint16_t>(narrow),
                                std::span<const std::uint16_t>(narrow),
                                std::span<std::uint16_t>(narrow_out), Rounding::NearestEven),
                  std::invalid_argument);
  CHECK_THROWS_AS(fpx::use_array_kernels(ArrayKernels(200)), std::invalid_argument);
}

TEST_CASE("arrays: stochastic rounding depends on the seed and the index only") {
  // 1 + 2^-25 rounds up with probability 1/4; element i decides from the
  // first draw of StochasticSource(element_seed(seed, i)), whichever way the
  // array is split.
  const std::size_t n = 10000;
  const std::vector<std::uint32_t> ones(n, 0x3F800000), small(n, 0x33000000);
  std::vector<std::uint32_t> whole(n), halves(n);
  const std::uint64_t seed = 12345;
  fpx::add(fpx::binary32, std::span<const std::uint32_t>(ones),
           std::span<const std::uint32_t>(small), std::span<std::uint32_t>(whole),
           Rounding::Stochastic, ArrayOptions{.seed = seed});
  const std::size_t half = n / 2;
  fpx::add(fpx::binary32, std::span<const std::uint32_t>(ones).first(half),
           std::span<const std::uint32_t>(small).first(half),
           std::span<std::uint32_t>(halves).first(half), Rounding::Stochastic,
           ArrayOptions{.seed = seed});
  fpx::add(fpx::binary32, std::span<const std::uint32_t>(ones).subspan(half),
           std::span<const std::uint32_t>(small).subspan(half),
           std::span<std::uint32_t>(halves).subspan(half), Rounding::Stochastic,
           ArrayOptions{.seed = fpx::element_seed(seed, half)});
  CHECK(whole == halves);
  std::size_t up = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t u = fpx::StochasticSource(fpx::element_seed(seed, i)).next_bits();
    CHECK(whole[i] == (u < (1u << 30) ? 0x3F800001u : 0x3F800000u));
    up += whole[i] == 0x3F800001u;
  }
  // The k-th draw of one source is the first draw of the k-th element's.
  fpx::StochasticSource one(seed);
  for (std::size_t k = 0; k < 100; ++k)
    CHECK(one.next_bits() == fpx::StochasticSource(fpx::element_seed(seed, k)).next_bits());
  // Within five standard deviations of n / 4.
  CHECK(up > n / 4 - 5 * 44);
  CHECK(up < n / 4 + 5 * 44);
}

TEST_CASE("arrays: the divide reciprocal is within 2^-28 for every binary32 significand") {
  // |2^55 / b - r| < 2^-28 * 2^55 / b, which keeps the quotient estimate
  // within one of floor(x 2^26 / b): every b in [2^23, 2^24).
  long outside = 0;
  for (std::uint64_t b = std::uint64_t{1} << 23; b < (std::uint64_t{1} << 24); ++b) {
    const std::uint64_t r = fpx::detail::reciprocal_estimate(b);
    const fpx::UInt128 product = fpx::UInt128(r) * b;
    const fpx::UInt128 exact = fpx::UInt128(1) << 55;
    const fpx::UInt128 error = product > exact ? product - exact : exact - product;
    outside += error >= (exact >> 28);
  }
  CHECK(outside == 0);
}

TEST_CASE("arrays: the integer square root is exact for every binary32 significand") {
  long wrong = 0;
  for (std::uint64_t x = std::uint64_t{1} << 23; x < (std::uint64_t{1} << 24); ++x) {
    for (int odd = 0; odd < 2; ++odd) {
      const std::uint64_t m = x << (27 + odd);
      const auto [s, remainder] = fpx::detail::integer_square_root_52(m);
      wrong += !(s * s <= m && (s + 1) * (s + 1) > m && remainder == m - s * s);
    }
  }
  CHECK(wrong == 0);
}

// sqrt(m 4^k) = sqrt(m) 2^k: a binary32 root's rounding depends only on the
// significand and the parity of the exponent (its result is never
// subnormal), so the operands in [1, 4), every encoding of two binades, give
// every rounding case of the normal operands; with them every seventh
// subnormal. Each kernel set (the binary64 route of the vector kernels
// included) against the scalar core, in every deterministic mode, bits and
// element flags.
TEST_CASE("arrays binary32 square roots of every operand from 1 up to 4 and of subnormals") {
  std::vector<std::uint32_t> operands;
  for (std::uint32_t bits = 0x3F800000; bits < 0x40800000; ++bits) operands.push_back(bits);
  for (std::uint32_t bits = 1; bits < 0x00800000; bits += 7) operands.push_back(bits);
  REQUIRE(operands.size() == 16777216 + 1198373);
  KernelChoice restore;
  for (Rounding mode : fpx::all_deterministic_roundings) {
    // The core's answers as 32-bit words and flags (5 bytes an element, not
    // a Rounded's 16: the test holds 18 million at once).
    std::vector<std::uint32_t> expected_bits(operands.size());
    std::vector<Flags> expected_flags(operands.size());
    Flags expected_all;
    for (std::size_t i = 0; i < operands.size(); ++i) {
      const Rounded expected = fpx::square_root<binary32>(operands[i], mode);
      expected_bits[i] = std::uint32_t(expected.bits);
      expected_flags[i] = expected.flags;
      expected_all |= expected.flags;
    }
    for (ArrayKernels kernels : fpx::available_array_kernels()) {
      fpx::use_array_kernels(kernels);
      const std::string label = std::string(rounding_label(mode)) + " kernels " +
                                std::string(fpx::array_kernels_name(kernels));
      std::vector<std::uint32_t> out(operands.size());
      std::vector<Flags> flags(operands.size());
      const Flags all = fpx::square_root(binary32, std::span<const std::uint32_t>(operands),
                                         std::span<std::uint32_t>(out), mode,
                                         ArrayOptions{.element_flags = flags});
      long mismatches = 0;
      for (std::size_t i = 0; i < operands.size(); ++i) {
        if (expected_bits[i] == out[i] && expected_flags[i] == flags[i]) continue;
        if (++mismatches <= 3)
          FAIL_CHECK(label << ": sqrt " << hex(binary32, operands[i]) << " gives "
                           << hex(binary32, out[i]) << " flags " << int(flags[i].bits)
                           << ", the core "
                           << describe(binary32, Rounded{expected_bits[i], expected_flags[i]}));
      }
      CHECK_MESSAGE(mismatches == 0, label << ": " << mismatches << " mismatches");
      CHECK(all == expected_all);
    }
  }
}

TEST_CASE("arrays: every kernel set this processor has is available") {
  const auto kernels = fpx::available_array_kernels();
  REQUIRE(!kernels.empty());
  CHECK(kernels.front() == ArrayKernels::Portable);
  CHECK(fpx::array_kernels() == kernels.back());
  CHECK(fpx::array_kernels_name(ArrayKernels::Avx512) == "avx512");
}
