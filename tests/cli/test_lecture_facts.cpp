// The facts of docs/lecture_facts.md that the core can state: the
// binary32 representation of 2/3 and the A + B + C associativity example.
#include <doctest/doctest.h>

#include "fpx/core/hex.hpp"
#include "fpx/core/printing.hpp"
#include "fpx/core/value.hpp"

using fpx::Float32;
using fpx::Rounding;

TEST_CASE("lecture: the binary32 representation of 2/3") {
  const auto two_thirds = Float32::from_string("2/3");
  CHECK(two_thirds.value.bits() == 0x3F2AAAAB);
  CHECK(two_thirds.flags.bits == fpx::Flags::inexact);
  CHECK(two_thirds.value.sign() == false);
  CHECK(two_thirds.value.biased_exponent() == 126);
  CHECK(two_thirds.value.exponent() == -1);
  CHECK(fpx::fraction_bits_text(fpx::binary32, 0x3F2AAAAB) == "01010101010101010101011");
  CHECK(fpx::lecture_notation(fpx::binary32, 0x3F2AAAAB) == "2^-1 x 1.01010101010101010101011");
  CHECK(fpx::field_split(fpx::binary32, 0x3F2AAAAB) == "0 | 01111110 | 01010101010101010101011");
  CHECK(two_thirds.value.exact_decimal() == "0.666666686534881591796875");
  CHECK(fpx::hex_text(fpx::binary32, 0x3F2AAAAB) == "0x3F2AAAAB");
}

TEST_CASE("lecture: A + B + C depends on the order of the additions") {
  const auto a = Float32::from_bits(0x40000001);
  const auto b = Float32::from_bits(0x3F800001);
  const auto c = Float32::from_bits(0x41000001);
  CHECK(fpx::lecture_notation(fpx::binary32, a.bits()) == "2^1 x 1.00000000000000000000001");
  CHECK(fpx::lecture_notation(fpx::binary32, b.bits()) == "2^0 x 1.00000000000000000000001");
  CHECK(fpx::lecture_notation(fpx::binary32, c.bits()) == "2^3 x 1.00000000000000000000001");

  const Float32 left = (a + b) + c;
  const Float32 right = a + (b + c);
  CHECK(left.bits() == 0x41300002);
  CHECK(right.bits() == 0x41300001);
  CHECK(fpx::lecture_notation(fpx::binary32, left.bits()) == "2^3 x 1.01100000000000000000010");
  CHECK(fpx::lecture_notation(fpx::binary32, right.bits()) == "2^3 x 1.01100000000000000000001");

  // The exact sum 92274699 / 2^23 = 2^3 x 1.01100000000000000000001011 lies
  // between the two: 0.375 ulp above right and 0.625 ulp below left, so the
  // correctly rounded sum is right.
  const auto exact = Float32::from_string("92274699/8388608");
  CHECK(exact.value.bits() == 0x41300001);
  CHECK(exact.flags.bits == fpx::Flags::inexact);
  CHECK(Float32::from_string("92274699/8388608", Rounding::TowardPositive).value.bits() ==
        0x41300002);
  // Each partial sum rounds.
  CHECK(fpx::add(a, b, Rounding::NearestEven).flags.bits == fpx::Flags::inexact);
  CHECK(fpx::add(b, c, Rounding::NearestEven).flags.bits == fpx::Flags::inexact);
}
