// Internal to the summation layer: the first step of the exact
// accumulator's dot products (exact_accumulator.cpp), for a chunk of pairs:
// the exact products of the significands and their buckets (the copy, the
// sign and the sum of the exponent fields, a subnormal's field counted as
// 1), in a loop the compiler vectorizes. It is in an unnamed namespace because
// exact_products_avx512.cpp compiles it again for AVX-512: each translation
// unit keeps its own copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx::detail {
namespace {

// Pairs decoded in one step, before their products are added into the
// buckets, and how far ahead of the pair being decoded the AVX-512 decoder
// prefetches the factors. From memory the decoding waits for the factors
// unless they are fetched while earlier chunks' products go into the
// buckets; of the sizes and distances measured in the exact binary32 dot of
// 10^7 (bench/side_by_side.cpp, `--only "exact dot"`; bench/README.md has
// the figures and the machines), these were the fastest and steadiest on
// the AMD EPYC with Zen 5, and were not measured on the Intel Xeon.
constexpr std::size_t product_chunk = 256;
constexpr std::size_t product_prefetch_distance = 1024;

// Buckets of one sign: the sums of two exponent fields.
template <const Format& F>
constexpr std::size_t product_signs_apart = std::size_t{2} << F.exponent_bits;

// Products that fit one word go into two copies of the buckets, taken in
// turn along the products' order in the chunk's array (element by element
// here; the AVX-512 decoder's order is its own), so that two products in
// the same bucket one after the other do not wait for each other; the copy
// is part of the bucket's index.
template <const Format& F>
constexpr std::size_t product_copies = 2 * F.precision <= 64 ? 2 : 1;

template <const Format& F>
using ExactProduct = std::conditional_t<(2 * F.precision <= 64), std::uint64_t, UInt128>;

// A product that fits one word carries the index of its bucket above its
// 2p bits (a "tagged" product), so that adding it into its bucket takes one
// load from the chunk's array, not one for the product and one for the
// index. The index needs exponent_bits + 3 bits: sums of two exponent
// fields (exponent_bits + 1 bits), the sign, the copy.
template <const Format& F>
constexpr int product_tag_shift = 2 * F.precision;
template <const Format& F>
constexpr std::uint64_t product_untagged_mask = product_tag_shift<F> < 64
                                                    ? ~std::uint64_t{0} >>
                                                          (64 - product_tag_shift<F>)
                                                    : ~std::uint64_t{0};

// The bucket of the pair (u, v): the copy, the sign, and the sum of the
// exponent fields, a subnormal's field counted as 1.
template <const Format& F, typename Lane>
[[gnu::always_inline]] inline std::uint32_t product_bucket(Lane u, Lane v, Lane field_u,
                                                           Lane field_v, std::size_t i) {
  return std::uint32_t(((u ^ v) >> (F.width() - 1)) & 1) * std::uint32_t(product_signs_apart<F>) +
         std::uint32_t((field_u | Lane(field_u == 0)) + (field_v | Lane(field_v == 0))) +
         std::uint32_t(i % product_copies<F>) * std::uint32_t(2 * product_signs_apart<F>);
}

// Decodes and multiplies a chunk of pairs. Products of one word come back
// tagged with their buckets in `products` (`bucket_of` is not written);
// wider ones come back in `products` with their buckets in `bucket_of`.
// Returns nonzero when a factor is infinite or NaN (the chunk then goes
// element by element).
template <const Format& F, typename Word>
std::uint32_t decode_products(const Word* x, const Word* y, std::size_t length,
                              ExactProduct<F>* products, std::uint32_t* bucket_of) {
  using Lane = std::conditional_t<(F.width() <= 32), std::uint32_t, std::uint64_t>;
  constexpr Lane all_ones = (Lane{1} << F.exponent_bits) - 1;
  constexpr bool tagged = std::is_same_v<ExactProduct<F>, std::uint64_t>;
  static_assert(!tagged || product_tag_shift<F> + F.exponent_bits + 3 <= 64,
                "a tagged product's bucket index fits above its 2p bits");
  Lane unusual = 0;
  for (std::size_t i = 0; i < length; ++i) {
    const Lane u = Lane(x[i]), v = Lane(y[i]);
    const Lane field_u = (u >> F.fraction_bits()) & all_ones;
    const Lane field_v = (v >> F.fraction_bits()) & all_ones;
    if constexpr (F.special_encoding == SpecialEncoding::Ieee)
      unusual |= Lane(field_u == all_ones) | Lane(field_v == all_ones);
    else
      unusual |= Lane((u & F.magnitude_mask()) == F.magnitude_mask()) |
                 Lane((v & F.magnitude_mask()) == F.magnitude_mask());
    const Lane significand_u =
        (u & Lane(F.fraction_mask())) | (Lane(field_u != 0) << F.fraction_bits());
    const Lane significand_v =
        (v & Lane(F.fraction_mask())) | (Lane(field_v != 0) << F.fraction_bits());
    const ExactProduct<F> product = ExactProduct<F>(significand_u) * significand_v;
    const std::uint32_t bucket = product_bucket<F>(u, v, field_u, field_v, i);
    if constexpr (tagged) {
      products[i] = product | (std::uint64_t(bucket) << product_tag_shift<F>);
    } else {
      products[i] = product;
      bucket_of[i] = bucket;
    }
  }
  return std::uint32_t(unusual != 0);
}

}  // namespace

// decode_products for binary32 in 32-bit words compiled for x86-64-v4
// (AVX-512), when this build has it and the processor supports it; else null.
// Its products come back tagged.
using Binary32ProductDecoder = std::uint32_t (*)(const std::uint32_t*, const std::uint32_t*,
                                                 std::size_t, std::uint64_t*);
Binary32ProductDecoder avx512_binary32_product_decoder();

}  // namespace fpx::detail
