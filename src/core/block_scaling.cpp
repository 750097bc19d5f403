#include "fpx/core/block_scaling.hpp"

#include <algorithm>
#include <stdexcept>

#include "fpx/core/text.hpp"

namespace fpx {

std::span<const BlockScheme> block_schemes() {
  static const BlockScheme schemes[] = {
      {"mxfp8-e4m3", &e4m3_saturating, &mx_e8m0, 32, false},
      {"mxfp8-e5m2", &e5m2_saturating, &mx_e8m0, 32, false},
      {"mxfp6-e2m3", &mx_e2m3, &mx_e8m0, 32, false},
      {"mxfp6-e3m2", &mx_e3m2, &mx_e8m0, 32, false},
      {"mxfp4", &mx_e2m1, &mx_e8m0, 32, false},
      {"nvfp4", &mx_e2m1, &e4m3_saturating, 16, true},
      {"tensor-e4m3", &e4m3_saturating, &binary32, 0, false},
      {"tensor-e5m2", &e5m2_saturating, &binary32, 0, false},
  };
  return schemes;
}

const BlockScheme* find_block_scheme(std::string_view name) {
  const std::string lower = to_lower(name);
  for (const BlockScheme& scheme : block_schemes())
    if (scheme.name == lower) return &scheme;
  return nullptr;
}

namespace {

// floor(log2(|x|)) of a nonzero finite exact number: the exponent of its
// leading bit.
long floor_log2(const ExactNumber& x) {
  const long shift = long(msb(x.numerator)) - long(msb(x.denominator));
  // numerator / denominator lies in [2^(shift - 1), 2^(shift + 1)).
  const bool below = shift >= 0 ? x.numerator < BigInteger(x.denominator << shift)
                                : BigInteger(x.numerator << -shift) < x.denominator;
  return shift - (below ? 1 : 0) + x.binary_exponent;
}

Rational magnitude(const ExactNumber& x) {
  const Rational value = to_rational(x);
  return value < 0 ? Rational(-value) : value;
}

bool is_zero(const ExactNumber& x) {
  return x.kind == ExactNumber::Kind::Finite && x.numerator == 0;
}

// value * 2^-shift rounded once into `format`.
Rounded round_scaled(const Format& format, const ExactNumber& value, long shift, Rounding mode,
                     const RoundingOptions& options) {
  return round_rational(format, value.negative, value.numerator, value.denominator,
                        value.binary_exponent - shift, mode, options);
}

// |value| / divisor rounded once into `format` (divisor > 0), with the sign.
Rounded round_divided(const Format& format, const ExactNumber& value, const Rational& divisor,
                      Rounding mode, const RoundingOptions& options) {
  const Rational quotient = magnitude(value) / divisor;
  return round_rational(format, value.negative, numerator(quotient), denominator(quotient), 0, mode,
                        options);
}

void quantize_mx_block(const BlockScheme& scheme, std::span<const ExactNumber> block, Rounding mode,
                       const RoundingOptions& options, BlockQuantized& out) {
  const Format& element = *scheme.element;
  const bool special = std::any_of(block.begin(), block.end(), [](const ExactNumber& x) {
    return x.kind != ExactNumber::Kind::Finite;
  });
  if (special) {
    out.scales.push_back(mx_e8m0.default_nan_bits());
    for (std::size_t i = 0; i < block.size(); ++i) {
      out.elements.push_back(0);
      out.element_flags.push_back(Flags{});
    }
    return;
  }
  long largest = -1000000;
  bool any = false;
  for (const ExactNumber& x : block) {
    if (is_zero(x)) continue;
    largest = any ? std::max(largest, floor_log2(x)) : floor_log2(x);
    any = true;
  }
  const long shared = any ? std::clamp(largest - long(element.max_exponent()), -127L, 127L) : -127L;
  out.scales.push_back(std::uint64_t(shared + mx_e8m0.bias));
  for (const ExactNumber& x : block) {
    const Rounded r = round_scaled(element, x, shared, mode, options);
    out.elements.push_back(r.bits);
    out.element_flags.push_back(r.flags);
  }
}

// One binary32 scale for the whole vector: the nearest to amax / largest
// element, so that the largest magnitude lands near the element format's
// largest number.
void quantize_per_tensor(const BlockScheme& scheme, std::span<const ExactNumber> values,
                         Rounding mode, const RoundingOptions& options, BlockQuantized& out) {
  const bool special = std::any_of(values.begin(), values.end(), [](const ExactNumber& x) {
    return x.kind != ExactNumber::Kind::Finite;
  });
  Rational largest = 0;
  if (!special)
    for (const ExactNumber& x : values) largest = std::max(largest, magnitude(x));
  const Rational element_largest = to_rational(*scheme.element, scheme.element->max_finite_bits());
  const std::uint64_t scale_bits = special ? binary32.default_nan_bits()
                                   : largest == 0
                                       ? 0x3F800000
                                       : round_to_format(binary32, largest / element_largest);
  out.scales.push_back(scale_bits);
  const Rational scale = special ? Rational(0) : to_rational(binary32, scale_bits);
  for (const ExactNumber& x : values) {
    if (special) {
      out.elements.push_back(0);
      out.element_flags.push_back(Flags{});
      continue;
    }
    const Rounded r = round_divided(*scheme.element, x, scale, mode, options);
    out.elements.push_back(r.bits);
    out.element_flags.push_back(r.flags);
  }
}

}  // namespace

BlockQuantized quantize_blocks(const BlockScheme& scheme, std::span<const ExactNumber> values,
                               Rounding mode, const RoundingOptions& options) {
  BlockQuantized out;
  out.scheme = &scheme;
  const std::size_t size = scheme.block_size;
  if (size == 0) {
    quantize_per_tensor(scheme, values, mode, options, out);
    return out;
  }
  if (!scheme.tensor_scale) {
    for (std::size_t start = 0; start < values.size(); start += size)
      quantize_mx_block(scheme, values.subspan(start, std::min(size, values.size() - start)), mode,
                        options, out);
    return out;
  }
  // NVFP4: the tensor scale from the largest finite magnitude.
  Rational largest = 0;
  for (const ExactNumber& x : values)
    if (x.kind == ExactNumber::Kind::Finite) largest = std::max(largest, magnitude(x));
  const Rational element_largest = to_rational(*scheme.element, scheme.element->max_finite_bits());
  const Rational scale_largest = to_rational(*scheme.scale, scheme.scale->max_finite_bits());
  out.tensor_scale = largest == 0
                         ? 0x3F800000
                         : round_to_format(binary32, largest / (element_largest * scale_largest));
  const Rational tensor = to_rational(binary32, out.tensor_scale);
  for (std::size_t start = 0; start < values.size(); start += size) {
    const auto block = values.subspan(start, std::min(size, values.size() - start));
    const bool special = std::any_of(block.begin(), block.end(), [](const ExactNumber& x) {
      return x.kind != ExactNumber::Kind::Finite;
    });
    Rational block_largest = 0;
    for (const ExactNumber& x : block)
      if (!special) block_largest = std::max(block_largest, magnitude(x));
    const std::uint64_t scale_bits =
        special ? scheme.scale->default_nan_bits()
                : round_to_format(*scheme.scale, block_largest / element_largest / tensor);
    out.scales.push_back(scale_bits);
    const Rational scale = special ? Rational(0) : to_rational(*scheme.scale, scale_bits);
    for (const ExactNumber& x : block) {
      if (scale == 0) {
        out.elements.push_back(0);
        out.element_flags.push_back(
            Flags{std::uint8_t(special || is_zero(x) ? 0 : Flags::inexact | Flags::underflow)});
        continue;
      }
      const Rounded r = round_divided(*scheme.element, x, scale * tensor, mode, options);
      out.elements.push_back(r.bits);
      out.element_flags.push_back(r.flags);
    }
  }
  return out;
}

bool BlockQuantized::scale_is_nan(std::size_t block) const {
  const FloatClass c = classify(*scheme->scale, scales[block]);
  return c == FloatClass::QuietNaN || c == FloatClass::SignalingNaN;
}

std::size_t BlockQuantized::block_of(std::size_t i) const {
  return scheme->block_size == 0 ? 0 : i / scheme->block_size;
}

Rational BlockQuantized::dequantized(std::size_t i) const {
  const std::size_t block = block_of(i);
  if (scale_is_nan(block)) throw std::domain_error("the block's scale is NaN");
  return to_rational(*scheme->element, elements[i]) * to_rational(*scheme->scale, scales[block]) *
         to_rational(binary32, tensor_scale);
}

}  // namespace fpx
