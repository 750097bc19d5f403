// Tests of the summation strategies (include/fpx/summation/).
//
// Hand-computed cases pin bits and flags; u below is 2^-24, so that 1 + u is
// a tie in binary32 that rounds to 1 (even), 1 + 2u = 0x3F800001 and
// 1 + 3u is a tie that rounds to 1 + 4u = 0x3F800002. Random cases check the
// a-priori bounds exactly with rationals (the exact sum from
// ExactAccumulator::value) and replay serial and stochastic sums on the MPFR
// reference.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/reference/mpfr_reference.hpp"
#include "fpx/summation/error_bound.hpp"
#include "fpx/summation/exact_accumulator.hpp"
#include "fpx/summation/strategy.hpp"
#include "fpx/summation/summation.hpp"

namespace {

using fpx::Flags;
using fpx::Rational;
using fpx::Rounded;
using fpx::Rounding;
using fpx::Strategy;
using fpx::StrategyKind;
using fpx::SummationOptions;

constexpr std::uint8_t inexact = Flags::inexact;

Strategy strategy(const char* name) {
  const auto parsed = fpx::parse_strategy(name);
  REQUIRE(parsed.has_value());
  return *parsed;
}

SummationOptions options_for(const fpx::Format& input, const fpx::Format* accumulator = nullptr,
                             Rounding mode = Rounding::NearestEven) {
  SummationOptions options;
  options.input_format = &input;
  options.accumulator_format = accumulator;
  options.rounding = mode;
  return options;
}

Rounded sum_of(const char* name, const std::vector<std::uint64_t>& terms,
               const SummationOptions& options = {}) {
  return fpx::sum(strategy(name), terms, options);
}

Rounded dot_of(const char* name, const std::vector<std::uint64_t>& a,
               const std::vector<std::uint64_t>& b, const SummationOptions& options = {}) {
  return fpx::dot(strategy(name), a, b, options);
}

std::uint64_t parse(const fpx::Format& format, const char* text) {
  return fpx::parse_number(format, text, Rounding::NearestEven).bits;
}

void check(const Rounded& got, std::uint64_t bits, std::uint8_t flags) {
  CHECK(got.bits == bits);
  CHECK(int(got.flags.bits) == int(flags));
}

// The value of an encoding as a rational (finite only).
Rational value_of(const fpx::Format& format, std::uint64_t bits) {
  bool negative = false;
  fpx::BigInteger significand;
  int exponent = 0;
  REQUIRE(fpx::exact_value(format, bits, negative, significand, exponent));
  Rational out = exponent >= 0 ? Rational(significand << exponent)
                               : Rational(significand, fpx::BigInteger(1) << -exponent);
  return negative ? -out : out;
}

Rational value_of(const fpx::ExactNumber& number) {
  REQUIRE(number.kind == fpx::ExactNumber::Kind::Finite);
  Rational out(number.numerator, number.denominator);
  if (number.binary_exponent >= 0)
    out *= Rational(fpx::BigInteger(1) << number.binary_exponent);
  else
    out /= Rational(fpx::BigInteger(1) << -number.binary_exponent);
  return number.negative ? -out : out;
}

// Random finite values with exponents in [low, high] and random signs
// (or positive only).
std::vector<std::uint64_t> random_values(std::mt19937_64& random, const fpx::Format& format,
                                         std::size_t n, int low, int high, bool positive) {
  std::uniform_int_distribution<int> exponent(low, high);
  std::vector<std::uint64_t> out(n);
  for (auto& x : out) {
    const std::uint64_t fraction = random() & format.fraction_mask();
    const std::uint64_t field = std::uint64_t(exponent(random) + format.bias);
    const std::uint64_t sign = !positive && (random() & 1) ? format.sign_mask() : 0;
    x = sign | (field << format.fraction_bits()) | fraction;
  }
  return out;
}

std::uint64_t fnv(std::uint64_t hash, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) {
    hash ^= (value >> (8 * i)) & 0xFF;
    hash *= 0x100000001B3ull;
  }
  return hash;
}

constexpr std::uint64_t u32 = 0x33800000;  // 2^-24 in binary32
constexpr std::uint64_t one32 = 0x3F800000;

}  // namespace

TEST_CASE("summation whitepaper dot product in binary32") {
  const SummationOptions options = options_for(fpx::binary32);
  SUBCASE("decimal inputs") {
    std::vector<std::uint64_t> a, b;
    for (const char* text : {"1.907607", "-0.7862027", "1.147311", "0.9604002"})
      a.push_back(parse(fpx::binary32, text));
    for (const char* text : {"-0.9355000", "-0.6915108", "1.724470", "-0.7097529"})
      b.push_back(parse(fpx::binary32, text));
    check(dot_of("serial", a, b, options), 0x3D6533F0, inexact);
    check(dot_of("fma", a, b, options), 0x3D6533F6, inexact);
    check(dot_of("pairwise", a, b, options), 0x3D6533E0, inexact);
  }
  SUBCASE("bit patterns") {
    const std::vector<std::uint64_t> a = {0x3FF42C76, 0xBF494494, 0x3F92DB19, 0x3F75DCC9};
    const std::vector<std::uint64_t> b = {0xBF6F7CEE, 0xBF3106DA, 0x3FDCBB70, 0xBF35B25D};
    check(dot_of("serial", a, b, options), 0x3D653510, inexact);
    check(dot_of("fma", a, b, options), 0x3D653501, inexact);
    check(dot_of("pairwise", a, b, options), 0x3D653500, inexact);
    check(dot_of("exact", a, b, options), 0x3D653501, inexact);
    // Dot2 is correctly rounded here too (its bound is u |s| + gamma(4)^2 S).
    check(dot_of("dot2", a, b, options), 0x3D653501, inexact);
  }
}

TEST_CASE("summation of ones where serial stagnates") {
  SUBCASE("2^25 ones in binary32") {
    // Serial reaches 2^24, where 2^24 + 1 is a tie that rounds back to 2^24
    // (even): it stays there. Pairwise adds equal partial sums, all exact.
    const std::vector<std::uint64_t> ones(std::size_t{1} << 25, one32);
    check(sum_of("serial", ones), 0x4B800000, inexact);
    check(sum_of("pairwise", ones), 0x4C000000, 0);
    check(sum_of("exact", ones), 0x4C000000, 0);
  }
  SUBCASE("4096 ones in binary16, every strategy") {
    // The same at 2^11 = 2048 (0x6800); 4096 = 0x6C00. Kahan: at s = 2048 the
    // lost 1 is carried in e and the next step adds 2 exactly (and beyond
    // 2048 the odd steps round up or down by one, the even ones repair it);
    // Neumaier, Klein, Sum2 collect the 2048 lost ones exactly in the
    // correction; blocks of 256, lanes of 128 and pairwise halves are exact.
    const auto options = options_for(fpx::binary16);
    const std::vector<std::uint64_t> ones(4096, 0x3C00);
    check(sum_of("serial", ones, options), 0x6800, inexact);
    check(sum_of("sorted", ones, options), 0x6800, inexact);
    check(sum_of("pairwise", ones, options), 0x6C00, 0);
    check(sum_of("pairwise:16", ones, options), 0x6C00, 0);
    check(sum_of("numpy", ones, options), 0x6C00, 0);
    check(sum_of("strided", ones, options), 0x6C00, 0);
    check(sum_of("blocked", ones, options), 0x6C00, 0);
    check(sum_of("kahan", ones, options), 0x6C00, inexact);
    check(sum_of("neumaier", ones, options), 0x6C00, inexact);
    check(sum_of("klein", ones, options), 0x6C00, inexact);
    check(sum_of("sum2", ones, options), 0x6C00, inexact);
    check(sum_of("exact", ones, options), 0x6C00, 0);
    // Blocks of 4096 are one serial sum.
    check(sum_of("blocked:4096", ones, options), 0x6800, inexact);
  }
}

TEST_CASE("summation cancellation where kahan fails and neumaier succeeds") {
  SUBCASE("binary64: 1, 1e100, 1, -1e100") {
    // Kahan: the first 1 is lost (its correction (1 - 1e100) + 1e100 is 0),
    // the second is carried in e and then lost in -1e100 + 1. Neumaier
    // takes each error from the larger operand: c = 2.
    const auto options = options_for(fpx::binary64);
    const std::uint64_t big = parse(fpx::binary64, "1e100");
    const std::uint64_t one = 0x3FF0000000000000;
    const std::vector<std::uint64_t> x = {one, big, one, big ^ fpx::binary64.sign_mask()};
    check(sum_of("kahan", x, options), 0, inexact);
    check(sum_of("serial", x, options), 0, inexact);
    check(sum_of("neumaier", x, options), 0x4000000000000000, inexact);
    check(sum_of("klein", x, options), 0x4000000000000000, inexact);
    check(sum_of("sum2", x, options), 0x4000000000000000, inexact);
    check(sum_of("exact", x, options), 0x4000000000000000, 0);
  }
  SUBCASE("binary32: 1, 2^30, 1, -2^30") {
    // The same by hand: 1 - 2^30 rounds to -2^30 (the spacing below 2^30 is
    // 64), so Kahan's first correction is 0; s = 2^30 + 1 rounds to 2^30,
    // e = 1; then y = -2^30 + 1 rounds to -2^30 and s = 0, e = 0.
    const std::vector<std::uint64_t> x = {one32, 0x4E800000, one32, 0xCE800000};
    check(sum_of("kahan", x), 0, inexact);
    check(sum_of("neumaier", x), 0x40000000, inexact);
    check(sum_of("sorted", x), 0, inexact);  // 1 + 1 + 2^30 - 2^30
    check(sum_of("exact", x), 0x40000000, 0);
  }
}

TEST_CASE("summation hand-computed small cases for every strategy") {
  SUBCASE("1 and four times 2^-24 in binary32") {
    // Exact: 1 + 4u = 0x3F800002.
    const std::vector<std::uint64_t> x = {one32, u32, u32, u32, u32};
    check(sum_of("serial", x), one32, inexact);   // each 1 + u ties to 1
    check(sum_of("numpy", x), one32, inexact);    // n < 8: serial from -0
    check(sum_of("blocked", x), one32, inexact);  // one block
    check(sum_of("pairwise", x), 0x3F800002,
          inexact);                                  // (1 + u) + (u + (u + u)) = 1 + 3u -> 1 + 4u
    check(sum_of("pairwise:8", x), one32, inexact);  // one leaf
    check(sum_of("blocked:2", x), 0x3F800002, inexact);  // 1, 2u, u: 1 + 2u + u -> 1 + 4u
    check(sum_of("strided:2", x), 0x3F800001, inexact);  // lanes 1 and 2u
    check(sum_of("kahan", x), 0x3F800002, inexact);
    check(sum_of("neumaier", x), 0x3F800002, inexact);  // c = 4u
    check(sum_of("klein", x), 0x3F800002, inexact);
    check(sum_of("sum2", x), 0x3F800002, inexact);
    check(sum_of("sorted", x), 0x3F800002, 0);  // 4u + 1: every addition exact
    check(sum_of("exact", x), 0x3F800002, 0);
  }
  SUBCASE("numpy and pairwise differ on 16 terms") {
    // x0 = 1, x8 = x9 = u, the rest +0. numpy: r0 = x0 + x8 = 1 + u -> 1,
    // r1 = x1 + x9 = u, r0 + r1 = 1 + u -> 1: 0x3F800000, inexact.
    // pairwise: the right half sums to 2u exactly, 1 + 2u is exact.
    std::vector<std::uint64_t> x(16, 0);
    x[0] = one32;
    x[8] = x[9] = u32;
    check(sum_of("numpy", x), one32, inexact);
    check(sum_of("pairwise", x), 0x3F800001, 0);
    check(sum_of("exact", x), 0x3F800001, 0);
    check(sum_of("serial", x), one32, inexact);
    check(sum_of("strided:8", x), one32, inexact);  // lane 0: 1 + u -> 1
  }
  SUBCASE("strided:3 and blocked:4 on 10 terms") {
    // x = u, 1, u, u, u, u, u, u, u, u (exact 1 + 9u).
    // strided:3: lanes {0,3,6,9} = 4u, {1,4,7} = 1 (each 1 + u ties to 1),
    // {2,5,8} = 3u; pairwise: lane0 + (lane1 + lane2) = 4u + (1 + 3u -> 1 + 4u)
    // = 1 + 8u = 0x3F800004.
    // blocked:4: blocks u + 1 + u + u -> 1, 4u, 2u; 1 + 4u + 2u = 1 + 6u =
    // 0x3F800003.
    std::vector<std::uint64_t> x(10, u32);
    x[1] = one32;
    check(sum_of("strided:3", x), 0x3F800004, inexact);
    check(sum_of("blocked:4", x), 0x3F800003, inexact);
    check(sum_of("serial", x), one32, inexact);
    check(sum_of("exact", x), 0x3F800004, inexact);  // 1 + 9u -> 1 + 8u
    // The same with exact rationals: strided = 1 + 8u, blocked = 1 + 6u.
    const Rational u(1, 1 << 24);
    CHECK(value_of(fpx::binary32, sum_of("strided:3", x).bits) == 1 + 8 * u);
    CHECK(value_of(fpx::binary32, sum_of("blocked:4", x).bits) == 1 + 6 * u);
  }
  SUBCASE("dot products") {
    // a = (1, u, u), b = (1, 1, 1) in binary32: products exact.
    const std::vector<std::uint64_t> a = {one32, u32, u32};
    const std::vector<std::uint64_t> b = {one32, one32, one32};
    check(dot_of("serial", a, b), one32, inexact);
    check(dot_of("fma", a, b), one32, inexact);
    check(dot_of("sorted", a, b), 0x3F800001, 0);    // u + u + 1
    check(dot_of("pairwise", a, b), 0x3F800001, 0);  // 1 + (u + u)
    check(dot_of("neumaier", a, b), 0x3F800001, inexact);
    check(dot_of("dot2", a, b), 0x3F800001, inexact);
    check(dot_of("exact", a, b), 0x3F800001, 0);
    // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24: the product rounds to 1 + 2^-11
    // (a tie, even), and -(1 + 2^-11) + that is 0 by serial; fma adds the
    // exact product to t = -(1 + 2^-11): 2^-24 exactly; Dot2 carries the
    // product's error 2^-24 (found by fma) in s.
    const std::uint64_t c = 0x3F800800;  // 1 + 2^-12
    const std::vector<std::uint64_t> p = {0xBF801000, c};
    const std::vector<std::uint64_t> q = {one32, c};
    check(dot_of("serial", p, q), 0, inexact);
    check(dot_of("fma", p, q), u32, 0);
    check(dot_of("dot2", p, q), u32, inexact);
    // In the other order fma rounds the product first, as serial does.
    check(dot_of("fma", {c, 0xBF801000}, {c, one32}), 0, inexact);
    check(dot_of("exact", p, q), u32, 0);
    // Products in binary64 are exact, but converted to a binary32
    // accumulator they round as before; a binary64 accumulator keeps them.
    auto wide = options_for(fpx::binary32);
    wide.product_format = &fpx::binary64;
    check(dot_of("serial", p, q, wide), 0, inexact);
    check(dot_of("serial", p, q, options_for(fpx::binary32, &fpx::binary64)), 0x3E70000000000000,
          0);
  }
  SUBCASE("input conversion into a narrower accumulator raises its flags") {
    // 1 + 2^-12 in binary32 into binary16: rounds to 1 (inexact).
    const auto options = options_for(fpx::binary32, &fpx::binary16);
    check(sum_of("serial", {0x3F800800, one32}, options), 0x4000, inexact);
    check(sum_of("exact", {0x3F800800, one32}, options), 0x4000, inexact);
    // The other way, exact: binary16 terms into binary32.
    const auto wide = options_for(fpx::binary16, &fpx::binary32);
    check(sum_of("serial", {0x3C00, 0x1400}, wide), 0x3F802000, 0);  // 1 + 2^-10
  }
  SUBCASE("empty and single inputs") {
    for (const auto& s : fpx::all_strategies(false)) {
      CAPTURE(s.name());
      check(fpx::sum(s, {}, {}), 0, 0);
      check(fpx::sum(s, std::vector<std::uint64_t>{0x40400000}, {}), 0x40400000, 0);
    }
    for (const auto& s : fpx::all_strategies(true)) {
      CAPTURE(s.name(true));
      check(fpx::dot(s, {}, {}, {}), 0, 0);
    }
    // Toward negative, an exact zero sum is -0.
    const auto down = options_for(fpx::binary32, nullptr, Rounding::TowardNegative);
    check(sum_of("serial", {one32, 0xBF800000}, down), 0x80000000, 0);
    check(sum_of("exact", {one32, 0xBF800000}, down), 0x80000000, 0);
  }
  SUBCASE("directed rounding") {
    // Toward +inf, each 1 + u rounds up to 1 + 2u.
    const auto up = options_for(fpx::binary32, nullptr, Rounding::TowardPositive);
    const std::vector<std::uint64_t> x = {one32, u32, u32, u32, u32};
    check(sum_of("serial", x, up), 0x3F800004, inexact);  // four steps up by 2u
    check(sum_of("exact", x, up), 0x3F800002, 0);
  }
  SUBCASE("special values") {
    const std::vector<std::uint64_t> x = {one32, 0x7F800000, 0xFF800000};
    for (const auto& s : fpx::all_strategies(false)) {
      CAPTURE(s.name());
      const Rounded r = fpx::sum(s, x, {});
      CHECK(r.bits == 0x7FC00000);
      CHECK(r.flags.has(Flags::invalid));
    }
    check(sum_of("serial", {0x7F7FFFFF, 0x7F7FFFFF}), 0x7F800000, Flags::overflow | inexact);
  }
  SUBCASE("the fma strategy is for dot products only") {
    CHECK_THROWS_AS(sum_of("fma", {one32}), std::invalid_argument);
    auto stream = fpx::make_streaming_summation(strategy("fma"), {});
    REQUIRE(stream != nullptr);
    CHECK_THROWS_AS(stream->add(one32), std::invalid_argument);
    CHECK_THROWS_AS(dot_of("serial", {one32}, {}), std::invalid_argument);
  }
}

TEST_CASE("summation strategy names and parsing") {
  const char* names[] = {"serial",      "fma",        "pairwise", "numpy", "strided:32",
                         "blocked:256", "kahan",      "neumaier", "klein", "sum2",
                         "sorted",      "stochastic", "exact"};
  const auto all = fpx::all_strategies(true);
  REQUIRE(all.size() == 13);
  for (std::size_t i = 0; i < all.size(); ++i) {
    CHECK(all[i].name() == names[i]);
    const auto parsed = fpx::parse_strategy(all[i].name());
    REQUIRE(parsed.has_value());
    CHECK(parsed->kind == all[i].kind);
  }
  CHECK(fpx::all_strategies(false).size() == 12);
  CHECK(Strategy{StrategyKind::Sum2, 0}.name(true) == "dot2");
  CHECK(fpx::parse_strategy("dot2") == Strategy{StrategyKind::Sum2, 0});
  CHECK(fpx::parse_strategy("pairwise:16") == Strategy{StrategyKind::Pairwise, 16});
  CHECK(Strategy{StrategyKind::Pairwise, 16}.name() == "pairwise:16");
  CHECK(fpx::parse_strategy("strided:3") == Strategy{StrategyKind::Strided, 3});
  CHECK(fpx::parse_strategy("blocked") == Strategy{StrategyKind::Blocked, 0});
  for (const char* bad : {"", "strided:0", "blocked:x", "pairwise:-1", "pairwise:", "serial:2",
                          "kahan:1", "blocked:+4", "nonsense", "strided:99999999999"})
    CHECK_MESSAGE(!fpx::parse_strategy(bad).has_value(), bad);
  // Names are case-insensitive.
  CHECK(fpx::parse_strategy("Serial") == Strategy{StrategyKind::Serial, 0});
  CHECK(fpx::parse_strategy("MMA:H100") == fpx::parse_strategy("mma:h100"));
  CHECK(fpx::needs_whole_vector(strategy("pairwise")));
  CHECK(fpx::needs_whole_vector(strategy("numpy")));
  CHECK(fpx::needs_whole_vector(strategy("sorted")));
  CHECK(!fpx::needs_whole_vector(strategy("strided")));
  for (const auto& s : all)
    CHECK((fpx::make_streaming_summation(s, {}) == nullptr) == fpx::needs_whole_vector(s));
}

TEST_CASE("summation error bounds in closed form") {
  const SummationOptions options = options_for(fpx::binary32);
  const Rational u(1, 1 << 24);
  auto gamma = [&](int k, Rational unit) { return k * unit / (1 - k * unit); };
  // Serial, n = 3: gamma(2) = 2u / (1 - 2u) = 1 / (2^23 - 1).
  auto b = fpx::error_bound(strategy("serial"), 3, false, options);
  CHECK(b.absolute == Rational(1, (1 << 23) - 1));
  CHECK(b.relative == 0);
  CHECK(!b.source.empty());
  CHECK(!b.formula.empty());
  CHECK(fpx::error_bound(strategy("serial"), 3, true, options).absolute == gamma(3, u));
  CHECK(fpx::error_bound(strategy("fma"), 3, true, options).absolute == gamma(3, u));
  CHECK(fpx::error_bound(strategy("pairwise"), 1000, false, options).absolute == gamma(10, u));
  CHECK(fpx::error_bound(strategy("pairwise"), 1000, true, options).absolute == gamma(11, u));
  CHECK(fpx::error_bound(strategy("pairwise:16"), 1000, false, options).absolute ==
        gamma(15 + 6, u));
  CHECK(fpx::error_bound(strategy("strided:32"), 1000, false, options).absolute ==
        gamma(31 + 5, u));
  CHECK(fpx::error_bound(strategy("blocked:256"), 1000, false, options).absolute ==
        gamma(255 + 3, u));
  // numpy, n = 1000: halves 496 and 504, then 248/248 and 248/256, then
  // 120/128 and 128/128: k(120) = 14 + 3 = 17, k(128) = 15 + 3 = 18,
  // k(248) = k(256) = 19, k(496) = k(504) = 20, k(1000) = 21.
  CHECK(fpx::error_bound(strategy("numpy"), 1000, false, options).absolute == gamma(21, u));
  CHECK(fpx::error_bound(strategy("numpy"), 13, false, options).absolute == gamma(1 + 2 + 5, u));
  b = fpx::error_bound(strategy("sum2"), 100, false, options);
  CHECK(b.relative == u);
  CHECK(b.absolute == gamma(99, u) * gamma(99, u));
  b = fpx::error_bound(strategy("dot2"), 100, true, options);
  CHECK(b.absolute == gamma(100, u) * gamma(100, u));
  b = fpx::error_bound(strategy("neumaier"), 100, false, options);
  CHECK(b.relative == u);
  CHECK(b.absolute == (1 + u) * gamma(99, u) * gamma(100, u));
  CHECK(fpx::error_bound(strategy("kahan"), 100, false, options).absolute == 7 * u + 2000 * u * u);
  b = fpx::error_bound(strategy("exact"), 100, true, options);
  CHECK(b.relative == u);
  CHECK(b.absolute == 0);
  // Directed modes and stochastic rounding double u.
  const auto down = options_for(fpx::binary32, nullptr, Rounding::TowardNegative);
  CHECK(fpx::error_bound(strategy("serial"), 3, false, down).absolute == gamma(2, 2 * u));
  CHECK(fpx::error_bound(strategy("exact"), 3, false, down).relative == 2 * u);
  CHECK(fpx::error_bound(strategy("stochastic"), 3, false, options).absolute == gamma(2, 2 * u));
  // No bound known: Sum2 in a directed mode (marked by -1).
  CHECK(fpx::error_bound(strategy("sum2"), 3, false, down).absolute == -1);
  // Products rounded in binary32 and once more into binary16; inputs
  // rounded from binary32 into binary16.
  const auto narrow = options_for(fpx::binary32, &fpx::binary16);
  const Rational h(1, 1 << 11);
  CHECK(fpx::error_bound(strategy("serial"), 3, false, narrow).absolute == gamma(3, h));
  auto mixed = narrow;
  mixed.product_format = &fpx::binary32;
  CHECK(fpx::error_bound(strategy("serial"), 3, true, mixed).absolute == gamma(2 + 2, h));
  // bfloat16 products are exact in binary32.
  const auto bf = options_for(fpx::bfloat16, &fpx::binary32);
  CHECK(fpx::error_bound(strategy("serial"), 3, true, bf).absolute == gamma(2, u));
  // k u >= 1: gamma(k) does not exist, and no bound is given (the valid
  // ones, like (1+u)^k - 1, say nothing about a sum that stalls).
  const auto stalled = fpx::error_bound(strategy("serial"), 4097, false, options_for(fpx::binary16));
  CHECK_FALSE(stalled.has_bound());
  CHECK(stalled.formula.find("k u >= 1") != std::string::npos);
}

TEST_CASE("summation streaming equals batch") {
  const std::uint64_t seed = 20240611;
  CAPTURE(seed);
  std::mt19937_64 random(seed);
  struct Setup {
    const fpx::Format* input;
    const fpx::Format* accumulator;
    const fpx::Format* product;
  };
  const Setup setups[] = {{&fpx::binary32, nullptr, nullptr},
                          {&fpx::binary16, nullptr, nullptr},
                          {&fpx::bfloat16, &fpx::binary32, nullptr},
                          {&fpx::binary32, &fpx::binary16, &fpx::binary64}};
  const Rounding modes[] = {Rounding::NearestEven, Rounding::TowardZero, Rounding::TowardPositive,
                            Rounding::Stochastic};
  std::vector<Strategy> strategies;
  for (const auto& s : fpx::all_strategies(true))
    if (!fpx::needs_whole_vector(s)) strategies.push_back(s);
  strategies.push_back(strategy("strided:3"));
  strategies.push_back(strategy("blocked:4"));
  int compared = 0;
  for (const auto& setup : setups) {
    for (Rounding mode : modes) {
      for (std::size_t n : {0, 1, 5, 37, 300}) {
        SummationOptions options = options_for(*setup.input, setup.accumulator, mode);
        options.product_format = setup.product;
        options.seed = random();
        const auto a = random_values(random, *setup.input, n, -3, 3, false);
        const auto b = random_values(random, *setup.input, n, -3, 3, false);
        for (const auto& s : strategies) {
          CAPTURE(s.name());
          CAPTURE(setup.input->name);
          CAPTURE(int(mode));
          CAPTURE(n);
          const bool is_fma = s.kind == StrategyKind::Fma;
          auto stream = fpx::make_streaming_summation(s, options);
          REQUIRE(stream != nullptr);
          auto products = fpx::make_streaming_summation(s, options);
          for (std::size_t i = 0; i < n; ++i) {
            if (!is_fma) stream->add(a[i]);
            products->add_product(a[i], b[i]);
            if (i == n / 2) {
              // result() leaves the stream as it was.
              const auto half = std::span(a).first(i + 1);
              if (!is_fma) CHECK(stream->result() == fpx::sum(s, half, options));
              CHECK(products->result() == fpx::dot(s, half, std::span(b).first(i + 1), options));
            }
          }
          if (!is_fma) CHECK(stream->result() == fpx::sum(s, a, options));
          CHECK(products->result() == fpx::dot(s, a, b, options));
          ++compared;
        }
      }
    }
  }
  CHECK(compared == 4 * 4 * 5 * 12);
}

TEST_CASE("summation random data within the error bounds") {
  const std::uint64_t seed = 7;
  CAPTURE(seed);
  std::mt19937_64 random(seed);
  struct Setup {
    const fpx::Format* input;
    const fpx::Format* accumulator;
    int low, high;  // exponents of the inputs
  };
  // binary16 exponents >= -2 keep the products' errors (>= 2^-24) from
  // underflowing; binary16 dots of 1000 positive terms overflow.
  const Setup setups[] = {{&fpx::binary32, nullptr, -10, 10},
                          {&fpx::binary16, nullptr, -2, 6},
                          {&fpx::bfloat16, &fpx::binary32, -20, 20}};
  int checked = 0, overflowed = 0, underflowed = 0, unbounded = 0;
  std::uint64_t digest = 0xCBF29CE484222325ull;
  for (Rounding mode : {Rounding::NearestEven, Rounding::TowardZero}) {
    for (const auto& setup : setups) {
      for (bool positive : {false, true}) {
        for (std::size_t n : {1, 2, 3, 7, 100, 1000}) {
          const auto a = random_values(random, *setup.input, n, setup.low, setup.high, positive);
          const auto b = random_values(random, *setup.input, n, setup.low, setup.high, positive);
          for (bool is_dot : {false, true}) {
            SummationOptions options = options_for(*setup.input, setup.accumulator, mode);
            options.seed = random();
            fpx::ExactAccumulator exact(*setup.input), magnitude(*setup.input);
            const std::uint64_t sign = setup.input->sign_mask();
            for (std::size_t i = 0; i < n; ++i) {
              if (is_dot) {
                exact.add_product(a[i], b[i]);
                magnitude.add_product(a[i] & ~sign, b[i] & ~sign);
              } else {
                exact.add(a[i]);
                magnitude.add(a[i] & ~sign);
              }
            }
            const Rational s = value_of(exact.value());
            const Rational total = value_of(magnitude.value());
            for (const auto& strat : fpx::all_strategies(is_dot)) {
              CAPTURE(strat.name(is_dot));
              CAPTURE(setup.input->name);
              CAPTURE(n);
              CAPTURE(positive);
              CAPTURE(int(mode));
              const Rounded r =
                  is_dot ? fpx::dot(strat, a, b, options) : fpx::sum(strat, a, options);
              digest = fnv(fnv(digest, r.bits), r.flags.bits);
              if (r.flags.has(Flags::overflow)) {
                ++overflowed;
                continue;
              }
              if (r.flags.has(Flags::underflow)) {
                ++underflowed;
                continue;
              }
              const auto bound = fpx::error_bound(strat, n, is_dot, options);
              if (bound.absolute < 0) {
                ++unbounded;
                continue;
              }
              const Rational computed = value_of(options.accumulator(), r.bits);
              const Rational error = abs(computed - s);
              const Rational allowed = bound.relative * abs(s) + bound.absolute * total;
              CAPTURE(bound.formula);
              CHECK(error <= allowed);
              ++checked;
            }
          }
        }
      }
    }
  }
  // 2 modes x 3 setups x 2 sign patterns x 6 sizes x (12 sum + 13 dot
  // strategies).
  CHECK(checked + overflowed + underflowed + unbounded == 2 * 3 * 2 * 6 * 25);
  // For seed 7: 40 overflows, all in binary16 dots of n = 1000 terms (all
  // strategies on all-positive data, a few on signed data); 145 cases
  // without a bound: Klein and Sum2/Dot2 toward zero (bounds only in round
  // to nearest), Kahan in binary16 for n = 1000 (the derived bound needs
  // 10 n u <= 1).
  CHECK(overflowed == 40);
  CHECK(underflowed == 0);
  CHECK(unbounded == 145);
  CHECK(checked == 1615);
  CHECK(digest == 0x72B8485EF1DD3E04);  // every result's bits and flags
}

TEST_CASE("summation stochastic rounding is seeded") {
  // 0.1 (0x3DCCCCCD) summed 10000 times in binary32.
  const std::vector<std::uint64_t> tenths(10000, 0x3DCCCCCD);
  SummationOptions options = options_for(fpx::binary32);
  options.seed = 1;
  const Rounded first = sum_of("stochastic", tenths, options);
  CHECK(sum_of("stochastic", tenths, options) == first);
  options.seed = 2;
  const Rounded second = sum_of("stochastic", tenths, options);
  CHECK(first.bits != second.bits);
  // Replayed operation by operation on the MPFR reference with the same
  // source: the same bits.
  for (std::uint64_t seed : {1, 2}) {
    fpx::StochasticSource source(seed);
    fpx::RoundingOptions rounding{fpx::Tininess::AfterRounding, &source};
    std::uint64_t s = 0;
    for (std::uint64_t x : tenths) {
      const std::uint64_t operands[2] = {s, x};
      s = fpx::reference::compute(fpx::Operation::Add, fpx::binary32, operands,
                                  Rounding::Stochastic, rounding)
              .bits;
    }
    CHECK(s == (seed == 1 ? first.bits : second.bits));
  }
  CHECK(first.bits == 0x447A006D);   // 1000.00665
  CHECK(second.bits == 0x4479FFD9);  // 999.99760
  CHECK(int(first.flags.bits) == inexact);
  // Serial in round to nearest, replayed on MPFR.
  std::uint64_t s = 0;
  for (std::uint64_t x : tenths) {
    const std::uint64_t operands[2] = {s, x};
    s = fpx::reference::compute(fpx::Operation::Add, fpx::binary32, operands, Rounding::NearestEven)
            .bits;
  }
  check(sum_of("serial", tenths), s, inexact);
}

TEST_CASE(
    "summation tensor core strategy takes binary32 through tf32 and rounds into the accumulator") {
  const auto strategy = fpx::parse_strategy("mma:h100");
  REQUIRE(strategy.has_value());
  CHECK(strategy->name(true) == "mma:h100");
  CHECK(fpx::parse_strategy("mma:h100:wgmma")->name(true) == "mma:h100:wgmma");
  CHECK(!fpx::parse_strategy("mma:h300").has_value());
  CHECK(fpx::needs_whole_vector(*strategy));
  // 1 + 2^-20 has bits below TF32's 10 fraction bits: binary32 data is
  // rounded to TF32 (nearest) before the tensor cores see it.
  const std::vector<std::uint64_t> a = {0x3F800008, 0x40000000}, b = {0x3F800000, 0x3F800000};
  fpx::SummationOptions options;  // binary32 in and out
  const fpx::Rounded via_tf32 = fpx::dot(*strategy, a, b, options);
  CHECK(via_tf32.bits == 0x40400000);  // 1 + 2 = 3: the 2^-20 was rounded away
  CHECK(via_tf32.flags.has(fpx::Flags::inexact));
  // bfloat16 factors: the binary32 result, and the same rounded into a
  // bfloat16 accumulator.
  const std::vector<std::uint64_t> x = {0x3F81, 0x3F81},
                                   y = {0x3F81, 0x3F81};  // (1 + 2^-7)^2 twice
  fpx::SummationOptions bf16;
  bf16.input_format = &fpx::bfloat16;
  fpx::SummationOptions bf16_into_binary32 = bf16;
  bf16_into_binary32.accumulator_format = &fpx::binary32;
  const fpx::Rounded in_binary32 = fpx::dot(*strategy, x, y, bf16_into_binary32);
  CHECK(in_binary32.bits == 0x40020200);  // 2 (1 + 2^-6 + 2^-14) exactly
  const fpx::Rounded in_bfloat16 = fpx::dot(*strategy, x, y, bf16);
  CHECK(in_bfloat16.bits == 0x4002);  // rounded to nearest: 2 (1 + 2^-6)
  CHECK(in_bfloat16.flags.has(fpx::Flags::inexact));
}
