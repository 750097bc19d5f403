// The decoding step of the exact accumulator's binary32 dot products
// (decode_products in exact_products.hpp) for x86-64-v4 (AVX-512), chosen at
// run time by the exact accumulator. The standard and fpx headers are read
// first with the baseline instruction set; only the decoding below the
// target pragma uses AVX-512.
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"

#if defined(FPX_AVX512_KERNELS)
#include <immintrin.h>  // x86 only, as FPX_AVX512_KERNELS is (src/CMakeLists.txt)

#pragma GCC push_options
#pragma GCC target("arch=x86-64-v4")
#include "exact_products.hpp"

// GCC 12 warns that the unused source operand of each intrinsic (the
// self-initialized _mm512_undefined_epi32 in avx512fintrin.h) "may be used
// uninitialized"; it is never read.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
namespace fpx::detail {
namespace {
// Sixteen pairs a step, written with intrinsics because GCC 12 compiles
// decode_products by widening both significands to 64-bit lanes and
// multiplying them with vpmullq (52 vector and mask instructions a step);
// here each 64-bit lane multiplies the two 32-bit significands it holds
// with vpmuludq, the even-numbered elements first and then the odd (37
// vector and mask instructions a step in GCC 12's code, besides the two
// prefetches). A chunk's products are stored in that order, eight even
// then eight odd, which a sum does not see; the copy of the buckets
// alternates along the stored order, as in decode_products.
std::uint32_t decode_binary32_avx512(const std::uint32_t* x, const std::uint32_t* y,
                                     std::size_t length, std::uint64_t* products) {
  constexpr const Format& f = binary32;
  constexpr int tag_shift = product_tag_shift<binary32>;
  constexpr std::uint64_t second_copy = std::uint64_t(2 * product_signs_apart<binary32>)
                                        << tag_shift;
  static_assert(product_copies<binary32> == 2);
  const __m512i field_mask = _mm512_set1_epi32((1 << f.exponent_bits) - 1);
  const __m512i exponent_field = _mm512_set1_epi32(std::int32_t(f.infinity_bits()));
  const __m512i fraction_mask = _mm512_set1_epi32(std::int32_t(f.fraction_mask()));
  const __m512i hidden_bit = _mm512_set1_epi32(std::int32_t(f.fraction_mask() + 1));
  const __m512i one = _mm512_set1_epi32(1);
  const __m512i copies =
      _mm512_set_epi64(std::int64_t(second_copy), 0, std::int64_t(second_copy), 0,
                       std::int64_t(second_copy), 0, std::int64_t(second_copy), 0);
  constexpr std::uintptr_t prefetch_bytes = product_prefetch_distance * sizeof(std::uint32_t);
  __mmask16 unusual = 0;
  std::size_t i = 0;
  for (; i + 16 <= length; i += 16) {
    // One cache line of each factor, product_prefetch_distance pairs ahead
    // (exact_products.hpp); the address is formed as an integer because it
    // may lie past the end of the vectors, where a prefetch does nothing.
    _mm_prefetch(reinterpret_cast<const char*>(std::uintptr_t(x + i) + prefetch_bytes),
                 _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(std::uintptr_t(y + i) + prefetch_bytes),
                 _MM_HINT_T0);
    const __m512i u = _mm512_loadu_si512(x + i);
    const __m512i v = _mm512_loadu_si512(y + i);
    const __m512i field_u = _mm512_and_si512(_mm512_srli_epi32(u, f.fraction_bits()), field_mask);
    const __m512i field_v = _mm512_and_si512(_mm512_srli_epi32(v, f.fraction_bits()), field_mask);
    unusual |=
        _mm512_cmpeq_epi32_mask(field_u, field_mask) | _mm512_cmpeq_epi32_mask(field_v, field_mask);
    const __m512i fraction_u = _mm512_and_si512(u, fraction_mask);
    const __m512i fraction_v = _mm512_and_si512(v, fraction_mask);
    const __m512i significand_u = _mm512_mask_or_epi32(
        fraction_u, _mm512_test_epi32_mask(u, exponent_field), fraction_u, hidden_bit);
    const __m512i significand_v = _mm512_mask_or_epi32(
        fraction_v, _mm512_test_epi32_mask(v, exponent_field), fraction_v, hidden_bit);
    // The bucket: the sign of the product, then the sum of the exponent
    // fields, a subnormal's (0) counted as 1.
    // (product_signs_apart is 2^(exponent_bits + 1).)
    const __m512i sign = _mm512_slli_epi32(_mm512_srli_epi32(_mm512_xor_si512(u, v), f.width() - 1),
                                           f.exponent_bits + 1);
    const __m512i bucket = _mm512_add_epi32(
        sign, _mm512_add_epi32(_mm512_max_epu32(field_u, one), _mm512_max_epu32(field_v, one)));
    const __m512i even = _mm512_mul_epu32(significand_u, significand_v);
    const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(significand_u, 32),
                                         _mm512_srli_epi64(significand_v, 32));
    const __m512i even_tag = _mm512_slli_epi64(bucket, tag_shift);
    const __m512i odd_tag = _mm512_slli_epi64(_mm512_srli_epi64(bucket, 32), tag_shift);
    // 0xFE: the OR of the three operands.
    _mm512_storeu_si512(products + i, _mm512_ternarylogic_epi64(even, even_tag, copies, 0xFE));
    _mm512_storeu_si512(products + i + 8, _mm512_ternarylogic_epi64(odd, odd_tag, copies, 0xFE));
  }
  return std::uint32_t(unusual != 0) |
         decode_products<binary32, std::uint32_t>(x + i, y + i, length - i, products + i, nullptr);
}
}  // namespace
}  // namespace fpx::detail
#pragma GCC diagnostic pop
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
