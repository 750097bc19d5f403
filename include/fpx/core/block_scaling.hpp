// Block-scaled quantization: a vector cut into blocks that share one scale,
// each element rounded once into a narrow format. The OCP Microscaling (MX
// v1.0) schemes MXFP8, MXFP6 and MXFP4 (blocks of 32, E8M0 scales) and
// NVIDIA's NVFP4 (E2M1 elements in blocks of 16, E4M3 block scales and a
// binary32 scale for the whole tensor). Exact: the scales and elements are
// chosen from the exact input values, and every element is rounded once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx {

struct BlockScheme {
  // mxfp8-e4m3 mxfp8-e5m2 mxfp6-e2m3 mxfp6-e3m2 mxfp4 nvfp4 tensor-e4m3
  // tensor-e5m2
  std::string_view name;
  const Format* element;   // saturating: an element never overflows to NaN
  const Format* scale;     // e8m0 (MX), e4m3 (NVFP4) or binary32 (per tensor)
  std::size_t block_size;  // 0: one block, the whole vector (per-tensor scaling)
  bool tensor_scale;       // NVFP4: a binary32 scale for the whole vector
};

std::span<const BlockScheme> block_schemes();
// By name (case-insensitive); null if unknown.
const BlockScheme* find_block_scheme(std::string_view name);

// A vector quantized by a scheme. Element i is in block i / block_size; its
// value is element x block scale x tensor scale.
struct BlockQuantized {
  const BlockScheme* scheme = nullptr;
  std::uint64_t tensor_scale = 0x3F800000;  // binary32 bits: 1 unless NVFP4
  std::vector<std::uint64_t> scales;        // one per block, in scheme->scale
  std::vector<std::uint64_t> elements;      // in scheme->element
  std::vector<Flags> element_flags;         // of each element's rounding
  // The block of element i.
  std::size_t block_of(std::size_t i) const;
  // Whether block b's scale is NaN (its elements then have no value).
  bool scale_is_nan(std::size_t block) const;
  // The exact value element i stands for; std::domain_error where the scale
  // is NaN.
  Rational dequantized(std::size_t i) const;
};

// Quantizes exact values (as read_number gives them).
//
// MX (OCP MX v1.0, section 6.3): the block's shared exponent is
// floor(log2(max |v|)) - emax, emax the exponent of the element format's
// largest normal number, clamped to E8M0's range [-127, 127]; each element is
// v / 2^shared, rounded by `mode` into the element format and saturated to
// its largest magnitude. A block of zeros gets the smallest scale 2^-127 and
// zero elements; a block with a NaN or an infinity gets the NaN scale 0xFF
// and zero elements.
//
// NVFP4: the tensor scale is amax / (448 x 6) rounded to nearest binary32
// (1 when amax, the largest finite magnitude, is 0), so that the largest
// block scale is near E4M3's 448; block b's scale is amax_b / 6 / tensor
// scale rounded to nearest E4M3 (saturating); each element is v / (block
// scale x tensor scale) rounded by `mode` into E2M1 (saturating; zero
// elements where the block scale is 0). A block with a NaN or an infinity
// gets the E4M3 NaN scale 0x7F and zero elements.
//
// Per tensor (tensor-e4m3, tensor-e5m2): one binary32 scale, amax divided by
// the element format's largest number and rounded to nearest (1 when amax is
// 0; NaN when a value is NaN or infinite, with zero elements); each element
// is v / scale rounded by `mode` and saturated.
BlockQuantized quantize_blocks(const BlockScheme& scheme, std::span<const ExactNumber> values,
                               Rounding mode, const RoundingOptions& options = {});

}  // namespace fpx
