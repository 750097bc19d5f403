#include "fpx/core/integer_conversion.hpp"

#include <bit>

#include "fpx/core/text.hpp"
#include "fpx/core/unpacked.hpp"

namespace fpx {

std::span<const IntegerType* const> integer_types() {
  static constexpr const IntegerType* types[] = {&int8,  &uint8,  &int16, &uint16,
                                                 &int32, &uint32, &int64, &uint64};
  return types;
}

const IntegerType* find_integer_type(std::string_view name) {
  const std::string lower = to_lower(name);
  for (const IntegerType* type : integer_types())
    if (type->name == lower) return type;
  return nullptr;
}

namespace {

// A format whose numbers below 2^63 are exactly the integers: with 64
// significant bits and emin = 63, its subnormals have the quantum 2^0. No
// sign (magnitudes are rounded), finite only; the numbers from 2^63 to
// 2^64 - 1 are its normal numbers of exponent 63.
constexpr Format integer_grid{
    "integer grid", 1, 64, -62, SpecialEncoding::FiniteOnly, OverflowPolicy::Saturate, false, true};
static_assert(integer_grid.min_quantum_exponent() == 0 && integer_grid.width() == 64);

// Rounding the magnitude of a negative value: the directed modes swap.
Rounding magnitude_mode(Rounding mode, bool negative) {
  if (!negative) return mode;
  if (mode == Rounding::TowardPositive) return Rounding::TowardNegative;
  if (mode == Rounding::TowardNegative) return Rounding::TowardPositive;
  return mode;
}

IntegerRounded out_of_range(const IntegerType& to, IntegerOverflow overflow, bool negative,
                            bool nan) {
  IntegerRounded out;
  out.flags.bits = Flags::invalid;
  if (overflow == IntegerOverflow::Indefinite) {
    out.bits = to.is_signed ? to.largest_negative() : to.largest_positive();
    return out;
  }
  if (nan) return out;
  out.bits = negative ? (~to.largest_negative() + 1) & to.mask() : to.largest_positive();
  return out;
}

// The rounded magnitude on the integer grid as an integer of type `to`.
IntegerRounded in_type(const Rounded& r, bool negative, const IntegerType& to,
                       IntegerOverflow overflow) {
  const std::uint64_t magnitude = r.bits;
  const std::uint64_t limit = negative ? to.largest_negative() : to.largest_positive();
  if (magnitude > limit) return out_of_range(to, overflow, negative, false);
  IntegerRounded out;
  out.bits = (negative ? ~magnitude + 1 : magnitude) & to.mask();
  // The grid's underflow is no concern of an integer.
  out.flags.bits = r.flags.bits & Flags::inexact;
  return out;
}

}  // namespace

IntegerRounded convert_to_integer(const Format& from, std::uint64_t bits, const IntegerType& to,
                                  Rounding mode, IntegerOverflow overflow,
                                  const RoundingOptions& options) {
  const Unpacked x = unpack(from, bits);
  if (x.is_nan()) return out_of_range(to, overflow, false, true);
  if (x.is_infinity()) return out_of_range(to, overflow, x.negative, false);
  if (x.is_zero()) return IntegerRounded{};
  // From 2^64 on no integer type holds the value (and the grid's numbers end).
  const int leading = x.exponent + std::bit_width(x.significand) - 1;
  if (leading >= 64) return out_of_range(to, overflow, x.negative, false);
  const Rounded r = round_pack(integer_grid, false, x.exponent, UInt128(x.significand), false,
                               magnitude_mode(mode, x.negative), options);
  return in_type(r, x.negative, to, overflow);
}

IntegerRounded round_to_integer(const Rational& value, const IntegerType& to, Rounding mode,
                                const RoundingOptions& options, IntegerOverflow overflow) {
  if (value == 0) return IntegerRounded{};
  const bool negative = value < 0;
  const Rational magnitude = negative ? Rational(-value) : value;
  if (magnitude >= Rational(BigInteger(1) << 64))
    return out_of_range(to, overflow, negative, false);
  const Rounded r =
      round_rational(integer_grid, false, numerator(magnitude), denominator(magnitude), 0,
                     magnitude_mode(mode, negative), options);
  return in_type(r, negative, to, overflow);
}

}  // namespace fpx
