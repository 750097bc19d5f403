#include "fpx/core/format.hpp"

#include <charconv>
#include <deque>
#include <mutex>
#include <string>

#include "fpx/core/text.hpp"

namespace fpx {

std::span<const Format* const> all_formats() {
#define FPX_ADDRESS_OF(format) &format,
  static constexpr const Format* formats[] = {FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_ADDRESS_OF)};
#undef FPX_ADDRESS_OF
  return formats;
}

bool is_predefined(const Format& format) {
  for (const Format* known : all_formats())
    if (*known == format) return true;
  return false;
}

std::span<const Format* const> named_formats() {
  static constexpr const Format* formats[] = {&mx_e2m3, &mx_e3m2, &mx_e2m1, &mx_e8m0};
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
    {"fp8e5m2", &e5m2},
    {"fp8_e5m2", &e5m2},
    {"e4m3fn", &e4m3},
    {"fp8e4m3", &e4m3},
    {"fp8_e4m3", &e4m3},
    {"e4m3-sat", &e4m3_saturating},
    {"e5m2-sat", &e5m2_saturating},
};

}  // namespace

namespace {

// Whether two descriptors encode the same values the same way (names aside).
bool same_encoding(const Format& a, const Format& b) {
  Format renamed = b;
  renamed.name = a.name;
  return a == renamed;
}

// The formats parse_format has made, kept for the life of the program so
// that pointers to them stay valid; a deque does not move its elements.
struct FormatRegistry {
  std::mutex mutex;
  std::deque<std::string> names;
  std::deque<Format> formats;
};

FormatRegistry& registry() {
  static FormatRegistry instance;
  return instance;
}

// The predefined or named format with this encoding, else an interned copy.
const Format* intern(const Format& wanted, const std::string& name) {
  for (const Format* known : all_formats())
    if (same_encoding(*known, wanted)) return known;
  for (const Format* known : named_formats())
    if (same_encoding(*known, wanted)) return known;
  FormatRegistry& r = registry();
  const std::lock_guard lock(r.mutex);
  for (const Format& made : r.formats)
    if (same_encoding(made, wanted)) return &made;
  r.names.push_back(name);
  Format format = wanted;
  format.name = r.names.back();
  r.formats.push_back(format);
  return &r.formats.back();
}

// A predefined or named format or an alias, by its lower-case name.
const Format* find_named_format(std::string_view lower) {
  for (const Format* format : all_formats())
    if (format->name == lower) return format;
  for (const Format* format : named_formats())
    if (format->name == lower) return format;
  for (const Alias& alias : aliases)
    if (alias.alias == lower) return alias.format;
  return nullptr;
}

// Reads a decimal integer at the front of `text`; advances past it.
std::optional<int> take_integer(std::string_view& text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  text.remove_prefix(std::size_t(end - text.data()));
  return value;
}

bool take_prefix(std::string_view& text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  text.remove_prefix(prefix.size());
  return true;
}

}  // namespace

ParsedFormat parse_format(std::string_view spelling) {
  const std::string lower = to_lower(spelling);
  std::string_view text = lower;
  ParsedFormat out;
  auto fail = [&](const std::string& why) {
    out.error = "format " + quote(spelling) + ": " + why;
    return out;
  };
  if (!take_prefix(text, "e")) return fail("a format spelling starts with e<exponent bits>");
  const auto exponent_bits = take_integer(text);
  if (!exponent_bits || !take_prefix(text, "m"))
    return fail("expected e<exponent bits>m<fraction bits>, as e4m3");
  const auto fraction_bits = take_integer(text);
  if (!fraction_bits) return fail("expected e<exponent bits>m<fraction bits>, as e4m3");
  SpecialEncoding encoding = SpecialEncoding::Ieee;
  bool ieee_named = false;
  if (take_prefix(text, "fnuz"))
    encoding = SpecialEncoding::NanAtNegativeZero;
  else if (take_prefix(text, "fn"))
    encoding = SpecialEncoding::NanOnlyAllOnes;
  else if (take_prefix(text, "fin"))
    encoding = SpecialEncoding::FiniteOnly;
  else if (take_prefix(text, "ieee"))
    ieee_named = true;
  const bool saturate = take_prefix(text, "-sat") || take_prefix(text, "sat");
  std::optional<int> bias;
  if (take_prefix(text, "-b") || take_prefix(text, "_b") || take_prefix(text, "b")) {
    bias = take_integer(text);
    if (!bias) return fail("expected the bias after b, as e4m3b8");
  }
  if (!text.empty())
    return fail("unexpected " + quote(text) +
                " (suffixes: fn, fnuz, fin or ieee, then sat, then b<bias>)");
  const int e = *exponent_bits, m = *fraction_bits;
  if (e < 1 || e > 11) return fail("exponent bits must be 1 to 11");
  if (m < 0 || m > 52) return fail("fraction bits must be 0 to 52");
  if (1 + e + m > 64) return fail("more than 64 bits");
  if (encoding == SpecialEncoding::Ieee && (e < 2 || m < 1))
    return fail(
        "an IEEE-like format needs at least 2 exponent bits and 1 fraction bit (for its normal "
        "numbers and NaN); use fn, fnuz or fin");
  if (encoding == SpecialEncoding::NanOnlyAllOnes && e < 2 && m < 1)
    return fail("e1m0fn has no number but zero");
  const int default_bias =
      (1 << (e - 1)) - (encoding == SpecialEncoding::NanAtNegativeZero ? 0 : 1);
  const int chosen_bias = bias.value_or(default_bias);
  if (chosen_bias < -1024 || chosen_bias > 2048) return fail("bias out of range (-1024 to 2048)");
  const OverflowPolicy overflow = saturate || encoding == SpecialEncoding::FiniteOnly
                                      ? OverflowPolicy::Saturate
                                      : OverflowPolicy::Ieee;
  std::string name = "e" + std::to_string(e) + "m" + std::to_string(m);
  const bool plain_taken = find_named_format(name) != nullptr;
  switch (encoding) {
    case SpecialEncoding::NanAtNegativeZero: name += "fnuz"; break;
    case SpecialEncoding::NanOnlyAllOnes: name += "fn"; break;
    case SpecialEncoding::FiniteOnly: name += "fin"; break;
    case SpecialEncoding::Ieee:
      if (ieee_named || plain_taken) name += "ieee";
      break;
  }
  if (overflow == OverflowPolicy::Saturate && encoding != SpecialEncoding::FiniteOnly)
    name += "sat";
  if (chosen_bias != default_bias) name += "b" + std::to_string(chosen_bias);
  const Format wanted{"", e, m + 1, chosen_bias, encoding, overflow};
  out.format = intern(wanted, name);
  return out;
}

const Format* find_format(std::string_view name) {
  const std::string lower = to_lower(name);
  if (const Format* named = find_named_format(lower)) return named;
  if (lower.size() < 4 || lower[0] != 'e') return nullptr;
  return parse_format(lower).format;
}

std::string unknown_format_message(std::string_view name) {
  const std::string lower = to_lower(name);
  if (lower == "fp8" || lower == "float8" || lower == "8")
    return quote(name) +
           " names two formats: use e4m3 (OCP E4M3: 4 exponent bits, largest 448) or e5m2 (OCP "
           "E5M2: 5 exponent bits, IEEE-like, largest 57344)";
  if (lower.size() >= 2 && lower[0] == 'e' && lower[1] >= '0' && lower[1] <= '9')
    return parse_format(lower).error;
  std::vector<std::string_view> names, candidates;
  for (const Format* format : all_formats()) names.push_back(format->name);
  for (const Format* format : named_formats()) names.push_back(format->name);
  candidates = names;
  for (const Alias& alias : aliases) candidates.push_back(alias.alias);
  std::string message = "unknown format " + quote(name) + " (expected ";
  for (std::size_t k = 0; k < names.size(); ++k) message += (k ? ", " : "") + std::string(names[k]);
  if (const auto suggestion = closest_name(name, candidates))
    message += "; did you mean " + std::string(*suggestion) + "?";
  return message + ", or a spelling e<X>m<Y>[fn|fnuz|fin][sat][b<bias>])";
}

std::string format_spelling_help() {
  return "Formats: binary64 binary32 tf32 bfloat16 binary16, e5m2 e4m3 (OCP FP8), e5m2sat e4m3sat\n"
         "(saturating), the OCP MX formats e2m3 e3m2 (FP6), e2m1 (FP4), e8m0 (scale), and any\n"
         "e<X>m<Y>[fn|fnuz|fin|ieee][sat][b<bias>]: X exponent and Y fraction bits; no suffix:\n"
         "IEEE-like; fn: no infinities, NaN at all ones; fnuz: no infinities, no -0, NaN at\n"
         "0x80..., bias 2^(X-1); fin: finite only, no NaN; sat: saturating conversion; b<N>:\n"
         "bias N. Examples: e3m4, e5m2fnuz, e4m3fnuz, e6m9fin.";
}

}  // namespace fpx

namespace fpx {

FloatClass classify(const Format& format, std::uint64_t bits) {
  const std::uint64_t magnitude = bits & format.magnitude_mask();
  const std::uint64_t field = magnitude >> format.fraction_bits();
  const std::uint64_t fraction = magnitude & format.fraction_mask();
  switch (format.special_encoding) {
    case SpecialEncoding::Ieee:
      if (field == (std::uint64_t{1} << format.exponent_bits) - 1) {
        if (fraction == 0) return FloatClass::Infinity;
        return (fraction & format.quiet_bit()) ? FloatClass::QuietNaN : FloatClass::SignalingNaN;
      }
      break;
    case SpecialEncoding::NanOnlyAllOnes:
      if (magnitude == format.magnitude_mask()) return FloatClass::QuietNaN;
      break;
    case SpecialEncoding::NanAtNegativeZero:
      if ((bits & (format.sign_mask() | format.magnitude_mask())) == format.sign_mask())
        return FloatClass::QuietNaN;
      break;
    case SpecialEncoding::FiniteOnly: break;
  }
  if (!format.has_zero) return FloatClass::Normal;
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
  // A finite-only format has nothing beyond its largest number.
  if (!format.has_nan()) return (negative ? format.sign_mask() : 0) | format.max_finite_bits();
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
  if (negative) {
    // Toward -0, or +0 where the format has no -0 (FNUZ).
    if (magnitude == 1) return format.has_negative_zero() ? format.sign_mask() : 0;
    return bits - 1;
  }
  if (magnitude == format.max_finite_bits()) return beyond_largest(format, false);
  return bits + 1;
}

std::uint64_t next_down(const Format& format, std::uint64_t bits) {
  // nextDown(x) = -nextUp(-x), spelled out: negating is not flipping the
  // sign bit in formats without -0 or without a sign.
  bits &= format.sign_mask() | format.magnitude_mask();
  const FloatClass value_class = classify(format, bits);
  if (is_nan_class(value_class)) return format.default_nan_bits();
  const bool negative = (bits & format.sign_mask()) != 0;
  const std::uint64_t magnitude = bits & format.magnitude_mask();
  if (value_class == FloatClass::Zero) return format.sign_mask() | 1;
  if (value_class == FloatClass::Infinity) return negative ? bits : format.max_finite_bits();
  if (!negative) {
    if (magnitude == 0) return format.default_nan_bits();  // E8M0's smallest: nothing below
    if (magnitude == 1 && format.has_zero) return 0;
    return bits - 1;
  }
  if (magnitude == format.max_finite_bits()) return beyond_largest(format, true);
  return bits + 1;
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
