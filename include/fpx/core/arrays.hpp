// The operations and conversions of operations.hpp over arrays of encodings:
// out[i] = a[i] + b[i] for every i, and so on, each element rounded exactly
// as the scalar operation rounds it (bits and flags). Integer code only.
//
//   std::vector<std::uint32_t> a = ..., b = ..., sum(a.size());
//   fpx::Flags all = fpx::add(fpx::binary32, a, b, sum, fpx::Rounding::NearestEven);
//
// Each call dispatches once, on the format and the rounding mode, to a
// kernel compiled for that pair: a loop over the elements that is straight-
// line code (special values, subnormals, overflow and underflow selected
// with masks), so that the compiler vectorizes it. Kernels are compiled for
// the portable instruction set and, where the compiler can, for x86-64-v4
// (AVX-512); the best one the processor supports runs.
//
// Encodings are held in 8-, 16-, 32- or 64-bit words (numpy's uint8 ...
// uint64), right-aligned, bits above the format's width ignored; a format
// needs words at least as wide as its encodings (binary32 in 32 or 64 bits).
// `out` has the length of the inputs and may be one of them (in place), but
// may not overlap them otherwise. Lengths that differ, element flags of
// another length or words too narrow throw std::invalid_argument.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "fpx/core/format.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx {

// Stochastic rounding over arrays: element i rounds as the scalar operation
// would with its own source StochasticSource(element_seed(seed, i)), so that
// its decision depends on the seed and its index only (not on the other
// elements, nor on how the array is split into calls). SplitMix64 is itself
// counter based: the k-th output of StochasticSource(s) is that of the first
// draw of StochasticSource(s + (k - 1) * stochastic_element_stride).
inline constexpr std::uint64_t stochastic_element_stride = 0x9E3779B97F4A7C15ull;
constexpr std::uint64_t element_seed(std::uint64_t seed, std::uint64_t index) {
  return seed + index * stochastic_element_stride;
}

struct ArrayOptions {
  Tininess tininess = Tininess::AfterRounding;
  // Rounding::Stochastic: the seed of element 0 (see element_seed). A caller
  // that splits one array into several calls passes element_seed(seed, first
  // index of the piece) to get the same decisions as one call.
  std::uint64_t seed = 0;
  // When not empty (as long as the result): each element's flags.
  std::span<Flags> element_flags = {};
};

// Each returns the union of the flags of all elements.
#define FPX_DECLARE_ARRAY_OPERATIONS(Word)                                                         \
  Flags add(const Format& format, std::span<const Word> a, std::span<const Word> b,                \
            std::span<Word> out, Rounding mode, const ArrayOptions& options = {});                 \
  Flags subtract(const Format& format, std::span<const Word> a, std::span<const Word> b,           \
                 std::span<Word> out, Rounding mode, const ArrayOptions& options = {});            \
  Flags multiply(const Format& format, std::span<const Word> a, std::span<const Word> b,           \
                 std::span<Word> out, Rounding mode, const ArrayOptions& options = {});            \
  Flags divide(const Format& format, std::span<const Word> a, std::span<const Word> b,             \
               std::span<Word> out, Rounding mode, const ArrayOptions& options = {});              \
  Flags square_root(const Format& format, std::span<const Word> a, std::span<Word> out,            \
                    Rounding mode, const ArrayOptions& options = {});                              \
  /* a[i] * b[i] + c[i] with one rounding. */                                                      \
  Flags fused_multiply_add(const Format& format, std::span<const Word> a, std::span<const Word> b, \
                           std::span<const Word> c, std::span<Word> out, Rounding mode,            \
                           const ArrayOptions& options = {});                                      \
  /* Runs `operation` on a (sqrt), a and b, or a, b and c (fma); unused inputs may be empty. */    \
  Flags apply(Operation operation, const Format& format, std::span<const Word> a,                  \
              std::span<const Word> b, std::span<const Word> c, std::span<Word> out,               \
              Rounding mode, const ArrayOptions& options = {});
FPX_DECLARE_ARRAY_OPERATIONS(std::uint8_t)
FPX_DECLARE_ARRAY_OPERATIONS(std::uint16_t)
FPX_DECLARE_ARRAY_OPERATIONS(std::uint32_t)
FPX_DECLARE_ARRAY_OPERATIONS(std::uint64_t)
#undef FPX_DECLARE_ARRAY_OPERATIONS

// Conversions from `from` (words In) to `to` (words Out), any pair of word
// sizes: binary32 in uint32 to bfloat16 in uint16, for instance.
#define FPX_DECLARE_ARRAY_CONVERSION(In, Out)                                                     \
  Flags convert(const Format& from, const Format& to, std::span<const In> in, std::span<Out> out, \
                Rounding mode, const ArrayOptions& options = {});
#define FPX_DECLARE_ARRAY_CONVERSIONS_FROM(In)    \
  FPX_DECLARE_ARRAY_CONVERSION(In, std::uint8_t)  \
  FPX_DECLARE_ARRAY_CONVERSION(In, std::uint16_t) \
  FPX_DECLARE_ARRAY_CONVERSION(In, std::uint32_t) \
  FPX_DECLARE_ARRAY_CONVERSION(In, std::uint64_t)
FPX_DECLARE_ARRAY_CONVERSIONS_FROM(std::uint8_t)
FPX_DECLARE_ARRAY_CONVERSIONS_FROM(std::uint16_t)
FPX_DECLARE_ARRAY_CONVERSIONS_FROM(std::uint32_t)
FPX_DECLARE_ARRAY_CONVERSIONS_FROM(std::uint64_t)
#undef FPX_DECLARE_ARRAY_CONVERSIONS_FROM
#undef FPX_DECLARE_ARRAY_CONVERSION

// The instruction sets the kernels are compiled for. Every set gives the same
// bits and flags; the tests run each one this processor supports.
enum class ArrayKernels : std::uint8_t {
  Portable,  // the compiler's baseline (x86-64: SSE2), loops of scalar code
  Avx512,    // x86-64-v4: AVX-512 F, CD, BW, DQ, VL
};
std::string_view array_kernels_name(ArrayKernels kernels);  // "portable", "avx512"
// The sets compiled in and supported by this processor, Portable first.
std::span<const ArrayKernels> available_array_kernels();
// The set in use: the last of available_array_kernels() unless chosen.
ArrayKernels array_kernels();
// Chooses the set for every later call (std::invalid_argument if it is not
// available). Not thread safe with calls running at the same time.
void use_array_kernels(ArrayKernels kernels);

}  // namespace fpx
