// An encoded value taken apart: its class, sign, integer significand and the
// exponent of the significand's last bit. The one decoder that the
// operations, the exact accumulator and the tensor-core model share (the MPFR
// reference keeps its own, so that it stays independent of the core).
#pragma once

#include <cstdint>

#include "fpx/core/format.hpp"

namespace fpx {

enum class Kind : std::uint8_t { Zero, Finite, Infinity, QuietNaN, SignalingNaN };

// value = (-1)^negative * significand * 2^exponent, where exponent is that of
// the significand's last bit (subnormals are not normalized: their exponent
// is the subnormal quantum, format.min_quantum_exponent()). Zeros, infinities
// and NaNs have significand 0 and exponent 0.
struct Unpacked {
  bool negative = false;
  Kind kind = Kind::Zero;
  int exponent = 0;
  std::uint64_t significand = 0;

  constexpr bool is_nan() const { return kind >= Kind::QuietNaN; }
  constexpr bool is_signaling() const { return kind == Kind::SignalingNaN; }
  constexpr bool is_infinity() const { return kind == Kind::Infinity; }
  constexpr bool is_zero() const { return kind == Kind::Zero; }
  constexpr bool is_finite() const { return kind <= Kind::Finite; }
  // The exponent of the value's scale: exponent + fraction bits, which is the
  // unbiased exponent of a normal number and emin for a subnormal.
  constexpr int scale_exponent(const Format& format) const {
    return exponent + format.fraction_bits();
  }
};

// Always inlined: with the format a compile-time constant at the call, its
// fields fold into the code of the operation.
[[gnu::always_inline]] constexpr Unpacked unpack(const Format& format, std::uint64_t bits) {
  Unpacked out;
  out.negative = (bits & format.sign_mask()) != 0;
  const std::uint64_t magnitude = bits & format.magnitude_mask();
  const std::uint64_t field = magnitude >> format.fraction_bits();
  const std::uint64_t fraction = magnitude & format.fraction_mask();
  const std::uint64_t all_ones = (std::uint64_t{1} << format.exponent_bits) - 1;
  if (format.special_encoding == SpecialEncoding::Ieee) {
    if (field == all_ones) {
      out.kind = fraction == 0                     ? Kind::Infinity
                 : (fraction & format.quiet_bit()) ? Kind::QuietNaN
                                                   : Kind::SignalingNaN;
      return out;
    }
  } else if (format.special_encoding == SpecialEncoding::NanOnlyAllOnes) {
    if (magnitude == format.magnitude_mask()) {
      out.kind = Kind::QuietNaN;
      return out;
    }
  } else if (format.special_encoding == SpecialEncoding::NanAtNegativeZero) {
    if (out.negative && magnitude == 0) {
      out.kind = Kind::QuietNaN;
      return out;
    }
  }
  // Without zero (E8M0) every field, 0 included, is a normal number.
  if (field == 0 && format.has_zero) {
    if (fraction == 0) return out;
    out.kind = Kind::Finite;
    out.exponent = format.min_quantum_exponent();
    out.significand = fraction;
    return out;
  }
  out.kind = Kind::Finite;
  out.exponent = int(field) - format.bias - format.fraction_bits();
  out.significand = fraction | (std::uint64_t{1} << format.fraction_bits());
  return out;
}

// True for normal numbers (of either sign): the common case, which each
// operation tests first to skip the special-value logic.
[[gnu::always_inline]] constexpr bool is_normal(const Format& format, std::uint64_t bits) {
  const std::uint64_t magnitude = bits & format.magnitude_mask();
  const std::uint64_t field = magnitude >> format.fraction_bits();
  const std::uint64_t all_ones = (std::uint64_t{1} << format.exponent_bits) - 1;
  if (format.special_encoding == SpecialEncoding::Ieee) return field - 1 < all_ones - 1;
  const bool field_normal = field != 0 || !format.has_zero;
  if (format.special_encoding == SpecialEncoding::NanOnlyAllOnes)
    return field_normal && magnitude != format.magnitude_mask();
  return field_normal;  // FNUZ's NaN and finite-only formats: field 0 is zero or subnormal
}

// unpack() for a number known to be normal.
[[gnu::always_inline]] constexpr Unpacked unpack_normal(const Format& format, std::uint64_t bits) {
  const std::uint64_t field = (bits & format.magnitude_mask()) >> format.fraction_bits();
  return Unpacked{(bits & format.sign_mask()) != 0, Kind::Finite,
                  int(field) - format.bias - format.fraction_bits(),
                  (bits & format.fraction_mask()) | (std::uint64_t{1} << format.fraction_bits())};
}

}  // namespace fpx
