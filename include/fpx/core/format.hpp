// Floating-point format descriptors: how many bits, where they go, and what
// the all-ones exponent field means.
#pragma once

#include <boost/preprocessor/seq/for_each.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace fpx {

// What the encoding spends on non-finite values.
enum class SpecialEncoding : std::uint8_t {
  // IEEE 754: exponent field all ones is infinity (fraction 0) or NaN.
  Ieee,
  // OCP 8-bit "FN" formats (E4M3): no infinities; only the patterns with
  // exponent and fraction all ones are NaN, every other pattern is finite.
  NanOnlyAllOnes,
  // "FNUZ" formats (the E4M3FNUZ and E5M2FNUZ of some accelerators): no
  // infinities, no negative zero; the one NaN is the pattern of -0 (sign bit
  // only), every other pattern is finite.
  NanAtNegativeZero,
  // OCP MX FP6 and FP4: no infinities and no NaN, every pattern is finite.
  // An invalid operation gives +0 (and raises invalid); overflow saturates.
  FiniteOnly,
};

// What a finite result too large for the format becomes.
enum class OverflowPolicy : std::uint8_t {
  // IEEE 754 7.4: infinity or the largest finite number, by rounding
  // direction. A format without infinities gives NaN where IEEE gives inf.
  Ieee,
  // OCP 8-bit spec "saturating" conversion, as CUDA's __nv_cvt_*_fp8 with
  // __NV_SATFINITE: always the largest finite number of the right sign,
  // infinite inputs of a conversion included.
  Saturate,
};

struct Format {
  std::string_view name;
  int exponent_bits;  // width of the biased exponent field
  int precision;      // significand bits including the hidden bit
  int bias;
  SpecialEncoding special_encoding = SpecialEncoding::Ieee;
  OverflowPolicy overflow = OverflowPolicy::Ieee;
  // False for OCP MX E8M0: no sign bit; a negative result is NaN.
  bool is_signed = true;
  // False for OCP MX E8M0: exponent field 0 is the normal number 2^-bias, so
  // there is neither zero nor a subnormal number; a result that would round
  // to zero is NaN. Only formats without fraction bits leave out zero.
  bool has_zero = true;

  constexpr int fraction_bits() const { return precision - 1; }
  constexpr int width() const { return int(is_signed) + exponent_bits + fraction_bits(); }
  constexpr int hex_digits() const { return (width() + 3) / 4; }
  // Smallest unbiased exponent of a normal number (IEEE emin).
  constexpr int min_exponent() const { return (has_zero ? 1 : 0) - bias; }
  // Largest unbiased exponent of a finite number (IEEE emax).
  constexpr int max_exponent() const {
    int all_ones = (1 << exponent_bits) - 1;
    const bool top_field_partly_special =
        special_encoding == SpecialEncoding::NanOnlyAllOnes && fraction_bits() == 0;
    return (special_encoding == SpecialEncoding::Ieee || top_field_partly_special ? all_ones - 1
                                                                                  : all_ones) -
           bias;
  }
  // Exponent of the least significant bit of a subnormal number.
  constexpr int min_quantum_exponent() const { return min_exponent() - fraction_bits(); }
  constexpr bool has_infinity() const { return special_encoding == SpecialEncoding::Ieee; }
  constexpr bool has_nan() const { return special_encoding != SpecialEncoding::FiniteOnly; }
  constexpr bool has_negative_zero() const {
    return is_signed && has_zero && special_encoding != SpecialEncoding::NanAtNegativeZero;
  }

  constexpr std::uint64_t sign_mask() const {
    return is_signed ? std::uint64_t{1} << (width() - 1) : 0;
  }
  constexpr std::uint64_t magnitude_mask() const {
    // All 64 bits in a format without a sign bit of that width.
    const int bits = exponent_bits + fraction_bits();
    return bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
  }
  constexpr std::uint64_t fraction_mask() const {
    return (std::uint64_t{1} << fraction_bits()) - 1;
  }
  constexpr std::uint64_t exponent_field_mask() const {
    return magnitude_mask() & ~fraction_mask();
  }
  constexpr std::uint64_t quiet_bit() const { return std::uint64_t{1} << (fraction_bits() - 1); }

  // Magnitude bits of the largest finite number.
  constexpr std::uint64_t max_finite_bits() const {
    switch (special_encoding) {
      case SpecialEncoding::Ieee: return exponent_field_mask() - 1;
      case SpecialEncoding::NanOnlyAllOnes: return magnitude_mask() - 1;  // E4M3: S.1111.110 = 448
      default: return magnitude_mask();  // every pattern but -0 is a number
    }
  }
  constexpr std::uint64_t infinity_bits() const { return exponent_field_mask(); }
  // The NaN every operation returns (see README, "NaN policy"): positive,
  // quiet, payload zero; E4M3 has a single NaN pattern per sign, FNUZ formats
  // one in all (that of -0). A finite-only format has none: +0 stands in.
  constexpr std::uint64_t default_nan_bits() const {
    switch (special_encoding) {
      case SpecialEncoding::Ieee: return exponent_field_mask() | quiet_bit();
      case SpecialEncoding::NanOnlyAllOnes: return magnitude_mask();
      case SpecialEncoding::NanAtNegativeZero: return sign_mask();
      case SpecialEncoding::FiniteOnly: return 0;
    }
    return 0;
  }

  // Two descriptors are the same format when they encode the same values the
  // same way; the name takes part so that a renamed copy is not mistaken for
  // the original.
  friend constexpr bool operator==(const Format&, const Format&) = default;
};

// IEEE 754 binary formats.
inline constexpr Format binary64{"binary64", 11, 53, 1023};
inline constexpr Format binary32{"binary32", 8, 24, 127};
inline constexpr Format binary16{"binary16", 5, 11, 15};
// Google Brain float: binary32's exponent range with 8 significant bits.
inline constexpr Format bfloat16{"bfloat16", 8, 8, 127};
// NVIDIA TensorFloat-32: 1 + 8 + 10 bits (stored here as a 19-bit pattern).
inline constexpr Format tf32{"tf32", 8, 11, 127};
// OCP 8-bit floating point (OFP8) 1.0: E5M2 is IEEE-like, E4M3 has no
// infinities and a single NaN per sign, so its maximum is 448.
inline constexpr Format e5m2{"e5m2", 5, 3, 15};
inline constexpr Format e4m3{"e4m3", 4, 4, 7, SpecialEncoding::NanOnlyAllOnes};
inline constexpr Format e5m2_saturating{
    "e5m2sat", 5, 3, 15, SpecialEncoding::Ieee, OverflowPolicy::Saturate};
inline constexpr Format e4m3_saturating{
    "e4m3sat", 4, 4, 7, SpecialEncoding::NanOnlyAllOnes, OverflowPolicy::Saturate};

// The predefined formats, once, in the order `--format all` shows them, as a
// Boost.Preprocessor sequence: all_formats() and the explicit instantiations
// of the operations (src/core/*.cpp) are generated from it.
#define FPX_PREDEFINED_FORMATS \
  (binary64)(binary32)(tf32)(bfloat16)(binary16)(e5m2)(e4m3)(e5m2_saturating)(e4m3_saturating)
// X(format) for each predefined format.
#define FPX_FOR_EACH_PREDEFINED_FORMAT(X) \
  BOOST_PP_SEQ_FOR_EACH(FPX_DETAIL_APPLY_TO_FORMAT, X, FPX_PREDEFINED_FORMATS)
#define FPX_DETAIL_APPLY_TO_FORMAT(repetition, X, format) X(format)

enum class FloatClass : std::uint8_t { Zero, Subnormal, Normal, Infinity, QuietNaN, SignalingNaN };

// Questions about one encoded value (bits right-aligned, above width() ignored).
FloatClass classify(const Format& format, std::uint64_t bits);
std::string_view class_name(FloatClass value_class);  // "normal", "quiet NaN", ...
// IEEE 754-2019 5.3.1 nextUp / nextDown. Past the largest finite number a
// format without infinities (E4M3) gives its NaN.
std::uint64_t next_up(const Format& format, std::uint64_t bits);
std::uint64_t next_down(const Format& format, std::uint64_t bits);
// The unit in the last place of a finite value, 2^(exponent - fraction_bits)
// (the subnormal quantum below 2^emin), as a positive encoding; inf for inf,
// NaN for NaN.
std::uint64_t unit_in_last_place(const Format& format, std::uint64_t bits);
// The encoding of 2^exponent if representable (finite), else nothing.
std::optional<std::uint64_t> power_of_two(const Format& format, int exponent);

// OCP Microscaling (MX) v1.0 element and scale formats. They are not
// compiled per format (not in FPX_PREDEFINED_FORMATS): the operations take
// the run-time path for them, as for any format spelled eXmY.
// FP6 E2M3 (largest 7.5), FP6 E3M2 (largest 28), FP4 E2M1 (largest 6):
// finite-only, no infinities, no NaN; conversions saturate.
inline constexpr Format mx_e2m3{
    "e2m3", 2, 4, 1, SpecialEncoding::FiniteOnly, OverflowPolicy::Saturate};
inline constexpr Format mx_e3m2{
    "e3m2", 3, 3, 3, SpecialEncoding::FiniteOnly, OverflowPolicy::Saturate};
inline constexpr Format mx_e2m1{
    "e2m1", 2, 2, 1, SpecialEncoding::FiniteOnly, OverflowPolicy::Saturate};
// E8M0, the MX scale: 8 exponent bits, bias 127, no sign, no zero, 0xFF NaN;
// values 2^-127 .. 2^127.
inline constexpr Format mx_e8m0{
    "e8m0", 8, 1, 127, SpecialEncoding::NanOnlyAllOnes, OverflowPolicy::Ieee, false, false};

// Every predefined format, in the order `--format all` shows them.
std::span<const Format* const> all_formats();
// Whether `format` is one of the predefined formats (or an equal copy), the
// ones with compiled kernels.
bool is_predefined(const Format& format);
// The named formats beyond the predefined ones (the OCP MX formats above,
// e4m3fnuz, e5m2fnuz), in the order `fpx --help` lists them.
std::span<const Format* const> named_formats();
// Looks a format up by name (also accepts the aliases fp64, fp32, fp16,
// bf16, f64, f32, f16, e4m3fn, fp8e4m3, fp8e5m2...) or builds it from a
// spelling (see parse_format). Null if neither.
// The pointer stays valid for the life of the program.
const Format* find_format(std::string_view name);
// A format from its spelling e<X>m<Y>[fn|fnuz|fin][sat][b<bias>]:
//   X exponent bits (1..11), Y fraction bits (0..52), 1 + X + Y <= 64;
//   no suffix: IEEE-like (all-ones exponent is infinity or NaN);
//   fn:   no infinities, the all-ones pattern of each sign is NaN (OCP E4M3);
//   fnuz: no infinities, no -0, NaN is the sign-only pattern 0x80...;
//         the bias defaults to 2^(X-1), one more than IEEE's;
//   fin:  finite only, no NaN (OCP FP6/FP4); overflow saturates;
//   sat:  saturating conversion (overflow and infinite inputs give the
//         largest finite number);
//   b<N>: the bias N (default 2^(X-1) - 1, as IEEE).
// A spelling equal to a named format gives that one (e5m10 is binary16,
// e2m1fin is e2m1). Formats parse_format makes are interned: equal spellings
// give the same object, which lives as long as the program. Returns the
// format, or the reason the spelling is not one.
struct ParsedFormat {
  const Format* format = nullptr;
  std::string error;  // why not, when format is null
};
ParsedFormat parse_format(std::string_view spelling);
// What to tell a user whose format name find_format does not know: the
// accepted names and the closest one ("fp8" is explained: e4m3 or e5m2).
std::string unknown_format_message(std::string_view name);
// The spellings in one paragraph, for --help.
std::string format_spelling_help();

}  // namespace fpx
