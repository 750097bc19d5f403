// fpx::Float<Format>: a floating-point value of a fixed format whose every
// operation rounds explicitly. A thin typed face over operations.hpp; all
// arithmetic is integer code.
//
//   auto third = fpx::Float32::from_string("1/3").value;     // nearest even
//   auto r = fpx::add(third, third, fpx::Rounding::TowardZero);
//   r.value.bits(); r.flags.has(fpx::Flags::inexact);
//   fpx::Float32 x = third + third;                          // operators: nearest even
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx {

template <const Format& F>
class Float;

// A value and the flags raised while producing it.
template <const Format& F>
struct Result {
  Float<F> value;
  Flags flags;
};

template <const Format& F>
class Float {
 public:
  using Storage = std::conditional_t<
      (F.width() <= 8), std::uint8_t,
      std::conditional_t<(F.width() <= 16), std::uint16_t,
                         std::conditional_t<(F.width() <= 32), std::uint32_t, std::uint64_t>>>;
  static constexpr const Format& format = F;

  constexpr Float() = default;  // +0
  // Rounds to nearest even (use from_double for flags or another mode).
  explicit Float(double value) : Float(from_double(value).value) {}

  // Bits above the format's width are ignored.
  static constexpr Float from_bits(std::uint64_t bits) {
    Float out;
    out.bits_ = Storage(bits & (F.sign_mask() | F.magnitude_mask()));
    return out;
  }
  // Decimal, hexadecimal, ratio, inf, nan (see parse_number); throws ParseError.
  static Result<F> from_string(std::string_view text, Rounding mode = Rounding::NearestEven,
                               const RoundingOptions& options = {}) {
    return wrap(parse_number(F, text, mode, options));
  }
  // The double's bits are converted exactly as a binary64 encoding (no host
  // arithmetic is involved).
  static Result<F> from_double(double value, Rounding mode = Rounding::NearestEven,
                               const RoundingOptions& options = {}) {
    return wrap(fpx::convert<binary64, F>(std::bit_cast<std::uint64_t>(value), mode, options));
  }

  constexpr std::uint64_t bits() const { return bits_; }
  constexpr bool sign() const { return (bits_ & F.sign_mask()) != 0; }  // true if negative
  constexpr int biased_exponent() const {
    return int((bits_ & F.magnitude_mask()) >> F.fraction_bits());
  }
  // Unbiased exponent; subnormals and zeros report emin, as their scale is 2^emin.
  constexpr int exponent() const {
    return biased_exponent() == 0 ? F.min_exponent() : biased_exponent() - F.bias;
  }
  constexpr std::uint64_t fraction() const { return bits_ & F.fraction_mask(); }
  // The integer significand including the hidden bit (value = significand *
  // 2^(exponent - fraction_bits) for finite values).
  constexpr std::uint64_t significand() const {
    return biased_exponent() == 0 ? fraction()
                                  : fraction() | (std::uint64_t{1} << F.fraction_bits());
  }

  FloatClass classification() const { return classify(F, bits_); }
  bool is_nan() const {
    auto c = classification();
    return c == FloatClass::QuietNaN || c == FloatClass::SignalingNaN;
  }
  bool is_infinite() const { return classification() == FloatClass::Infinity; }
  bool is_zero() const { return classification() == FloatClass::Zero; }
  bool is_subnormal() const { return classification() == FloatClass::Subnormal; }
  bool is_normal() const { return classification() == FloatClass::Normal; }
  bool is_finite() const { return !is_nan() && !is_infinite(); }

  Float next_up() const { return from_bits(fpx::next_up(F, bits_)); }
  Float next_down() const { return from_bits(fpx::next_down(F, bits_)); }
  Float ulp() const { return from_bits(unit_in_last_place(F, bits_)); }

  std::string exact_decimal() const { return fpx::exact_decimal(F, bits_); }
  std::string shortest_decimal() const { return fpx::shortest_decimal(F, bits_); }

  template <const Format& To>
  Result<To> convert(Rounding mode = Rounding::NearestEven,
                     const RoundingOptions& options = {}) const {
    return Float<To>::wrap(fpx::convert<F, To>(bits_, mode, options));
  }

  // Negation is exact (IEEE 754 5.5.1): it only flips the sign bit.
  constexpr Float operator-() const { return from_bits(bits_ ^ F.sign_mask()); }

  static Result<F> wrap(Rounded rounded) {
    return Result<F>{from_bits(rounded.bits), rounded.flags};
  }

 private:
  Storage bits_ = 0;
};

using Float64 = Float<binary64>;
using Float32 = Float<binary32>;
using Float16 = Float<binary16>;
using BFloat16 = Float<bfloat16>;
using TensorFloat32 = Float<tf32>;
using Float8E5M2 = Float<e5m2>;
using Float8E4M3 = Float<e4m3>;

template <const Format& F>
Result<F> add(Float<F> a, Float<F> b, Rounding mode, const RoundingOptions& options = {}) {
  return Float<F>::wrap(add<F>(a.bits(), b.bits(), mode, options));
}
template <const Format& F>
Result<F> subtract(Float<F> a, Float<F> b, Rounding mode, const RoundingOptions& options = {}) {
  return Float<F>::wrap(subtract<F>(a.bits(), b.bits(), mode, options));
}
template <const Format& F>
Result<F> multiply(Float<F> a, Float<F> b, Rounding mode, const RoundingOptions& options = {}) {
  return Float<F>::wrap(multiply<F>(a.bits(), b.bits(), mode, options));
}
template <const Format& F>
Result<F> divide(Float<F> a, Float<F> b, Rounding mode, const RoundingOptions& options = {}) {
  return Float<F>::wrap(divide<F>(a.bits(), b.bits(), mode, options));
}
template <const Format& F>
Result<F> square_root(Float<F> a, Rounding mode, const RoundingOptions& options = {}) {
  return Float<F>::wrap(square_root<F>(a.bits(), mode, options));
}
template <const Format& F>
Result<F> fused_multiply_add(Float<F> a, Float<F> b, Float<F> c, Rounding mode,
                             const RoundingOptions& options = {}) {
  return Float<F>::wrap(fused_multiply_add<F>(a.bits(), b.bits(), c.bits(), mode, options));
}

// The operators round to nearest even and drop the flags.
template <const Format& F>
Float<F> operator+(Float<F> a, Float<F> b) {
  return add(a, b, Rounding::NearestEven).value;
}
template <const Format& F>
Float<F> operator-(Float<F> a, Float<F> b) {
  return subtract(a, b, Rounding::NearestEven).value;
}
template <const Format& F>
Float<F> operator*(Float<F> a, Float<F> b) {
  return multiply(a, b, Rounding::NearestEven).value;
}
template <const Format& F>
Float<F> operator/(Float<F> a, Float<F> b) {
  return divide(a, b, Rounding::NearestEven).value;
}

}  // namespace fpx
