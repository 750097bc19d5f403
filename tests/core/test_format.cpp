// Format descriptors: field widths, ranges, special encodings, and the
// per-value questions (class, next up/down, ulp).
#include <doctest/doctest.h>

#include "fpx/core/format.hpp"

using namespace fpx;

TEST_CASE("predefined formats have the published parameters") {
  CHECK(binary64.width() == 64);
  CHECK(binary32.width() == 32);
  CHECK(tf32.width() == 19);
  CHECK(bfloat16.width() == 16);
  CHECK(binary16.width() == 16);
  CHECK(e5m2.width() == 8);
  CHECK(e4m3.width() == 8);
  CHECK(binary32.min_exponent() == -126);
  CHECK(binary32.max_exponent() == 127);
  CHECK(binary32.min_quantum_exponent() == -149);
  CHECK(binary16.max_exponent() == 15);
  CHECK(binary16.min_quantum_exponent() == -24);
  CHECK(e5m2.max_exponent() == 15);
  CHECK(e4m3.max_exponent() == 8);  // OCP: E4M3 uses the all-ones exponent for finite values
  CHECK(e4m3.min_quantum_exponent() == -9);
  CHECK(binary32.max_finite_bits() == 0x7F7FFFFF);
  CHECK(e4m3.max_finite_bits() == 0x7E);  // 448
  CHECK(e5m2.max_finite_bits() == 0x7B);  // 57344
  CHECK(binary32.default_nan_bits() == 0x7FC00000);
  CHECK(binary16.default_nan_bits() == 0x7E00);
  CHECK(bfloat16.default_nan_bits() == 0x7FC0);
  CHECK(e5m2.default_nan_bits() == 0x7E);
  CHECK(e4m3.default_nan_bits() == 0x7F);
  CHECK(!e4m3.has_infinity());
  CHECK(e4m3_saturating.overflow == OverflowPolicy::Saturate);
}

TEST_CASE("formats are found by name and alias") {
  CHECK(find_format("binary32") == &binary32);
  CHECK(find_format("FP32") == &binary32);
  CHECK(find_format("bf16") == &bfloat16);
  CHECK(find_format("e4m3fn") == &e4m3);
  CHECK(find_format("e4m3sat") == &e4m3_saturating);
  CHECK(find_format("binary33") == nullptr);
  CHECK(all_formats().size() == 9);
}

TEST_CASE("classification of encodings") {
  CHECK(classify(binary32, 0x00000000) == FloatClass::Zero);
  CHECK(classify(binary32, 0x80000000) == FloatClass::Zero);
  CHECK(classify(binary32, 0x00000001) == FloatClass::Subnormal);
  CHECK(classify(binary32, 0x00800000) == FloatClass::Normal);
  CHECK(classify(binary32, 0x7F800000) == FloatClass::Infinity);
  CHECK(classify(binary32, 0x7FC00000) == FloatClass::QuietNaN);
  CHECK(classify(binary32, 0x7F800001) == FloatClass::SignalingNaN);
  CHECK(classify(e4m3, 0x78) == FloatClass::Normal);  // 256: all-ones exponent is finite
  CHECK(classify(e4m3, 0x7E) == FloatClass::Normal);
  CHECK(classify(e4m3, 0x7F) == FloatClass::QuietNaN);
  CHECK(classify(e4m3, 0xFF) == FloatClass::QuietNaN);
  CHECK(classify(e5m2, 0x7C) == FloatClass::Infinity);
  CHECK(classify(e5m2, 0x7D) == FloatClass::SignalingNaN);
  CHECK(class_name(FloatClass::QuietNaN) == "quiet NaN");
}

TEST_CASE("next up and next down follow IEEE 754 5.3.1") {
  CHECK(next_up(binary32, 0x3F800000) == 0x3F800001);
  CHECK(next_down(binary32, 0x3F800000) == 0x3F7FFFFF);
  CHECK(next_up(binary32, 0x00000000) == 0x00000001);
  CHECK(next_up(binary32, 0x80000000) == 0x00000001);
  CHECK(next_down(binary32, 0x00000000) == 0x80000001);
  CHECK(next_up(binary32, 0x80000001) == 0x80000000);
  CHECK(next_up(binary32, 0x7F7FFFFF) == 0x7F800000);
  CHECK(next_up(binary32, 0x7F800000) == 0x7F800000);
  CHECK(next_up(binary32, 0xFF800000) == 0xFF7FFFFF);
  CHECK(next_down(binary32, 0xFF7FFFFF) == 0xFF800000);
  CHECK(next_up(binary32, 0x7FC00000) == 0x7FC00000);
  CHECK(next_up(e4m3, 0x7E) == 0x7F);  // past 448 there is only NaN
  CHECK(next_down(e4m3, 0x00) == 0x81);
}

TEST_CASE("unit in the last place and powers of two") {
  CHECK(unit_in_last_place(binary32, 0x3F800000) == 0x34000000);  // 2^-23
  CHECK(unit_in_last_place(binary32, 0x00000005) == 0x00000001);
  CHECK(unit_in_last_place(binary32, 0x00800000) == 0x00000001);
  CHECK(unit_in_last_place(binary32, 0x7F7FFFFF) == 0x73800000);  // 2^104
  CHECK(unit_in_last_place(binary32, 0xFF800000) == 0x7F800000);
  CHECK(power_of_two(binary32, -149) == 0x00000001);
  CHECK(power_of_two(binary32, 127) == 0x7F000000);
  CHECK(!power_of_two(binary32, 128).has_value());
  CHECK(power_of_two(e4m3, 8) == 0x78);
}
