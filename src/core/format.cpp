#include "fpx/core/format.hpp"

#include <string>

#include "fpx/core/text.hpp"

namespace fpx {

std::span<const Format* const> all_formats() {
#define FPX_ADDRESS_OF(format) &format,
  static constexpr const Format* formats[] = {FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_ADDRESS_OF)};
#undef FPX_ADDRESS_OF
  return formats;
}

namespace {

// Other names in use for the predefined formats.
struct Alias {
  std::string_view alias;
  const Format* format;
};
constexpr Alias aliases[] = {
    {"fp64", &binary64},
    {"f64", &binary64},
    {"double", &binary64},
    {"fp32", &binary32},
    {"f32", &binary32},
    {"float", &binary32},
    {"single", &binary32},
    {"fp16", &binary16},
    {"f16", &binary16},
    {"half", &binary16},
    {"bf16", &bfloat16},
    {"tensorfloat32", &tf32},
    {"e5m2fn", &e5m2},
    {"fp8e5m2", &e5m2},
    {"fp8_e5m2", &e5m2},
    {"e4m3fn", &e4m3},
    {"fp8e4m3", &e4m3},
    {"fp8_e4m3", &e4m3},
    {"e4m3-sat", &e4m3_saturating},
    {"e5m2-sat", &e5m2_saturating},
};

}  // namespace

const Format* find_format(std::string_view name) {
  const std::string lower = to_lower(name);
  for (const Format* format : all_formats())
    if (format->name == lower) return format;
  for (const Alias& alias : aliases)
    if (alias.alias == lower) return alias.format;
  return nullptr;
}

std::string unknown_format_message(std::string_view name) {
  const std::string lower = to_lower(name);
  if (lower == "fp8" || lower == "float8" || lower == "8")
    return quote(name) +
           " names two formats: use e4m3 (OCP E4M3: 4 exponent bits, largest 448) or e5m2 (OCP "
           "E5M2: 5 exponent bits, IEEE-like, largest 57344)";
  std::vector<std::string_view> names, candidates;
  for (const Format* format : all_formats()) names.push_back(format->name);
  candidates = names;
  for (const Alias& alias : aliases) candidates.push_back(alias.alias);
  std::string message = "unknown format " + quote(name) + " (expected ";
  for (std::size_t k = 0; k < names.size(); ++k) message += (k ? ", " : "") + std::string(names[k]);
  if (const auto suggestion = closest_name(name, candidates))
    message += "; did you mean " + std::string(*suggestion) + "?";
  return message + ")";
}

}  // namespace fpx

namespace fpx {

FloatClass classify(const Format& format, std::uint64_t bits) {
  const std::uint64_t magnitude = bits & format.magnitude_mask();
  const std::uint64_t field = magnitude >> format.fraction_bits();
  const std::uint64_t fraction = magnitude & format.fraction_mask();
  if (format.has_infinity()) {
    if (field == (std::uint64_t{1} << format.exponent_bits) - 1) {
      if (fraction == 0) return FloatClass::Infinity;
      return (fraction & format.quiet_bit()) ? FloatClass::QuietNaN : FloatClass::SignalingNaN;
    }
  } else if (magnitude == format.magnitude_mask()) {
    return FloatClass::QuietNaN;
  }
  if (field == 0) return fraction == 0 ? FloatClass::Zero : FloatClass::Subnormal;
  return FloatClass::Normal;
}

std::string_view class_name(FloatClass value_class) {
  switch (value_class) {
    case FloatClass::Zero: return "zero";
    case FloatClass::Subnormal: return "subnormal";
    case FloatClass::Normal: return "normal";
    case FloatClass::Infinity: return "infinity";
    case FloatClass::QuietNaN: return "quiet NaN";
    case FloatClass::SignalingNaN: return "signaling NaN";
  }
  return "?";
}

namespace {

std::uint64_t beyond_largest(const Format& format, bool negative) {
  if (!format.has_infinity()) return format.default_nan_bits();
  return (negative ? format.sign_mask() : 0) | format.infinity_bits();
}

bool is_nan_class(FloatClass c) {
  return c == FloatClass::QuietNaN || c == FloatClass::SignalingNaN;
}

}  // namespace

std::uint64_t next_up(const Format& format, std::uint64_t bits) {
  bits &= format.sign_mask() | format.magnitude_mask();
  const FloatClass value_class = classify(format, bits);
  if (is_nan_class(value_class)) return format.default_nan_bits();
  const bool negative = (bits & format.sign_mask()) != 0;
  const std::uint64_t magnitude = bits & format.magnitude_mask();
  if (value_class == FloatClass::Zero) return 1;  // smallest positive subnormal
  if (value_class == FloatClass::Infinity)
    return negative ? format.sign_mask() | format.max_finite_bits() : bits;
  if (negative) return magnitude == 1 ? format.sign_mask() : bits - 1;  // toward -0
  if (magnitude == format.max_finite_bits()) return beyond_largest(format, false);
  return bits + 1;
}

std::uint64_t next_down(const Format& format, std::uint64_t bits) {
  // nextDown(x) = -nextUp(-x).
  const std::uint64_t up = next_up(format, bits ^ format.sign_mask());
  if (is_nan_class(classify(format, up))) return format.default_nan_bits();
  return up ^ format.sign_mask();
}

std::optional<std::uint64_t> power_of_two(const Format& format, int exponent) {
  if (exponent > format.max_exponent() || exponent < format.min_quantum_exponent()) return {};
  if (exponent >= format.min_exponent())
    return std::uint64_t(exponent + format.bias) << format.fraction_bits();
  return std::uint64_t{1} << (exponent - format.min_quantum_exponent());
}

std::uint64_t unit_in_last_place(const Format& format, std::uint64_t bits) {
  const FloatClass value_class = classify(format, bits);
  if (is_nan_class(value_class)) return format.default_nan_bits();
  if (value_class == FloatClass::Infinity) return format.infinity_bits();
  const std::uint64_t field = (bits & format.magnitude_mask()) >> format.fraction_bits();
  const int exponent = field == 0 ? format.min_exponent() : int(field) - format.bias;
  return *power_of_two(format, exponent - format.fraction_bits());
}

}  // namespace fpx
