// The integer core against the MPFR reference on seeded random operands:
// every operation, every rounding mode (stochastic included), bits and flags.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <exception>
#include <string>
#include <utility>

#include "fpx/core/operations.hpp"
#include "fpx/reference/mpfr_reference.hpp"
#include "operand_generator.hpp"

namespace {

using fpx::Format;
using fpx::Operation;
using fpx::Rounded;
using fpx::Rounding;
using fpx::RoundingOptions;
using namespace fpx::testing;

// The core through its named run-time entry points.
Rounded core_named(Operation operation, const Format& format, const std::uint64_t* x, Rounding mode,
                   const RoundingOptions& options) {
  switch (operation) {
    case Operation::Add: return fpx::add(format, x[0], x[1], mode, options);
    case Operation::Subtract: return fpx::subtract(format, x[0], x[1], mode, options);
    case Operation::Multiply: return fpx::multiply(format, x[0], x[1], mode, options);
    case Operation::Divide: return fpx::divide(format, x[0], x[1], mode, options);
    case Operation::SquareRoot: return fpx::square_root(format, x[0], mode, options);
    case Operation::FusedMultiplyAdd:
      return fpx::fused_multiply_add(format, x[0], x[1], x[2], mode, options);
  }
  return {};
}

std::string operands_text(const Format& format, Operation operation, const std::uint64_t* x) {
  std::string text;
  for (int i = 0; i < operand_count(operation); ++i) text += " " + hex(format, x[i]);
  return text;
}

// One comparison: the reference, the named core function and fpx::apply, each
// with its own StochasticSource of the same seed. Returns an empty string when
// all agree (and drew the same number of random words), else the details.
std::string compare_once(Operation operation, const Format& format, const std::uint64_t* x,
                         Rounding mode, fpx::Tininess tininess, std::uint64_t stochastic_seed) {
  fpx::StochasticSource reference_source(stochastic_seed);
  fpx::StochasticSource named_source(stochastic_seed);
  fpx::StochasticSource apply_source(stochastic_seed);
  const RoundingOptions reference_options{tininess, &reference_source};
  const RoundingOptions named_options{tininess, &named_source};
  const RoundingOptions apply_options{tininess, &apply_source};
  const Rounded expected = fpx::reference::compute(operation, format, x, mode, reference_options);
  Rounded named;
  Rounded applied;
  try {
    named = core_named(operation, format, x, mode, named_options);
    applied = fpx::apply(operation, format, x, mode, apply_options);
  } catch (const std::exception& error) {
    return std::string("core threw: ") + error.what();
  }
  // Lockstep: after the operation the three sources must be at the same place.
  const std::uint32_t reference_next = reference_source.next_bits();
  const bool same_draws =
      named_source.next_bits() == reference_next && apply_source.next_bits() == reference_next;
  if (named == expected && applied == expected && same_draws) return {};
  std::string text = "reference " + describe(format, expected) + "\n  core      " +
                     describe(format, named) + "\n  apply     " + describe(format, applied);
  if (!same_draws) text += "\n  (the core drew a different number of random words)";
  return text;
}

// Compares every operation in every rounding mode on `count` operand sets
// per operation (the same operand sets for all modes).
void compare_format(const Format& format, int count,
                    fpx::Tininess tininess = fpx::Tininess::AfterRounding) {
  const std::uint64_t seed = test_seed();
  const std::string seed_text = hex(fpx::binary64, seed);
  CAPTURE(seed_text);
  const std::string format_name(format.name);
  CAPTURE(format_name);
  const bool before = tininess == fpx::Tininess::BeforeRounding;
  CAPTURE(before);
  for (Operation operation : all_operations) {
    const std::string_view op = operation_label(operation);
    CAPTURE(op);
    OperandGenerator generator(
        format, derive_seed(seed, format.name, std::uint64_t(operation) * 2 + before));
    long mismatches[std::size(all_roundings)] = {};
    for (int i = 0; i < count; ++i) {
      std::uint64_t operands[3] = {};
      generator.fill(operation, operands);
      const std::uint64_t stochastic_seed = generator.next();
      for (std::size_t m = 0; m < std::size(all_roundings); ++m) {
        const Rounding mode = all_roundings[m];
        const std::string difference =
            compare_once(operation, format, operands, mode, tininess, stochastic_seed);
        if (difference.empty()) continue;
        if (++mismatches[m] == 1) {
          const std::string_view mode_name = rounding_label(mode);
          CAPTURE(mode_name);
          FAIL_CHECK(format.name << " " << op << " " << mode_name << " operands"
                                 << operands_text(format, operation, operands)
                                 << " (stochastic seed " << stochastic_seed << ", case " << i
                                 << ")\n  " << difference);
        }
      }
    }
    for (std::size_t m = 0; m < std::size(all_roundings); ++m) {
      const std::string_view mode_name = rounding_label(all_roundings[m]);
      CAPTURE(mode_name);
      CHECK_MESSAGE(mismatches[m] == 0, mismatches[m] << " mismatches in " << count << " cases");
    }
  }
}

}  // namespace

TEST_CASE("operations binary32 against the reference") { compare_format(fpx::binary32, 200000); }
TEST_CASE("operations binary16 against the reference") { compare_format(fpx::binary16, 50000); }
TEST_CASE("operations bfloat16 against the reference") { compare_format(fpx::bfloat16, 50000); }
TEST_CASE("operations e4m3 against the reference") { compare_format(fpx::e4m3, 50000); }
TEST_CASE("operations e5m2 against the reference") { compare_format(fpx::e5m2, 50000); }
TEST_CASE("operations binary64 against the reference") { compare_format(fpx::binary64, 50000); }
TEST_CASE("operations tf32 against the reference") { compare_format(fpx::tf32, 20000); }
TEST_CASE("operations e4m3 saturating against the reference") {
  compare_format(fpx::e4m3_saturating, 20000);
}
TEST_CASE("operations e5m2 saturating against the reference") {
  compare_format(fpx::e5m2_saturating, 20000);
}
TEST_CASE("operations binary32 tininess before rounding against the reference") {
  compare_format(fpx::binary32, 20000, fpx::Tininess::BeforeRounding);
}

TEST_CASE("operations of the custom and MX formats against the reference") {
  // Seeded operand sets (ties, subnormals, the overflow edge, cancellation,
  // specials) for every operation in every mode, on the formats spelled
  // eXmY and the OCP MX formats, which take the run-time path of the core.
  const char* spellings[] = {"e2m1",        "e2m3",   "e3m2",     "e8m0",      "e4m3fnuz",
                             "e5m2fnuz",    "e5m2fn", "e3m4",     "e3m4sat",   "e6m9",
                             "e1m6fn",      "e7m0fn", "e2m1ieee", "e4m3fnb10", "e5m2fin",
                             "e4m3fnuzsat", "e5m10",  "e8m23fn",  "e11m52fnuz"};
  for (const char* spelling : spellings) {
    const Format* format = fpx::find_format(spelling);
    const std::string spelled(spelling);
    CAPTURE(spelled);
    REQUIRE(format != nullptr);
    compare_format(*format, 4000);
  }
}

TEST_CASE("operations of every pair of encodings of the 4- and 6-bit MX formats") {
  // Exhaustive: every pair (add, subtract, multiply, divide) in every
  // deterministic mode; the fused multiply-add on every triple of E2M1.
  for (const char* spelling : {"e2m1", "e2m3", "e3m2"}) {
    const Format& format = *fpx::find_format(spelling);
    const std::string spelled(spelling);
    CAPTURE(spelled);
    const std::uint64_t patterns = std::uint64_t{1} << format.width();
    long cases = 0, mismatches = 0;
    for (Operation operation : {Operation::Add, Operation::Subtract, Operation::Multiply,
                                Operation::Divide, Operation::FusedMultiplyAdd}) {
      const bool three = operation == Operation::FusedMultiplyAdd;
      if (three && format.width() > 4) continue;
      for (std::uint64_t a = 0; a < patterns; ++a)
        for (std::uint64_t b = 0; b < patterns; ++b)
          for (std::uint64_t c = 0; c < (three ? patterns : 1); ++c)
            for (Rounding mode : fpx::all_deterministic_roundings) {
              const std::uint64_t operands[3] = {a, b, c};
              ++cases;
              const std::string difference =
                  compare_once(operation, format, operands, mode, fpx::Tininess::AfterRounding, 1);
              if (difference.empty()) continue;
              if (++mismatches <= 3)
                FAIL_CHECK(operation_label(operation)
                           << " " << rounding_label(mode)
                           << operands_text(format, operation, operands) << "\n  " << difference);
            }
    }
    CHECK_MESSAGE(mismatches == 0, mismatches << " mismatches in " << cases << " cases");
  }
}

TEST_CASE("operations of every pair of encodings of e5m2 against the reference") {
  // Exhaustive over the 8-bit formats with IEEE special values, which take
  // the operations' answers from the encodings (NaN, infinities, zeros, exact
  // subnormal sums, certain overflow and underflow of products and quotients,
  // subnormal operands of a division whose quotient is normal) as well as the
  // normal paths: every pair for add, subtract, multiply and divide, and for
  // the fused multiply-add every pair with each of seven addends (both zeros,
  // the smallest subnormal, the largest negative subnormal, the lowest finite
  // value, infinity and a quiet NaN), in every deterministic mode and both
  // tininess rules.
  for (const Format* format : {&fpx::e5m2, &fpx::e5m2_saturating}) {
    const std::string format_name(format->name);
    CAPTURE(format_name);
    const std::uint64_t sign = format->sign_mask();
    const std::uint64_t addends[] = {0,
                                     sign,
                                     1,
                                     sign | format->fraction_mask(),
                                     sign | format->max_finite_bits(),
                                     format->infinity_bits(),
                                     format->default_nan_bits()};
    long cases = 0, mismatches = 0;
    for (Operation operation : {Operation::Add, Operation::Subtract, Operation::Multiply,
                                Operation::Divide, Operation::FusedMultiplyAdd}) {
      const bool three = operation == Operation::FusedMultiplyAdd;
      for (std::uint64_t a = 0; a < 256; ++a)
        for (std::uint64_t b = 0; b < 256; ++b)
          for (std::size_t k = 0; k < (three ? std::size(addends) : 1); ++k)
            for (Rounding mode : fpx::all_deterministic_roundings)
              for (fpx::Tininess tininess :
                   {fpx::Tininess::AfterRounding, fpx::Tininess::BeforeRounding}) {
                const std::uint64_t operands[3] = {a, b, three ? addends[k] : 0};
                ++cases;
                const std::string difference =
                    compare_once(operation, *format, operands, mode, tininess, 1);
                if (difference.empty()) continue;
                if (++mismatches <= 3)
                  FAIL_CHECK(operation_label(operation)
                             << " " << rounding_label(mode)
                             << operands_text(*format, operation, operands) << "\n  "
                             << difference);
              }
    }
    CHECK(cases == 65536L * (4 + 7) * 6 * 2);
    CHECK_MESSAGE(mismatches == 0, mismatches << " mismatches in " << cases << " cases");
  }
}

TEST_CASE("square roots of every 16-bit and 8-bit encoding against the reference") {
  // Exhaustive for the operation with one operand: the square root answers
  // NaN, zeros, negative operands, infinity and the subnormals (whose roots
  // are normal) from the encoding before the general path, and the normal
  // operands on its normal path. Every mode, stochastic rounding included.
  for (const Format* format : {&fpx::binary16, &fpx::bfloat16, &fpx::e5m2, &fpx::e4m3,
                               &fpx::e5m2_saturating, &fpx::e4m3_saturating}) {
    const std::string format_name(format->name);
    CAPTURE(format_name);
    const std::uint64_t encodings = std::uint64_t{1} << format->width();
    long cases = 0, mismatches = 0;
    for (std::uint64_t a = 0; a < encodings; ++a)
      for (Rounding mode : all_roundings) {
        const std::uint64_t operands[3] = {a, 0, 0};
        ++cases;
        const std::string difference = compare_once(Operation::SquareRoot, *format, operands, mode,
                                                    fpx::Tininess::AfterRounding, a + 1);
        if (difference.empty()) continue;
        if (++mismatches <= 3)
          FAIL_CHECK("sqrt " << rounding_label(mode) << " operand " << hex(*format, a) << "\n  "
                             << difference);
      }
    CHECK(cases == long(encodings) * long(std::size(all_roundings)));
    CHECK_MESSAGE(mismatches == 0, mismatches << " mismatches in " << cases << " cases");
  }
}

TEST_CASE("binary32 divisions and square roots of subnormal operands against the reference") {
  // The subnormal paths of division and square root at p = 24, where a
  // subnormal's leading one may lie at any of the 23 fraction bits and the
  // normal operand's at bit 23 needs no shift: a subnormal over a normal
  // value, a normal value over a subnormal, two subnormals, and the root of
  // a subnormal, with the normal exponents spread over the whole range so
  // that the quotients reach overflow, the subnormal range and both edges
  // between. Every mode (stochastic included) and both tininess rules.
  const Format& format = fpx::binary32;
  const std::uint64_t seed = test_seed();
  const std::string seed_text = hex(fpx::binary64, seed);
  CAPTURE(seed_text);
  OperandGenerator generator(format, derive_seed(seed, "subnormal quotients and roots"));
  const auto subnormal = [&] {
    const int leading = generator.between(0, 22);
    const std::uint64_t below = (std::uint64_t{1} << leading) - 1;
    const std::uint64_t pattern = generator.below(4);
    const std::uint64_t low = pattern == 0 ? 0 : pattern == 1 ? below : generator.next() & below;
    return (generator.coin() ? format.sign_mask() : 0) | (std::uint64_t{1} << leading) | low;
  };
  const auto normal = [&] {
    const std::uint64_t field = std::uint64_t(generator.between(1, 254));
    return (generator.coin() ? format.sign_mask() : 0) | field << format.fraction_bits() |
           (generator.next() & format.fraction_mask());
  };
  constexpr int count = 20000;
  long cases = 0, mismatches = 0;
  for (int i = 0; i < count; ++i) {
    const std::uint64_t s = subnormal(), t = subnormal(), n = normal();
    const std::uint64_t stochastic_seed = generator.next();
    const std::array<std::pair<Operation, std::array<std::uint64_t, 3>>, 4> checks = {{
        {Operation::Divide, {s, n, 0}},
        {Operation::Divide, {n, s, 0}},
        {Operation::Divide, {s, t, 0}},
        {Operation::SquareRoot, {s & ~format.sign_mask(), 0, 0}},
    }};
    for (const auto& [operation, operands] : checks)
      for (Rounding mode : all_roundings)
        for (fpx::Tininess tininess :
             {fpx::Tininess::AfterRounding, fpx::Tininess::BeforeRounding}) {
          ++cases;
          const std::string difference =
              compare_once(operation, format, operands.data(), mode, tininess, stochastic_seed);
          if (difference.empty()) continue;
          if (++mismatches <= 3)
            FAIL_CHECK(operation_label(operation)
                       << " " << rounding_label(mode)
                       << operands_text(format, operation, operands.data()) << " (case " << i
                       << ")\n  " << difference);
        }
  }
  CHECK(cases == long(count) * 4 * long(std::size(all_roundings)) * 2);
  CHECK_MESSAGE(mismatches == 0, mismatches << " mismatches in " << cases << " cases");
}

TEST_CASE("operations special values of every format against the reference") {
  // Every pair (and for fma every triple) of special values, every mode.
  for (const Format* format : fpx::all_formats()) {
    const std::string format_name(format->name);
    CAPTURE(format_name);
    const auto specials = special_values(*format);
    long mismatches = 0;
    for (Operation operation : all_operations) {
      const int arity = operand_count(operation);
      const std::size_t n = specials.size();
      const std::size_t combinations = arity == 1 ? n : arity == 2 ? n * n : n * n * n;
      for (std::size_t index = 0; index < combinations; ++index) {
        const std::uint64_t operands[3] = {specials[index % n], specials[(index / n) % n],
                                           specials[(index / n / n) % n]};
        for (Rounding mode : all_roundings) {
          const std::string difference =
              compare_once(operation, *format, operands, mode, fpx::Tininess::AfterRounding, index);
          if (difference.empty()) continue;
          if (++mismatches <= 3)
            FAIL_CHECK(format->name << " " << operation_label(operation) << " "
                                    << rounding_label(mode) << " operands"
                                    << operands_text(*format, operation, operands) << "\n  "
                                    << difference);
        }
      }
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE(
    "operations add a normal operand and a smaller one at every distance around the lossless "
    "shift") {
  // The scalar normal path of add replaces, for precisions up to 30, a
  // smaller operand more than 62 - precision binades below the larger one by
  // that operand shifted by exactly 62 - precision (element_operations.hpp).
  // Each pair here has the larger magnitude x at exponent 0 (and at the top
  // binade) and y a distance below it, with significands at the edges (one,
  // one ulp above it, one and a half, all ones) and in between, both signs,
  // subtracted as well as added, in every deterministic mode; the distances
  // run through the ties (near the precision), the last lossless shift and
  // far beyond it down to the smallest normal. binary16's exponent range
  // (29 binades) ends below its lossless shift (51), so there it checks the
  // exact shifts only. The normal path also takes a subnormal or zero y
  // (the exponent of field 1, no hidden bit), so y is also put below the
  // normal range (field 0, the same fractions, 0 giving zeros), with x at
  // distances 0-2, p-1 to p+1 and the lossless shift +-1 above the smallest
  // normal, at exponent 0 and at the top: 11 exponents of x, 8 for binary16.
  const std::uint64_t seed = test_seed();
  const std::string seed_text = hex(fpx::binary64, seed);
  CAPTURE(seed_text);
  // The cases each format gives: 8 x 8 significands, 4 signs, 2 operations,
  // 2 orders, 6 modes per pair of exponents (binary16's range is narrower),
  // 6144 cases for each exponent of x beside a y below the normal range.
  const std::pair<const Format*, long> formats[] = {{&fpx::binary32, 368640 + 11 * 6144},
                                                    {&fpx::bfloat16, 368640 + 11 * 6144},
                                                    {&fpx::binary16, 147456 + 8 * 6144},
                                                    {&fpx::tf32, 368640 + 11 * 6144}};
  for (const auto& [format, expected_cases] : formats) {
    const Format& f = *format;
    const std::string format_name(f.name);
    CAPTURE(format_name);
    const int p = f.precision, lossless = 62 - p;
    const std::uint64_t one = std::uint64_t{1} << f.fraction_bits();
    OperandGenerator generator(f, derive_seed(seed, f.name, 77));
    std::uint64_t fractions[8] = {0, 1, one >> 1, one - 1, (one >> 1) + 1, (one >> 1) - 1, 0, 0};
    fractions[6] = generator.next() & (one - 1);
    fractions[7] = generator.next() & (one - 1);
    const int max_distance = f.max_exponent() - f.min_exponent();
    long cases = 0, mismatches = 0;
    // Pairs of exponents (of x, of y); y's field is 0 when its exponent is
    // below the smallest normal's.
    std::vector<std::pair<int, int>> exponents;
    for (int top : {0, f.max_exponent()}) {
      for (int distance = 0; distance <= max_distance; ++distance) {
        const bool interesting = distance <= 3 || std::abs(distance - p) <= 3 ||
                                 std::abs(distance - lossless) <= 4 || distance % 17 == 0 ||
                                 distance == max_distance;
        if (interesting && top - distance >= f.min_exponent())
          exponents.push_back({top, top - distance});
      }
    }
    std::vector<int> above_subnormals = {0, f.max_exponent()};
    for (int distance : {0, 1, 2, p - 1, p, p + 1, lossless - 1, lossless, lossless + 1})
      if (f.min_exponent() + distance <= f.max_exponent())
        above_subnormals.push_back(f.min_exponent() + distance);
    for (int top : above_subnormals) exponents.push_back({top, f.min_exponent() - 1});
    for (const auto& [top, low] : exponents) {
      for (std::uint64_t x_fraction : fractions)
        for (std::uint64_t y_fraction : fractions)
          for (int signs = 0; signs < 4; ++signs) {
            const std::uint64_t x = (std::uint64_t(signs & 1) << (f.width() - 1)) |
                                    (std::uint64_t(top + f.bias) << f.fraction_bits()) | x_fraction;
            const std::uint64_t y = (std::uint64_t(signs >> 1) << (f.width() - 1)) |
                                    (std::uint64_t(low + f.bias) << f.fraction_bits()) | y_fraction;
            for (Operation operation : {Operation::Add, Operation::Subtract})
              for (const auto& operands :
                   {std::array{x, y, std::uint64_t{0}}, std::array{y, x, std::uint64_t{0}}})
                for (Rounding mode : fpx::all_deterministic_roundings) {
                  ++cases;
                  const std::string difference = compare_once(operation, f, operands.data(), mode,
                                                              fpx::Tininess::AfterRounding, 1);
                  if (difference.empty()) continue;
                  if (++mismatches <= 3)
                    FAIL_CHECK(operation_label(operation)
                               << " " << rounding_label(mode)
                               << operands_text(f, operation, operands.data()) << "\n  "
                               << difference);
                }
          }
    }
    CHECK(cases == expected_cases);
    CHECK_MESSAGE(mismatches == 0, mismatches << " mismatches in " << cases << " cases");
  }
}

TEST_CASE("operations stochastic rounding frequencies") {
  // Exact values with a known discarded fraction t: the number of round-ups
  // in N trials must be within 5 standard deviations of t * N.
  struct Case {
    std::string name;
    Operation operation;
    std::uint64_t a, b;
    std::uint64_t down, up;
    double t;
  };
  const Case cases[] = {
      {"1 + 2^-25 (t = 1/4)", Operation::Add, 0x3F800000, 0x33000000, 0x3F800000, 0x3F800001, 0.25},
      {"1 + 2^-26 (t = 1/8)", Operation::Add, 0x3F800000, 0x32800000, 0x3F800000, 0x3F800001,
       0.125},
      {"1 + 3 * 2^-25 (t = 3/4)", Operation::Add, 0x3F800000, 0x33C00000, 0x3F800000, 0x3F800001,
       0.75},
      {"-1 - 2^-25 (t = 1/4)", Operation::Subtract, 0xBF800000, 0x33000000, 0xBF800000, 0xBF800001,
       0.25},
      {"1 / 3 (t = 2/3)", Operation::Divide, 0x3F800000, 0x40400000, 0x3EAAAAAA, 0x3EAAAAAB,
       2.0 / 3.0},
  };
  constexpr int trials = 100000;
  for (const Case& c : cases) {
    CAPTURE(c.name);
    fpx::StochasticSource core_source(0xC0FFEE);
    fpx::StochasticSource reference_source(0xC0FFEE);
    int core_up = 0;
    int reference_up = 0;
    int others = 0;
    const std::uint64_t operands[] = {c.a, c.b};
    for (int i = 0; i < trials; ++i) {
      const Rounded core = fpx::apply(c.operation, fpx::binary32, operands, Rounding::Stochastic,
                                      {.random = &core_source});
      const Rounded reference =
          fpx::reference::compute(c.operation, fpx::binary32, operands, Rounding::Stochastic,
                                  {.random = &reference_source});
      core_up += core.bits == c.up;
      reference_up += reference.bits == c.up;
      others +=
          (core.bits != c.up && core.bits != c.down) || core.flags.bits != fpx::Flags::inexact;
    }
    const double expected = c.t * trials;
    const double deviation = std::sqrt(trials * c.t * (1 - c.t));
    MESSAGE(c.name << ": " << core_up << " round-ups in " << trials << " trials, expected "
                   << expected << " +- " << deviation);
    CHECK(others == 0);
    CHECK(core_up == reference_up);
    CHECK(std::abs(core_up - expected) <= 5 * deviation);
  }
}
