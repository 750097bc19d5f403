#include "fpx/core/printing.hpp"

#include <fmt/format.h>

namespace fpx {
namespace {

std::string binary(std::uint64_t value, int width) {
  std::string out(std::size_t(width), '0');
  for (int i = 0; i < width; ++i)
    if ((value >> (width - 1 - i)) & 1) out[std::size_t(i)] = '1';
  return out;
}

}  // namespace

std::string fraction_bits_text(const Format& format, std::uint64_t bits) {
  return binary(bits & format.fraction_mask(), format.fraction_bits());
}

std::string lecture_notation(const Format& format, std::uint64_t bits) {
  const bool negative = (bits & format.sign_mask()) != 0;
  const std::string sign = negative ? "-" : "";
  switch (classify(format, bits)) {
    case FloatClass::Zero: return sign + "0";
    case FloatClass::Infinity: return sign + "inf";
    case FloatClass::QuietNaN:
    case FloatClass::SignalingNaN: return "nan";
    case FloatClass::Subnormal:
      return fmt::format("{}2^{} x 0.{}", sign, format.min_exponent(),
                         fraction_bits_text(format, bits));
    case FloatClass::Normal: break;
  }
  const int biased = int((bits & format.magnitude_mask()) >> format.fraction_bits());
  if (format.fraction_bits() == 0) return fmt::format("{}2^{}", sign, biased - format.bias);
  return fmt::format("{}2^{} x 1.{}", sign, biased - format.bias, fraction_bits_text(format, bits));
}

std::string field_split(const Format& format, std::uint64_t bits) {
  const std::uint64_t field = (bits & format.magnitude_mask()) >> format.fraction_bits();
  // E8M0 has no sign bit, formats without fraction bits no fraction field.
  std::string out = format.is_signed ? ((bits & format.sign_mask()) ? "1 | " : "0 | ") : "";
  out += binary(field, format.exponent_bits);
  if (format.fraction_bits() > 0) out += " | " + fraction_bits_text(format, bits);
  return out;
}

}  // namespace fpx
