// fpx::Float<Format>: construction, accessors, arithmetic with flags.
#include <doctest/doctest.h>

#include "fpx/core/value.hpp"

using namespace fpx;

TEST_CASE("Float32 accessors") {
  const Float32 x = Float32::from_bits(0xC1300002);  // -2^3 x 1.01100000000000000000010
  CHECK(x.sign());
  CHECK(x.biased_exponent() == 130);
  CHECK(x.exponent() == 3);
  CHECK(x.fraction() == 0x300002);
  CHECK(x.significand() == 0xB00002);
  CHECK(x.is_normal());
  CHECK(x.next_up().bits() == 0xC1300001);
  CHECK(x.next_down().bits() == 0xC1300003);
  CHECK(x.ulp().bits() == 0x35800000);  // 2^-20
  const Float32 tiny = Float32::from_bits(0x00000003);
  CHECK(tiny.is_subnormal());
  CHECK(tiny.exponent() == -126);
  CHECK(tiny.significand() == 3);
  CHECK(Float32::from_bits(0x7FC00000).is_nan());
  CHECK(Float32::from_bits(0xFF800000).is_infinite());
  CHECK(Float32().is_zero());
  CHECK((-Float32()).bits() == 0x80000000);
  CHECK(sizeof(Float32) == 4);
  CHECK(sizeof(Float16) == 2);
  CHECK(sizeof(Float8E4M3) == 1);
  CHECK(Float32::from_bits(0x1FFFFFFFFull).bits() == 0xFFFFFFFF);
}

TEST_CASE("Float construction from double and strings") {
  CHECK(Float32(0.1).bits() == 0x3DCCCCCD);
  CHECK(Float32::from_double(0.1, Rounding::TowardZero).value.bits() == 0x3DCCCCCC);
  CHECK(Float32::from_double(0.1).flags.bits == Flags::inexact);
  CHECK(Float64(0.1).bits() == 0x3FB999999999999A);
  CHECK(Float16(65520.0).bits() == 0x7C00);  // rounds past 65504: overflow
  CHECK(Float16::from_double(65520.0).flags.bits == (Flags::overflow | Flags::inexact));
  CHECK(BFloat16(1.0).bits() == 0x3F80);
  CHECK(Float8E4M3(448.0).bits() == 0x7E);
  CHECK(Float8E5M2(57344.0).bits() == 0x7B);
  CHECK(Float32::from_string("0x1.8p-3").value.bits() == 0x3E400000);
  CHECK(Float32::from_string("-inf").value.bits() == 0xFF800000);
}

TEST_CASE("Float arithmetic reports flags") {
  const Float32 one(1.0), three(3.0), zero;
  auto third = divide(one, three, Rounding::NearestEven);
  CHECK(third.value.bits() == 0x3EAAAAAB);
  CHECK(third.flags.bits == Flags::inexact);
  CHECK(divide(one, three, Rounding::TowardZero).value.bits() == 0x3EAAAAAA);
  auto by_zero = divide(one, zero, Rounding::NearestEven);
  CHECK(by_zero.value.bits() == 0x7F800000);
  CHECK(by_zero.flags.bits == Flags::divide_by_zero);
  auto invalid = divide(zero, zero, Rounding::NearestEven);
  CHECK(invalid.value.bits() == 0x7FC00000);
  CHECK(invalid.flags.bits == Flags::invalid);
  CHECK(square_root(Float32(2.0), Rounding::NearestEven).value.bits() == 0x3FB504F3);
  CHECK(square_root(-zero, Rounding::NearestEven).value.bits() == 0x80000000);
  CHECK(square_root(-one, Rounding::NearestEven).flags.bits == Flags::invalid);
  // fma rounds once: (1 + 2^-23)(1 + 2^-22) - 1 keeps the 2^-45 term.
  const Float32 a = Float32::from_bits(0x3F800001), b = Float32::from_bits(0x3F800002);
  CHECK(fused_multiply_add(a, b, -one, Rounding::NearestEven).value.bits() == 0x34C00001);
  CHECK((a * b - one).bits() == 0x34C00000);
  CHECK((one + one).bits() == 0x40000000);
  CHECK((three / one).bits() == 0x40400000);
  // Conversion between formats.
  CHECK(third.value.convert<binary16>().value.bits() == 0x3555);
  CHECK(Float16::from_bits(0x0001).convert<binary32>().value.bits() == 0x33800000);
}

TEST_CASE("signed zeros follow IEEE 754-2019 6.3") {
  const Float32 x(1.5);
  CHECK(subtract(x, x, Rounding::NearestEven).value.bits() == 0x00000000);
  CHECK(subtract(x, x, Rounding::TowardPositive).value.bits() == 0x00000000);
  CHECK(subtract(x, x, Rounding::TowardNegative).value.bits() == 0x80000000);
  const Float32 zero, negative_zero = -Float32();
  CHECK(add(zero, negative_zero, Rounding::NearestEven).value.bits() == 0x00000000);
  CHECK(add(zero, negative_zero, Rounding::TowardNegative).value.bits() == 0x80000000);
  CHECK(add(negative_zero, negative_zero, Rounding::NearestEven).value.bits() == 0x80000000);
  CHECK(multiply(negative_zero, x, Rounding::NearestEven).value.bits() == 0x80000000);
  CHECK(fused_multiply_add(negative_zero, x, zero, Rounding::NearestEven).value.bits() ==
        0x00000000);
  CHECK(fused_multiply_add(negative_zero, x, zero, Rounding::TowardNegative).value.bits() ==
        0x80000000);
}

TEST_CASE("the README library example") {
  auto third = Float32::from_string("1/3");
  CHECK(third.value.bits() == 0x3EAAAAAB);
  CHECK(third.flags.has(Flags::inexact));
  auto r = add(third.value, Float32(1.0), Rounding::TowardZero);
  CHECK(r.value.bits() == 0x3FAAAAAA);
  CHECK(r.flags.has(Flags::inexact));
  Float32 x = third.value * third.value;
  CHECK(x.bits() == 0x3DE38E3A);
  auto h = third.value.convert<binary16>(Rounding::ToOdd);
  CHECK(h.value.bits() == 0x3555);
}
