#include "fpx/core/integer_quantization.hpp"

#include <algorithm>
#include <stdexcept>

#include "fpx/core/format.hpp"
#include "fpx/core/text.hpp"

namespace fpx {

std::span<const IntegerScheme> integer_schemes() {
  static constexpr IntegerScheme schemes[] = {
      {"int8-symmetric", 8, false, 0}, {"int4-symmetric", 4, false, 0}, {"int8-affine", 8, true, 0},
      {"int4-affine", 4, true, 0},     {"mxint8", 8, false, 32},
  };
  return schemes;
}

const IntegerScheme* find_integer_scheme(std::string_view name) {
  const std::string lower = to_lower(name);
  for (const IntegerScheme& scheme : integer_schemes())
    if (scheme.name == lower) return &scheme;
  return nullptr;
}

namespace {

bool is_mx(const IntegerScheme& scheme) { return scheme.block_size != 0; }

Rational absolute(const Rational& x) { return x < 0 ? Rational(-x) : x; }

Rational power_of_two(long exponent) {
  return exponent >= 0 ? Rational(BigInteger(1) << exponent)
                       : Rational(1) / Rational(BigInteger(1) << -exponent);
}

// floor(log2 x) for x > 0.
long floor_log2(const Rational& x) {
  long exponent = long(msb(numerator(x))) - long(msb(denominator(x)));
  if (power_of_two(exponent) > x) --exponent;
  return exponent;
}

// value rounded by `mode` to an integer, clamped into [low, high].
std::int64_t round_clamped(const Rational& value, std::int64_t low, std::int64_t high,
                           Rounding mode, const RoundingOptions& options, Flags& flags) {
  const IntegerRounded r = round_to_integer(value, int64, mode, options);
  std::int64_t q = std::int64_t(r.bits);
  flags = Flags{std::uint8_t(r.flags.bits & Flags::inexact)};
  if ((r.flags.bits & Flags::invalid) || q < low || q > high) {
    q = (r.flags.bits & Flags::invalid) ? (value < 0 ? low : high) : std::clamp(q, low, high);
    flags.bits |= Flags::overflow | Flags::inexact;
  }
  return q;
}

Rational scale_value(const IntegerScheme& scheme, std::uint64_t bits) {
  return is_mx(scheme) ? to_rational(mx_e8m0, bits) : to_rational(binary32, bits);
}

bool scale_is_nan(const IntegerScheme& scheme, std::uint64_t bits) {
  return classify(is_mx(scheme) ? mx_e8m0 : binary32, bits) == FloatClass::QuietNaN;
}

}  // namespace

IntegerQuantized quantize_integers(const IntegerScheme& scheme, std::span<const ExactNumber> values,
                                   Rounding mode, const RoundingOptions& options) {
  IntegerQuantized out;
  out.scheme = &scheme;
  const std::int64_t high = (std::int64_t{1} << (scheme.bits - 1)) - 1;
  // Symmetric schemes leave out the most negative integer (as the
  // frameworks' symmetric int8 does); affine ones and MXINT8 use it.
  const std::int64_t low = scheme.affine || is_mx(scheme) ? -high - 1 : -high;
  const std::size_t size = is_mx(scheme) ? scheme.block_size : values.size();
  for (std::size_t start = 0; start < values.size() || (start == 0 && values.empty());
       start += size) {
    const auto block = values.subspan(start, std::min(size, values.size() - start));
    const bool special = std::any_of(block.begin(), block.end(), [](const ExactNumber& x) {
      return x.kind != ExactNumber::Kind::Finite;
    });
    Rational smallest = 0, largest = 0;
    if (!special)
      for (const ExactNumber& x : block) {
        const Rational v = to_rational(x);
        smallest = std::min(smallest, v);
        largest = std::max(largest, v);
      }
    const Rational amax = std::max(absolute(smallest), largest);
    std::uint64_t scale_bits = 0;
    Rational divisor = 1;
    if (special) {
      scale_bits = is_mx(scheme) ? mx_e8m0.default_nan_bits() : binary32.default_nan_bits();
    } else if (is_mx(scheme)) {
      // The largest element's exponent is 0 (1.984375 = 127 x 2^-6).
      const long shared = amax == 0 ? -127 : std::clamp(floor_log2(amax), -127L, 127L);
      scale_bits = std::uint64_t(shared + mx_e8m0.bias);
      divisor = power_of_two(shared - 6);
    } else {
      const Rational range = scheme.affine ? largest - smallest : amax;
      const std::int64_t steps = scheme.affine ? high - low : high;
      scale_bits = range == 0 ? 0x3F800000 : round_to_format(binary32, range / steps);
      divisor = to_rational(binary32, scale_bits);
    }
    out.scales.push_back(scale_bits);
    if (scheme.affine && !special) {
      Flags ignored;
      out.zero_point = low - round_clamped(smallest / divisor, low - high, high - low,
                                           Rounding::NearestEven, {}, ignored);
      out.zero_point = std::clamp(out.zero_point, low, high);
    }
    for (const ExactNumber& x : block) {
      if (special) {
        out.elements.push_back(0);
        out.element_flags.push_back(Flags{});
        continue;
      }
      Flags flags;
      const Rational shifted = to_rational(x) / divisor + Rational(out.zero_point);
      out.elements.push_back(round_clamped(shifted, low, high, mode, options, flags));
      out.element_flags.push_back(flags);
    }
    if (values.empty()) break;
  }
  return out;
}

Rational IntegerQuantized::dequantized(std::size_t i) const {
  const std::size_t block = is_mx(*scheme) ? i / scheme->block_size : 0;
  if (scale_is_nan(*scheme, scales[block])) throw std::domain_error("the scale is NaN");
  const Rational scale = scale_value(*scheme, scales[block]);
  const Rational implicit = is_mx(*scheme) ? Rational(1, 64) : Rational(1);
  return Rational(elements[i] - zero_point) * scale * implicit;
}

}  // namespace fpx
