// The lecture's notation and the other printed forms of an encoding.
#include <doctest/doctest.h>

#include "fpx/core/hex.hpp"
#include "fpx/core/printing.hpp"

using namespace fpx;

TEST_CASE("lecture notation for each class") {
  CHECK(lecture_notation(binary32, 0x41300002) == "2^3 x 1.01100000000000000000010");
  CHECK(lecture_notation(binary32, 0xBF800000) == "-2^0 x 1.00000000000000000000000");
  CHECK(lecture_notation(binary32, 0x00000001) == "2^-126 x 0.00000000000000000000001");
  CHECK(lecture_notation(binary32, 0x80000000) == "-0");
  CHECK(lecture_notation(binary32, 0x7F800000) == "inf");
  CHECK(lecture_notation(binary32, 0x7FC00000) == "nan");
  CHECK(lecture_notation(bfloat16, 0x3F80) == "2^0 x 1.0000000");
  CHECK(lecture_notation(e4m3, 0x7E) == "2^8 x 1.110");
  CHECK(lecture_notation(e5m2, 0x01) == "2^-14 x 0.01");
}

TEST_CASE("fields and hex") {
  CHECK(field_split(binary32, 0x41300002) == "0 | 10000010 | 01100000000000000000010");
  CHECK(field_split(e4m3, 0xFE) == "1 | 1111 | 110");
  CHECK(hex_text(binary32, 0x41300002) == "0x41300002");
  CHECK(hex_text(binary16, 0x1) == "0x0001");
  CHECK(hex_text(tf32, 0x1FC00) == "0x1FC00");
  CHECK(hex_digits_text(e4m3, 0x7E) == "7E");
  CHECK(hex_digits_text(binary64, 0x3FF0000000000000) == "3FF0000000000000");
  CHECK(fraction_bits_text(binary16, 0x3555) == "0101010101");
}
