// round_pack, the one rounding routine: each mode on hand-computed cases.
#include <doctest/doctest.h>

#include <cstdint>
#include <stdexcept>

#include "fpx/core/rounding.hpp"

using namespace fpx;

namespace {

// Rounds (-1)^negative * significand * 2^exponent into binary32.
Rounded to_binary32(bool negative, int exponent, std::uint64_t significand, Rounding mode,
                    bool sticky = false, Tininess tininess = Tininess::AfterRounding) {
  return round_pack(binary32, negative, exponent, significand, sticky, mode,
                    RoundingOptions{tininess});
}

constexpr std::uint8_t x = Flags::inexact;

}  // namespace

TEST_CASE("round_pack: ties and near ties in every deterministic mode") {
  // 1 + 2^-24: exactly halfway between 1 and 1 + 2^-23 (1 is even).
  const std::uint64_t tie = (std::uint64_t{1} << 24) + 1;
  struct Row {
    Rounding mode;
    bool negative;
    std::uint64_t bits;
  } rows[] = {
      {Rounding::NearestEven, false, 0x3F800000},    {Rounding::NearestAway, false, 0x3F800001},
      {Rounding::TowardZero, false, 0x3F800000},     {Rounding::TowardPositive, false, 0x3F800001},
      {Rounding::TowardNegative, false, 0x3F800000}, {Rounding::ToOdd, false, 0x3F800001},
      {Rounding::NearestEven, true, 0xBF800000},     {Rounding::NearestAway, true, 0xBF800001},
      {Rounding::TowardPositive, true, 0xBF800000},  {Rounding::TowardNegative, true, 0xBF800001},
  };
  for (const Row& row : rows) {
    CAPTURE(short_name(row.mode));
    CAPTURE(row.negative);
    const Rounded r = to_binary32(row.negative, -24, tie, row.mode);
    CHECK(r.bits == row.bits);
    CHECK(r.flags.bits == x);
  }
  // The same tie above an odd significand goes up in nearest-even.
  CHECK(to_binary32(false, -24, tie + 2, Rounding::NearestEven).bits == 0x3F800002);
  // A sticky bit breaks the tie.
  CHECK(to_binary32(false, -24, tie, Rounding::NearestEven, true).bits == 0x3F800001);
  // Exact values raise nothing.
  CHECK(to_binary32(false, 0, 3, Rounding::NearestEven) == Rounded{0x40400000, {}});
  CHECK(to_binary32(true, 0, 0, Rounding::NearestEven) == Rounded{0x80000000, {}});
}

TEST_CASE("round_pack: overflow by mode") {
  // 2^128 is beyond binary32's largest finite value.
  const std::uint64_t huge = 1;
  CHECK(to_binary32(false, 128, huge, Rounding::NearestEven) == Rounded{0x7F800000, {0x05}});
  CHECK(to_binary32(false, 128, huge, Rounding::TowardZero) == Rounded{0x7F7FFFFF, {0x05}});
  CHECK(to_binary32(false, 128, huge, Rounding::TowardNegative) == Rounded{0x7F7FFFFF, {0x05}});
  CHECK(to_binary32(true, 128, huge, Rounding::TowardNegative) == Rounded{0xFF800000, {0x05}});
  CHECK(to_binary32(true, 128, huge, Rounding::TowardPositive) == Rounded{0xFF7FFFFF, {0x05}});
  CHECK(to_binary32(false, 128, huge, Rounding::ToOdd) == Rounded{0x7F7FFFFF, {0x05}});
  // Largest finite + half an ulp rounds up to 2^128 in nearest: overflow.
  const std::uint64_t max_plus_half = (std::uint64_t{0xFFFFFF} << 1) + 1;
  CHECK(to_binary32(false, 103, max_plus_half, Rounding::NearestEven) ==
        Rounded{0x7F800000, {0x05}});
  CHECK(to_binary32(false, 103, max_plus_half, Rounding::TowardZero) == Rounded{0x7F7FFFFF, {x}});
  // E4M3: 480 would need the NaN pattern; saturation gives 448.
  CHECK(round_pack(e4m3, false, 4, std::uint64_t{30}, false, Rounding::NearestEven) ==
        Rounded{0x7F, {0x05}});
  CHECK(round_pack(e4m3_saturating, false, 4, std::uint64_t{30}, false, Rounding::NearestEven) ==
        Rounded{0x7E, {0x05}});
  CHECK(round_pack(e4m3, false, 4, std::uint64_t{29}, false, Rounding::NearestEven) ==
        Rounded{0x7E, {x}});
}

TEST_CASE("round_pack: subnormals and tininess") {
  // 3 * 2^-151 = 0.75 of the smallest subnormal: rounds to it, tiny, inexact.
  CHECK(to_binary32(false, -151, 3, Rounding::NearestEven) == Rounded{0x00000001, {0x03}});
  CHECK(to_binary32(false, -151, 3, Rounding::TowardZero) == Rounded{0x00000000, {0x03}});
  CHECK(to_binary32(true, -151, 3, Rounding::TowardZero) == Rounded{0x80000000, {0x03}});
  CHECK(to_binary32(false, -151, 1, Rounding::ToOdd) == Rounded{0x00000001, {0x03}});
  // Exact subnormal: no flags at all.
  CHECK(to_binary32(false, -149, 5, Rounding::NearestEven) == Rounded{0x00000005, {}});
  // (2^24 - 1) * 2^-150 + 2^-150... : just below 2^-126, rounds up to 2^-126.
  const std::uint64_t below_min_normal = (std::uint64_t{1} << 25) - 1;  // 2^-126 - 2^-151
  CHECK(to_binary32(false, -151, below_min_normal, Rounding::NearestEven, false,
                    Tininess::AfterRounding) == Rounded{0x00800000, {x}});
  CHECK(to_binary32(false, -151, below_min_normal, Rounding::NearestEven, false,
                    Tininess::BeforeRounding) == Rounded{0x00800000, {0x03}});
  // 2^-126 - 2^-150 rounds (after rounding to 24 bits) to itself: still tiny.
  const std::uint64_t half_ulp_below = (std::uint64_t{1} << 24) - 1;  // times 2^-150
  CHECK(to_binary32(false, -150, half_ulp_below, Rounding::NearestEven) ==
        Rounded{0x00800000, {0x03}});
}

TEST_CASE("round_pack: stochastic rounding follows its documented rule") {
  StochasticSource random(42);
  StochasticSource replay(42);
  RoundingOptions options{Tininess::AfterRounding, &random};
  // 1 + 2^-25: t = 1/4, threshold ceil(t * 2^32) = 2^30.
  const std::uint64_t value = (std::uint64_t{1} << 25) + 1;
  for (int i = 0; i < 64; ++i) {
    const Rounded r = round_pack(binary32, false, -25, value, false, Rounding::Stochastic, options);
    const bool up = replay.next_bits() < (std::uint32_t{1} << 30);
    CHECK(r.bits == (up ? 0x3F800001u : 0x3F800000u));
    CHECK(r.flags.bits == x);
  }
  // Exact results draw no random bits.
  StochasticSource untouched(42);
  RoundingOptions exact_options{Tininess::AfterRounding, &untouched};
  CHECK(round_pack(binary32, false, 0, std::uint64_t{1}, false, Rounding::Stochastic, exact_options)
            .bits == 0x3F800000);
  CHECK(untouched.next_bits() == StochasticSource(42).next_bits());
  // Without a source the mode refuses to guess.
  CHECK_THROWS_AS(round_pack(binary32, false, -25, value, false, Rounding::Stochastic),
                  std::invalid_argument);
}

TEST_CASE("rounding mode names and flag letters") {
  CHECK(parse_rounding("rne") == Rounding::NearestEven);
  CHECK(parse_rounding("toward-zero") == Rounding::TowardZero);
  CHECK(parse_rounding("sr") == Rounding::Stochastic);
  CHECK(!parse_rounding("nearest").has_value());
  CHECK(short_name(Rounding::ToOdd) == "rto");
  CHECK(long_name(Rounding::NearestAway) == "nearest-away");
  CHECK(flag_letters(Flags{}) == ".....");
  CHECK(flag_letters(Flags{0x1F}) == "vzoux");
  CHECK(flag_letters(Flags{0x03}) == "...ux");
}
