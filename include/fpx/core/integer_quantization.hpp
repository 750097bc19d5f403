// Integer quantization as the common frameworks do it, per tensor: symmetric
// int8 and int4 (q = clamp(round(v / s), -qmax, qmax), s = max|v| / qmax) and
// affine int8 and int4 with a zero point (q = clamp(round(v / s) + z, qmin,
// qmax), s = (max(v, 0) - min(v, 0)) / (qmax - qmin), z = qmin - round(min(v,
// 0) / s)); and OCP MX's MXINT8: blocks of 32 with E8M0 scales, each element
// an int8 with the implicit scale 2^-6 (value q x 2^-6 x 2^shared, shared =
// floor(log2 max|v|), the largest element exponent being 0).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/integer_conversion.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx {

struct IntegerScheme {
  std::string_view name;  // int8-symmetric int4-symmetric int8-affine int4-affine mxint8
  int bits;               // 8 or 4
  bool affine;
  std::size_t block_size;  // 0: the whole vector; 32 for MXINT8
};

std::span<const IntegerScheme> integer_schemes();
const IntegerScheme* find_integer_scheme(std::string_view name);

struct IntegerQuantized {
  const IntegerScheme* scheme = nullptr;
  // One per block: binary32 bits (per tensor) or E8M0 bits (MXINT8).
  std::vector<std::uint64_t> scales;
  std::int64_t zero_point = 0;  // affine schemes
  std::vector<std::int64_t> elements;
  std::vector<Flags> element_flags;
  // The value element i stands for: (q - z) x scale (x 2^-6 for MXINT8).
  // std::domain_error where the scale is NaN.
  Rational dequantized(std::size_t i) const;
};

// Quantizes exact values; the scales are rounded to nearest (binary32, or the
// E8M0 exponent as in block_scaling.hpp), the elements by `mode` and then
// clamped. A vector (or MX block) of zeros gets the scale 1 (2^-127 for
// MXINT8) and zero elements; a NaN or an infinity gives a NaN scale and zero
// elements.
IntegerQuantized quantize_integers(const IntegerScheme& scheme, std::span<const ExactNumber> values,
                                   Rounding mode, const RoundingOptions& options = {});

}  // namespace fpx
