// convertToInteger (IEEE 754-2019 5.8) against MPFR: every encoding of the
// small formats and seeded binary32 and binary64 values around the integer
// types' limits, every type, every deterministic mode, both overflow rules.
#include <doctest/doctest.h>
#include <gmp.h>
#include <mpfr.h>

#include <string>

#include "fpx/core/integer_conversion.hpp"
#include "fpx/reference/mpfr_reference.hpp"
#include "operand_generator.hpp"

using namespace fpx;

namespace {

// The expected result from MPFR: the value rounded to an integer by
// mpfr_rint (round to odd: the truncation, made odd when inexact), checked
// against the type's range with GMP, as two's complement bits.
IntegerRounded expected_integer(const Format& from, std::uint64_t bits, const IntegerType& to,
                                Rounding mode, IntegerOverflow overflow) {
  mpfr_t x, y;
  mpfr_init2(x, 64);
  mpfr_init2(y, 128);
  reference::to_mpfr(x, from, bits);
  IntegerRounded out;
  auto invalid = [&](bool negative, bool nan) {
    IntegerRounded r;
    r.flags.bits = Flags::invalid;
    if (overflow == IntegerOverflow::Indefinite)
      r.bits = to.is_signed ? to.largest_negative() : to.largest_positive();
    else if (!nan)
      r.bits = negative ? (~to.largest_negative() + 1) & to.mask() : to.largest_positive();
    return r;
  };
  if (mpfr_nan_p(x)) {
    out = invalid(false, true);
  } else if (mpfr_inf_p(x)) {
    out = invalid(mpfr_signbit(x) != 0, false);
  } else {
    switch (mode) {
      case Rounding::NearestEven: mpfr_rint(y, x, MPFR_RNDN); break;
      case Rounding::NearestAway: mpfr_round(y, x); break;
      case Rounding::TowardZero: mpfr_trunc(y, x); break;
      case Rounding::TowardPositive: mpfr_ceil(y, x); break;
      case Rounding::TowardNegative: mpfr_floor(y, x); break;
      default:
        // Round to odd: the truncation, one step away from zero when it is
        // inexact and even.
        mpfr_trunc(y, x);
        if (!mpfr_integer_p(x)) {
          mpz_t truncated;
          mpz_init(truncated);
          mpfr_get_z(truncated, y, MPFR_RNDZ);
          if (mpz_even_p(truncated)) mpfr_add_si(y, y, mpfr_signbit(x) ? -1 : 1, MPFR_RNDN);
          mpz_clear(truncated);
        }
        break;
    }
    mpz_t value, low, high;
    mpz_inits(value, low, high, nullptr);
    mpfr_get_z(value, y, MPFR_RNDN);
    mpz_set_ui(low, 0);
    if (to.is_signed) {
      mpz_set_ui(low, 1);
      mpz_mul_2exp(low, low, std::uint64_t(to.bits - 1));
      mpz_neg(low, low);
    }
    mpz_set_ui(high, 1);
    mpz_mul_2exp(high, high, std::uint64_t(to.bits - (to.is_signed ? 1 : 0)));
    mpz_sub_ui(high, high, 1);
    if (mpz_cmp(value, low) < 0 || mpz_cmp(value, high) > 0) {
      out = invalid(mpfr_signbit(x) != 0, false);
    } else {
      // Two's complement in 64 bits: value mod 2^64, then the type's width.
      mpz_t modulus;
      mpz_init_set_ui(modulus, 1);
      mpz_mul_2exp(modulus, modulus, 64);
      mpz_mod(value, value, modulus);
      std::uint64_t word = 0;
      mpz_export(&word, nullptr, -1, sizeof word, 0, 0, value);
      out.bits = word & to.mask();
      if (!mpfr_integer_p(x)) out.flags.bits = Flags::inexact;
      mpz_clear(modulus);
    }
    mpz_clears(value, low, high, nullptr);
  }
  mpfr_clears(x, y, nullptr);
  return out;
}

struct Counts {
  long cases = 0, mismatches = 0;
};

void compare(const Format& from, std::uint64_t bits, Counts& counts) {
  for (const IntegerType* to : integer_types())
    for (Rounding mode : all_deterministic_roundings)
      for (IntegerOverflow overflow : {IntegerOverflow::Saturate, IntegerOverflow::Indefinite}) {
        ++counts.cases;
        const IntegerRounded expected = expected_integer(from, bits, *to, mode, overflow);
        const IntegerRounded got = convert_to_integer(from, bits, *to, mode, overflow);
        if (got == expected) continue;
        if (++counts.mismatches <= 3)
          FAIL_CHECK(from.name << " " << testing::hex(from, bits) << " to " << to->name << " "
                               << short_name(mode) << ": expected " << expected.bits << " flags "
                               << int(expected.flags.bits) << ", got " << got.bits << " flags "
                               << int(got.flags.bits));
      }
}

}  // namespace

TEST_CASE("convertToInteger by hand") {
  // 2.5 is a tie: to even 2, away 3; -2.5 to even -2 (0xFE in int8).
  CHECK(convert_to_integer(binary32, 0x40200000, int8, Rounding::NearestEven).bits == 2);
  CHECK(convert_to_integer(binary32, 0x40200000, int8, Rounding::NearestAway).bits == 3);
  CHECK(convert_to_integer(binary32, 0xC0200000, int8, Rounding::NearestEven).bits == 0xFE);
  CHECK(convert_to_integer(binary32, 0xC0200000, int8, Rounding::NearestEven).flags.bits ==
        Flags::inexact);
  // 127.5 rounds to 128, beyond int8: invalid, saturated to 127, or x86's
  // indefinite -128 (0x80).
  const IntegerRounded beyond =
      convert_to_integer(binary32, 0x42FF0000, int8, Rounding::NearestEven);
  CHECK(beyond.bits == 127);
  CHECK(beyond.flags.bits == Flags::invalid);
  CHECK(convert_to_integer(binary32, 0x42FF0000, int8, Rounding::NearestEven,
                           IntegerOverflow::Indefinite)
            .bits == 0x80);
  // 2^63 fits uint64 but not int64; NaN gives 0 (saturating), invalid.
  CHECK(convert_to_integer(binary64, 0x43E0000000000000, uint64, Rounding::TowardZero).bits ==
        0x8000000000000000);
  CHECK(convert_to_integer(binary64, 0x43E0000000000000, int64, Rounding::TowardZero).flags.bits ==
        Flags::invalid);
  CHECK(convert_to_integer(binary32, 0x7FC00000, int32, Rounding::NearestEven).bits == 0);
  // -0.5 toward zero is 0 even in an unsigned type (in range, inexact).
  CHECK(convert_to_integer(binary32, 0xBF000000, uint8, Rounding::TowardZero).bits == 0);
  CHECK(convert_to_integer(binary32, 0xBF000000, uint8, Rounding::TowardNegative).flags.bits ==
        Flags::invalid);
}

TEST_CASE("convertToInteger against MPFR") {
  const std::uint64_t seed = testing::test_seed();
  const std::string seed_text = testing::hex(binary64, seed);
  CAPTURE(seed_text);
  Counts counts;
  for (const char* name : {"binary16", "bfloat16", "e4m3", "e5m2", "e2m1", "e3m2", "e8m0"}) {
    const Format& format = *find_format(name);
    for (std::uint64_t bits = 0; bits < (std::uint64_t{1} << format.width()); ++bits)
      compare(format, bits, counts);
  }
  for (const Format* format : {&binary32, &binary64}) {
    testing::OperandGenerator random(*format, testing::derive_seed(seed, format->name, 5));
    for (int i = 0; i < 3000; ++i) {
      // Exponents up to 70: every type's limits, and beyond.
      const std::uint64_t bits = random.with_exponent(random.between(-3, 70), random.coin());
      compare(*format, bits, counts);
      compare(*format, random.nudge(bits, random.between(-2, 2)), counts);
    }
    for (std::uint64_t bits : testing::special_values(*format)) compare(*format, bits, counts);
  }
  CHECK_MESSAGE(counts.mismatches == 0,
                counts.mismatches << " mismatches in " << counts.cases << " cases");
}
