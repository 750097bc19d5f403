// Decimal and hexadecimal text, in and out.
#include <doctest/doctest.h>

#include <bit>
#include <cstdlib>
#include <string>

#include "fpx/core/decimal.hpp"

using namespace fpx;

TEST_CASE("parsing rounds once, correctly, in the requested mode") {
  CHECK(parse_number(binary32, "0.1", Rounding::NearestEven) ==
        Rounded{0x3DCCCCCD, {Flags::inexact}});
  CHECK(parse_number(binary32, "0.1", Rounding::TowardZero).bits == 0x3DCCCCCC);
  CHECK(parse_number(binary32, "-0.1", Rounding::TowardNegative).bits == 0xBDCCCCCD);
  CHECK(parse_number(binary32, "1", Rounding::NearestEven) == Rounded{0x3F800000, {}});
  CHECK(parse_number(binary32, "+1.5e0", Rounding::NearestEven).bits == 0x3FC00000);
  CHECK(parse_number(binary32, ".5", Rounding::NearestEven).bits == 0x3F000000);
  CHECK(parse_number(binary32, "5.", Rounding::NearestEven).bits == 0x40A00000);
  CHECK(parse_number(binary32, "-0", Rounding::NearestEven).bits == 0x80000000);
  CHECK(parse_number(binary32, "1e-45", Rounding::NearestEven) == Rounded{0x00000001, {0x03}});
  CHECK(parse_number(binary32, "-1e-45", Rounding::NearestEven).bits == 0x80000001);
  CHECK(parse_number(binary32, "3.4028235e38", Rounding::NearestEven).bits == 0x7F7FFFFF);
  CHECK(parse_number(binary32, "3.5e38", Rounding::NearestEven) == Rounded{0x7F800000, {0x05}});
  CHECK(parse_number(binary32, "2/3", Rounding::NearestEven).bits == 0x3F2AAAAB);
  CHECK(parse_number(binary32, "0x1.8p-3", Rounding::NearestEven).bits == 0x3E400000);
  CHECK(parse_number(binary32, "0X1P+0", Rounding::NearestEven).bits == 0x3F800000);
  CHECK(parse_number(binary32, "0x10", Rounding::NearestEven).bits == 0x41800000);
  CHECK(parse_number(binary32, "0x1.000001p0", Rounding::NearestEven).bits ==
        0x3F800000);  // tie, even
  CHECK(parse_number(binary32, "0x1.000003p0", Rounding::NearestEven).bits ==
        0x3F800002);  // tie, odd up
  CHECK(parse_number(binary32, "Infinity", Rounding::NearestEven).bits == 0x7F800000);
  CHECK(parse_number(binary32, "-INF", Rounding::NearestEven).bits == 0xFF800000);
  CHECK(parse_number(binary32, "nan", Rounding::NearestEven).bits == 0x7FC00000);
  CHECK(parse_number(e4m3, "inf", Rounding::NearestEven) == Rounded{0x7F, {Flags::invalid}});
  CHECK(parse_number(e4m3_saturating, "-inf", Rounding::NearestEven) == Rounded{0xFE, {0x05}});
  CHECK(parse_number(binary64, "0.1", Rounding::NearestEven).bits == 0x3FB999999999999A);
  CHECK(parse_number(binary64, "4.9406564584124654e-324", Rounding::NearestEven).bits == 1);
  CHECK(parse_number(binary64, "2.2250738585072011e-308", Rounding::NearestEven).bits ==
        0x000FFFFFFFFFFFFF);
}

TEST_CASE("parsing handles thousands of digits and huge exponents quickly") {
  // 1 + 2^-24 is a binary32 tie: 1.000000059604644775390625 exactly. Any
  // trailing nonzero digit, however far out, breaks the tie upward.
  const std::string tie = "1.000000059604644775390625";
  CHECK(parse_number(binary32, tie, Rounding::NearestEven).bits == 0x3F800000);
  CHECK(parse_number(binary32, tie + std::string(5000, '0') + "1", Rounding::NearestEven).bits ==
        0x3F800001);
  CHECK(parse_number(binary32, tie + std::string(5000, '0'), Rounding::NearestEven).bits ==
        0x3F800000);
  CHECK(parse_number(binary32, std::string(3000, '9'), Rounding::NearestEven) ==
        Rounded{0x7F800000, {0x05}});
  CHECK(parse_number(binary32, "1e-100000", Rounding::NearestEven) == Rounded{0x00000000, {0x03}});
  CHECK(parse_number(binary32, "1e-100000", Rounding::TowardPositive) ==
        Rounded{0x00000001, {0x03}});
  CHECK(parse_number(binary32, "-1e-100000", Rounding::TowardPositive) ==
        Rounded{0x80000000, {0x03}});
  CHECK(parse_number(binary32, "1e100000", Rounding::TowardZero) == Rounded{0x7F7FFFFF, {0x05}});
  CHECK(parse_number(binary32, "1e999999999999999999", Rounding::NearestEven).bits == 0x7F800000);
  CHECK(parse_number(binary32, "0e999999999999", Rounding::NearestEven) == Rounded{0, {}});
  CHECK(
      parse_number(binary64, "0." + std::string(400, '0') + "1e400", Rounding::NearestEven).bits ==
      0x3FB999999999999A);
}

TEST_CASE("unparsable text is rejected with a reason") {
  for (const char* bad : {"", "  ", "abc", "1..2", "1e", "1e+", "0x", "0x1.8q3", "1/0", "--1",
                          "1 2", "0x1p", "nan1", "/3"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_number(binary32, bad, Rounding::NearestEven), ParseError);
  }
  try {
    parse_number(binary32, "12x", Rounding::NearestEven);
    FAIL("no exception");
  } catch (const ParseError& e) {
    CHECK(std::string(e.what()) == "cannot read '12x' as a number: unexpected character 'x'");
  }
}

TEST_CASE("exact decimal expansion") {
  CHECK(exact_decimal(binary32, 0x3F2AAAAB) == "0.666666686534881591796875");
  CHECK(exact_decimal(binary32, 0x3DCCCCCD) == "0.100000001490116119384765625");
  CHECK(exact_decimal(binary32, 0x3F800000) == "1");
  CHECK(exact_decimal(binary32, 0x80000000) == "-0");
  CHECK(exact_decimal(binary32, 0x7F800000) == "inf");
  CHECK(exact_decimal(binary32, 0xFF800000) == "-inf");
  CHECK(exact_decimal(binary32, 0x7FC00000) == "nan");
  CHECK(exact_decimal(binary32, 0x7F7FFFFF) == "340282346638528859811704183484516925440");
  CHECK(exact_decimal(binary32, 0x00000001) ==
        "0."
        "000000000000000000000000000000000000000000001401298464324817070923729583289916131280261941"
        "87651577"
        "175706828388979108268586060148663818836212158203125");
  CHECK(exact_decimal(e4m3, 0x7E) == "448");
  CHECK(exact_decimal(e4m3, 0x01) == "0.001953125");
}

TEST_CASE("shortest round-trip decimal") {
  CHECK(shortest_decimal(binary32, 0x3DCCCCCD) == "0.1");
  CHECK(shortest_decimal(binary32, 0x3F2AAAAB) == "0.6666667");
  CHECK(shortest_decimal(binary32, 0x3F800000) == "1");
  CHECK(shortest_decimal(binary32, 0x00000001) == "1e-45");
  CHECK(shortest_decimal(binary32, 0x7F7FFFFF) == "3.4028235e38");
  CHECK(shortest_decimal(binary32, 0x80000000) == "-0");
  CHECK(shortest_decimal(binary32, 0x4B800001) == "16777218");
  CHECK(shortest_decimal(binary64, 0x3FB999999999999A) == "0.1");
  CHECK(shortest_decimal(binary64, 0x3FD5555555555555) == "0.3333333333333333");
  CHECK(shortest_decimal(binary64, 1) == "5e-324");
  CHECK(shortest_decimal(binary16, 0x3555) == "0.3333");
  // 448's neighbours are 416 and 480, so two digits suffice.
  CHECK(shortest_decimal(e4m3, 0x7E) == "450");
  CHECK(max_significant_digits(binary32) == 9);
  CHECK(max_significant_digits(binary64) == 17);
  CHECK(max_significant_digits(binary16) == 5);
}

TEST_CASE("shortest decimal reads back for every binary16 value") {
  int failures = 0;
  for (std::uint64_t bits = 0; bits < 0x10000; ++bits) {
    if ((bits & 0x7C00) == 0x7C00) continue;  // inf and NaN
    const Rounded back =
        parse_number(binary16, shortest_decimal(binary16, bits), Rounding::NearestEven);
    if (back.bits != bits) ++failures;
  }
  CHECK(failures == 0);
}

TEST_CASE("short decimals take a fast path that agrees with the big-integer path") {
  // Random decimals of up to 19 digits with exponents near the fast path's
  // limits, in every format and deterministic mode: the 128-bit fast path
  // (parse_number) against read_number + round_number (big integers), and
  // binary64 nearest-even also against the host's strtod (glibc rounds
  // correctly) as an independent witness.
  const std::uint64_t seed = 20261126;
  CAPTURE(seed);
  std::uint64_t state = seed;
  auto next = [&state] {
    state += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  long mismatches = 0, host_mismatches = 0, cases = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string digits = std::to_string(next() % 10000000000000000000ull);
    digits.resize(std::size_t(1 + next() % digits.size()));
    std::string text = (next() & 1 ? "-" : "") + digits;
    if (next() & 1) text.insert(text.size() - std::size_t(next() % digits.size()), ".");
    text += "e" + std::to_string(int(next() % 61) - 30);
    for (const Format* format : {&binary64, &binary32, &binary16, &bfloat16, &e4m3}) {
      for (Rounding mode : all_deterministic_roundings) {
        ++cases;
        const Rounded fast = parse_number(*format, text, mode);
        const Rounded slow = round_number(*format, read_number(text), mode);
        if (!(fast == slow)) {
          if (mismatches++ < 5) MESSAGE(text << " " << format->name << " " << short_name(mode));
        }
      }
    }
    const double host = std::strtod(text.c_str(), nullptr);
    if (parse_number(binary64, text, Rounding::NearestEven).bits !=
        std::bit_cast<std::uint64_t>(host))
      ++host_mismatches;
  }
  CHECK(cases == 600000);
  CHECK(mismatches == 0);
  CHECK(host_mismatches == 0);
}
