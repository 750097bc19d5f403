// Formats from a spelling (e<X>m<Y> with suffixes) and the OCP MX formats:
// parsing, interning, and facts derived by hand from the definitions.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fpx/core/arrays.hpp"
#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/operations.hpp"

using namespace fpx;

namespace {

std::string value_of(const Format& format, std::uint64_t bits) {
  return exact_decimal(format, bits);
}

}  // namespace

TEST_CASE("custom formats are parsed from their spelling and interned") {
  const Format* e3m4 = find_format("e3m4");
  REQUIRE(e3m4 != nullptr);
  CHECK(e3m4->name == "e3m4");
  CHECK(e3m4->exponent_bits == 3);
  CHECK(e3m4->precision == 5);
  CHECK(e3m4->bias == 3);
  CHECK(e3m4->special_encoding == SpecialEncoding::Ieee);
  CHECK(e3m4->width() == 8);
  // The same spelling gives the same object, whatever its case.
  CHECK(find_format("E3M4") == e3m4);
  CHECK(parse_format("e3m4").format == e3m4);
  // A spelling of a predefined or named format gives that one.
  CHECK(find_format("e5m10") == &binary16);
  CHECK(find_format("e8m23") == &binary32);
  CHECK(find_format("e8m7") == &bfloat16);
  CHECK(find_format("e4m3fn") == &e4m3);
  CHECK(find_format("e4m3fnsat") == &e4m3_saturating);
  CHECK(find_format("e5m2sat") == &e5m2_saturating);
  CHECK(find_format("e2m1fin") == &mx_e2m1);
  CHECK(find_format("e2m3") == &mx_e2m3);
  // The FNUZ bias is 2^(X-1), one more than IEEE's; b<N> chooses another.
  CHECK(find_format("e4m3fnuz")->bias == 8);
  CHECK(find_format("e5m2fnuz")->bias == 16);
  CHECK(find_format("e4m3fnb10")->bias == 10);
  CHECK(find_format("e4m3fnb10")->name == "e4m3fnb10");
  CHECK(find_format("e4m3fnuzb8") == find_format("e4m3fnuz"));
  // The IEEE-like layout of a shape that names an OCP format is spelled ieee.
  CHECK(find_format("e2m1ieee")->special_encoding == SpecialEncoding::Ieee);
  CHECK(find_format("e2m1ieee")->name == "e2m1ieee");
  // Finite-only formats always saturate.
  CHECK(find_format("e5m2fin")->overflow == OverflowPolicy::Saturate);
}

TEST_CASE("e5m2fn means no infinities and NaN at all ones, not IEEE e5m2") {
  const Format& format = *find_format("e5m2fn");
  CHECK(&format != &e5m2);
  CHECK(!format.has_infinity());
  CHECK(classify(format, 0x7C) == FloatClass::Normal);  // IEEE's infinity pattern
  CHECK(classify(format, 0x7F) == FloatClass::QuietNaN);
  CHECK(classify(format, 0xFF) == FloatClass::QuietNaN);
  // 2^(31 - 15) x 1.10 = 98304.
  CHECK(value_of(format, format.max_finite_bits()) == "98304");
}

TEST_CASE("bad format spellings are refused with the reason") {
  CHECK(find_format("e0m3") == nullptr);
  CHECK(parse_format("e0m3").error.find("exponent bits must be 1 to 11") != std::string::npos);
  CHECK(parse_format("e12m3").error.find("exponent bits must be 1 to 11") != std::string::npos);
  CHECK(parse_format("e5m53").error.find("fraction bits must be 0 to 52") != std::string::npos);
  CHECK(parse_format("e11m53").format == nullptr);
  CHECK(parse_format("e7m0").error.find("IEEE-like") != std::string::npos);
  CHECK(parse_format("e1m6").error.find("IEEE-like") != std::string::npos);
  CHECK(parse_format("e4m3xyz").error.find("unexpected 'xyz'") != std::string::npos);
  CHECK(parse_format("e4").error.find("expected e<exponent bits>m<fraction bits>") !=
        std::string::npos);
  CHECK(parse_format("e4m3b").error.find("bias") != std::string::npos);
  CHECK(unknown_format_message("e0m3").find("exponent bits") != std::string::npos);
}

TEST_CASE("OCP MX element formats: values derived by hand from the definitions") {
  // OCP MX v1.0, section 5.3: value = 2^(E - bias) x 1.M for E > 0 and
  // 2^(1 - bias) x 0.M for E = 0; FP4 and FP6 have no infinities and no NaN.
  // E2M1, bias 1: E = 0 gives 0 and 0.5; E = 1 gives 1, 1.5; E = 2 gives 2,
  // 3; E = 3 gives 4, 6. So the positive encodings 0x0..0x7 are
  // 0, 0.5, 1, 1.5, 2, 3, 4, 6 and the largest normal is 2^2 x 1.5 = 6.
  const char* e2m1_values[] = {"0", "0.5", "1", "1.5", "2", "3", "4", "6"};
  for (std::uint64_t bits = 0; bits < 8; ++bits) {
    CAPTURE(bits);
    CHECK(value_of(mx_e2m1, bits) == e2m1_values[bits]);
    CHECK(value_of(mx_e2m1, bits | 0x8) == "-" + std::string(e2m1_values[bits]));
    CHECK(classify(mx_e2m1, bits | 0x8) != FloatClass::QuietNaN);
  }
  // E2M3, bias 1: largest 2^(3 - 1) x 1.111 = 4 x 1.875 = 7.5; smallest
  // subnormal 2^0 x 0.001 = 0.125.
  CHECK(value_of(mx_e2m3, mx_e2m3.max_finite_bits()) == "7.5");
  CHECK(mx_e2m3.max_finite_bits() == 0x1F);
  CHECK(value_of(mx_e2m3, 1) == "0.125");
  // E3M2, bias 3: largest 2^(7 - 3) x 1.11 = 16 x 1.75 = 28; smallest normal
  // 2^-2 = 0.25; smallest subnormal 2^-2 x 0.01 = 0.0625.
  CHECK(value_of(mx_e3m2, mx_e3m2.max_finite_bits()) == "28");
  CHECK(value_of(mx_e3m2, 0x04) == "0.25");
  CHECK(value_of(mx_e3m2, 1) == "0.0625");
  // FP8 (OCP OFP8): E4M3 2^(15 - 7) x 1.110 = 448, E5M2 2^(30 - 15) x 1.11 =
  // 57344.
  CHECK(value_of(e4m3, e4m3.max_finite_bits()) == "448");
  CHECK(value_of(e5m2, e5m2.max_finite_bits()) == "57344");
  // E8M0, bias 127, no sign, no zero: 0x7F is 2^0 = 1, 0x00 is 2^-127, 0xFE
  // is 2^127, 0xFF is NaN.
  CHECK(mx_e8m0.width() == 8);
  CHECK(value_of(mx_e8m0, 0x7F) == "1");
  CHECK(value_of(mx_e8m0, 0x80) == "2");
  CHECK(value_of(mx_e8m0, 0x7E) == "0.5");
  CHECK(value_of(mx_e8m0, 0xFE) == "170141183460469231731687303715884105728");  // 2^127
  CHECK(classify(mx_e8m0, 0x00) == FloatClass::Normal);
  CHECK(classify(mx_e8m0, 0xFF) == FloatClass::QuietNaN);
  CHECK(mx_e8m0.min_exponent() == -127);
  CHECK(mx_e8m0.max_exponent() == 127);
}

TEST_CASE("FNUZ formats: no -0, NaN at 0x80, values by hand") {
  // E4M3FNUZ, bias 8: every pattern but 0x80 is a number, so the largest is
  // 0x7F = 2^(15 - 8) x 1.111 = 128 x 1.875 = 240; the smallest subnormal
  // is 2^(1 - 8) x 0.001 = 2^-10.
  const Format& e4m3fnuz = *find_format("e4m3fnuz");
  CHECK(value_of(e4m3fnuz, 0x7F) == "240");
  CHECK(value_of(e4m3fnuz, 0x01) == "0.0009765625");
  CHECK(classify(e4m3fnuz, 0x80) == FloatClass::QuietNaN);
  CHECK(classify(e4m3fnuz, 0xFF) == FloatClass::Normal);
  CHECK(e4m3fnuz.default_nan_bits() == 0x80);
  // E5M2FNUZ, bias 16: 0x7F = 2^(31 - 16) x 1.11 = 57344.
  const Format& e5m2fnuz = *find_format("e5m2fnuz");
  CHECK(value_of(e5m2fnuz, 0x7F) == "57344");
  // -x for x = 0 is +0, never the NaN pattern; a negative result that
  // rounds to zero is +0.
  CHECK(multiply(e4m3fnuz, 0x00, 0xB8, Rounding::NearestEven).bits == 0x00);  // 0 x -0.5
  CHECK(subtract(e4m3fnuz, 0x00, 0x00, Rounding::NearestEven).bits == 0x00);
  const Rounded tiny = multiply(e4m3fnuz, 0x81, 0x01, Rounding::NearestEven);  // -2^-10 x 2^-10
  CHECK(tiny.bits == 0x00);
  CHECK(tiny.flags.bits == (Flags::underflow | Flags::inexact));
  CHECK(next_up(e4m3fnuz, 0x81) == 0x00);
  CHECK(next_down(e4m3fnuz, 0x00) == 0x81);
}

TEST_CASE("saturating conversions clamp infinite inputs to the largest finite number") {
  // As CUDA's __nv_cvt_float_to_fp8 with __NV_SATFINITE: +-inf gives
  // +-largest, raising overflow and inexact.
  const std::uint64_t infinity = 0x7F800000, minus_infinity = 0xFF800000;
  for (const Format* format : {&e5m2_saturating, &e4m3_saturating, &mx_e2m1, &mx_e2m3, &mx_e3m2}) {
    CAPTURE(format->name);
    const Rounded up = convert(binary32, *format, infinity, Rounding::NearestEven);
    CHECK(up.bits == format->max_finite_bits());
    CHECK(up.flags.bits == (Flags::overflow | Flags::inexact));
    const Rounded down = convert(binary32, *format, minus_infinity, Rounding::NearestEven);
    CHECK(down.bits == (format->sign_mask() | format->max_finite_bits()));
  }
  // Overflowing (not saturating) conversions keep IEEE's rules.
  CHECK(convert(binary32, e5m2, infinity, Rounding::NearestEven).bits == 0x7C);
  CHECK(convert(binary32, e4m3, infinity, Rounding::NearestEven).bits == 0x7F);
  CHECK(convert(binary32, e4m3, infinity, Rounding::NearestEven).flags.bits == Flags::invalid);
  // Finite values beyond the range saturate in every mode in E2M1: 7 -> 6.
  const Rounded seven = convert(binary32, mx_e2m1, 0x40E00000, Rounding::NearestEven);
  CHECK(seven.bits == 0x7);
  CHECK(seven.flags.bits == (Flags::overflow | Flags::inexact));
}

TEST_CASE("E8M0 arithmetic: no sign, no zero") {
  // 2^0 x 2^1 = 2^1; 2^0 + 2^0 = 2^1; 2^1 - 2^0 = 2^0 exactly; 2^0 - 2^0 =
  // 0 and 2^0 - 2^1 < 0 have no encoding: NaN, invalid.
  CHECK(multiply(mx_e8m0, 0x7F, 0x80, Rounding::NearestEven).bits == 0x80);
  CHECK(add(mx_e8m0, 0x7F, 0x7F, Rounding::NearestEven).bits == 0x80);
  CHECK(subtract(mx_e8m0, 0x80, 0x7F, Rounding::NearestEven).bits == 0x7F);
  const Rounded zero = subtract(mx_e8m0, 0x7F, 0x7F, Rounding::NearestEven);
  CHECK(zero.bits == 0xFF);
  CHECK(zero.flags.bits == Flags::invalid);
  const Rounded negative = subtract(mx_e8m0, 0x7F, 0x80, Rounding::NearestEven);
  CHECK(negative.bits == 0xFF);
  CHECK(negative.flags.bits == Flags::invalid);
  // 3 = 1.1 x 2^1 is a tie between 2 and 4 in one significant bit; the even
  // rule looks at that bit, which is always 1, so ties go up: 4.
  CHECK(convert(binary32, mx_e8m0, 0x40400000, Rounding::NearestEven).bits == 0x81);
  CHECK(convert(binary32, mx_e8m0, 0x40400000, Rounding::TowardZero).bits == 0x80);
  // 0 and -1 have no encoding.
  CHECK(convert(binary32, mx_e8m0, 0x00000000, Rounding::NearestEven).bits == 0xFF);
  CHECK(convert(binary32, mx_e8m0, 0xBF800000, Rounding::NearestEven).flags.bits == Flags::invalid);
}

TEST_CASE("the array engine gives the scalar results for formats without kernels") {
  // Every pair of E2M3 encodings through the array entry point (which goes
  // element by element for it) against the scalar operation, in every mode.
  std::vector<std::uint8_t> a, b;
  for (unsigned x = 0; x < 64; ++x)
    for (unsigned y = 0; y < 64; ++y) {
      a.push_back(std::uint8_t(x));
      b.push_back(std::uint8_t(y));
    }
  std::vector<std::uint8_t> out(a.size());
  std::vector<Flags> flags(a.size());
  for (Rounding mode : all_deterministic_roundings) {
    const Flags all = multiply(mx_e2m3, std::span<const std::uint8_t>(a),
                               std::span<const std::uint8_t>(b), std::span<std::uint8_t>(out), mode,
                               ArrayOptions{Tininess::AfterRounding, 0, flags});
    long mismatches = 0;
    std::uint8_t union_of_flags = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const Rounded scalar = multiply(mx_e2m3, a[i], b[i], mode);
      mismatches += scalar.bits != out[i] || scalar.flags != flags[i];
      union_of_flags |= scalar.flags.bits;
    }
    CHECK(mismatches == 0);
    CHECK(all.bits == union_of_flags);
  }
  // binary32 to E2M1 through the array engine: 0.3 -> 0.5 (0x1), 7 -> 6
  // (0x7, saturated), -0.25 -> -0 (a tie: even, 0x8).
  const std::uint32_t inputs[] = {0x3E99999A, 0x40E00000, 0xBE800000};
  std::uint8_t converted[3] = {};
  convert(binary32, mx_e2m1, std::span<const std::uint32_t>(inputs),
          std::span<std::uint8_t>(converted), Rounding::NearestEven, ArrayOptions{});
  CHECK(converted[0] == 0x1);
  CHECK(converted[1] == 0x7);
  CHECK(converted[2] == 0x8);
}
