// decode_products (exact_products.hpp) for binary32 compiled for x86-64-v4
// (AVX-512), chosen at run time by the exact accumulator. The standard and
// fpx headers are read first with the baseline instruction set; only the
// decoding loop below the target pragma uses AVX-512.
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"

#if defined(FPX_AVX512_KERNELS)
#pragma GCC push_options
#pragma GCC target("arch=x86-64-v4")
#include "exact_products.hpp"

namespace fpx::detail {
namespace {
std::uint32_t decode_binary32_avx512(const std::uint32_t* x, const std::uint32_t* y,
                                     std::size_t length, std::uint64_t* products,
                                     std::uint32_t* bucket_of) {
  return decode_products<binary32, std::uint32_t>(x, y, length, products, bucket_of);
}
}  // namespace
}  // namespace fpx::detail
#pragma GCC pop_options

namespace fpx::detail {
Binary32ProductDecoder avx512_binary32_product_decoder() {
  static const bool supported = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl");
  }();
  return supported ? decode_binary32_avx512 : nullptr;
}
}  // namespace fpx::detail
#else
#include "exact_products.hpp"
namespace fpx::detail {
Binary32ProductDecoder avx512_binary32_product_decoder() { return nullptr; }
}  // namespace fpx::detail
#endif
