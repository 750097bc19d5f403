// Internal to the core: the array kernels of arrays.hpp and their tables. A
// kernel is one loop over the elements with the format and the rounding mode
// fixed at compile time, calling the element functions of
// element_operations.hpp, which are straight-line code; so the loop
// vectorizes wherever the instruction set has the operations (AVX-512 has
// the 64-bit shifts by lane, multiplies and leading-zero counts that they
// need). The kernels are compiled once per instruction set, each set in its
// own namespace (array_kernels_portable.cpp, array_kernels_avx512.cpp), and
// arrays.cpp picks a table at run time.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx::detail {

// The words that hold encodings of F in the kernels.
template <const Format& F>
using NaturalWord = std::conditional_t<
    (F.width() <= 8), std::uint8_t,
    std::conditional_t<(F.width() <= 16), std::uint16_t,
                       std::conditional_t<(F.width() <= 32), std::uint32_t, std::uint64_t>>>;

constexpr std::size_t natural_word_bytes(const Format& format) {
  return format.width() <= 8 ? 1 : format.width() <= 16 ? 2 : format.width() <= 32 ? 4 : 8;
}

// Each kernel reads inputs[0..arity)[i], writes out[i] and (unless `flags`
// is null) flags[i] for i < n and returns the union of the flags. `out` may
// be one of the inputs, but may not overlap them otherwise.
// `tininess_before` is all ones for Tininess::BeforeRounding. A null entry
// in a table of a vector instruction set means that the portable kernel is
// as fast (nothing to vectorize, as in binary64 products), or that the pair
// of formats is rarely used.
using Kernel = std::uint64_t (*)(const void* const* inputs, void* out, std::size_t n,
                                 std::uint8_t* flags, std::uint64_t tininess_before);

inline constexpr std::size_t predefined_format_count = 9;
inline constexpr std::size_t deterministic_mode_count = 6;

// Rows by format in the order of FPX_PREDEFINED_FORMATS, columns by mode in
// the order of the Rounding enumeration; conversions [from][to][mode].
struct ConversionTable {
  const Kernel (*from[predefined_format_count])[deterministic_mode_count];
};

struct KernelTable {
  Kernel add[predefined_format_count][deterministic_mode_count];
  Kernel subtract[predefined_format_count][deterministic_mode_count];
  Kernel multiply[predefined_format_count][deterministic_mode_count];
  Kernel divide[predefined_format_count][deterministic_mode_count];
  Kernel square_root[predefined_format_count][deterministic_mode_count];
  Kernel fused_multiply_add[predefined_format_count][deterministic_mode_count];
  const ConversionTable* convert;
};

// The tables of each instruction set, in their translation units (the
// operations and the conversions apart, so that they compile in parallel).
extern const KernelTable portable_kernel_table;
extern const ConversionTable portable_conversion_table;
#if defined(FPX_AVX512_KERNELS)
extern const KernelTable avx512_kernel_table;
extern const ConversionTable avx512_conversion_table;
#endif

}  // namespace fpx::detail

// The kernel templates, defined in the namespace FPX_KERNEL_NAMESPACE by the
// translation unit that includes this header with FPX_DEFINE_KERNELS set
// (after setting its instruction set). Everything they call is inlined into
// them, so no function compiled for one instruction set is shared with
// another.
#if defined(FPX_DEFINE_KERNELS)

#include "binary32_through_binary64.hpp"
#include "element_operations.hpp"
#include "fpx/core/operations.hpp"

namespace fpx::detail::FPX_KERNEL_NAMESPACE {

// The operations as the kernels see them: the straight-line element
// function, the scalar normal path, and the scalar operation; `vectorized`
// says whether a vector instruction set has a kernel of its own, and
// `through_binary64` whether it has `routed`, the same operation through
// binary64 arithmetic (binary32_through_binary64.hpp).
template <const Format& F, Rounding M>
struct Add {
  static constexpr int arity = 2;
  static constexpr Rounding mode = M;
  static constexpr bool vectorized = true;
  [[gnu::always_inline]] static RoundedWord element(const std::uint64_t* x, std::uint64_t before) {
    return add_element<F>(x[0], x[1], make_mode_masks(M), before);
  }
  [[gnu::always_inline]] static NormalRounded normal_path(const std::uint64_t* x) {
    return add_normal_path<F, M>(x[0], x[1]);
  }
  static constexpr bool through_binary64 = F == binary32;
  [[gnu::always_inline]] static Binary64Result routed(const std::uint64_t* x) {
    return add_through_binary64<M>(x[0], x[1]);
  }
  static Rounded scalar(const std::uint64_t* x, const RoundingOptions& options) {
    return fpx::add<F>(x[0], x[1], M, options);
  }
};

// a - b is a + (-b) exactly.
template <const Format& F, Rounding M>
struct Subtract {
  static constexpr int arity = 2;
  static constexpr Rounding mode = M;
  static constexpr bool vectorized = true;
  [[gnu::always_inline]] static RoundedWord element(const std::uint64_t* x, std::uint64_t before) {
    return add_element<F>(x[0], x[1] ^ F.sign_mask(), make_mode_masks(M), before);
  }
  [[gnu::always_inline]] static NormalRounded normal_path(const std::uint64_t* x) {
    return add_normal_path<F, M>(x[0], x[1] ^ F.sign_mask());
  }
  static constexpr bool through_binary64 = F == binary32;
  [[gnu::always_inline]] static Binary64Result routed(const std::uint64_t* x) {
    return add_through_binary64<M>(x[0], x[1] ^ F.sign_mask());
  }
  static Rounded scalar(const std::uint64_t* x, const RoundingOptions& options) {
    return fpx::subtract<F>(x[0], x[1], M, options);
  }
};

// binary64 products need 128-bit words, which do not vectorize.
template <const Format& F, Rounding M>
struct Multiply {
  static constexpr int arity = 2;
  static constexpr Rounding mode = M;
  static constexpr bool vectorized = F.precision <= 24;
  [[gnu::always_inline]] static RoundedWord element(const std::uint64_t* x, std::uint64_t before) {
    return multiply_element<F>(x[0], x[1], make_mode_masks(M), before);
  }
  [[gnu::always_inline]] static NormalRounded normal_path(const std::uint64_t* x) {
    return multiply_normal_path<F, M>(x[0], x[1]);
  }
  static constexpr bool through_binary64 = F == binary32;
  [[gnu::always_inline]] static Binary64Result routed(const std::uint64_t* x) {
    return multiply_through_binary64(x[0], x[1]);
  }
  static Rounded scalar(const std::uint64_t* x, const RoundingOptions& options) {
    return fpx::multiply<F>(x[0], x[1], M, options);
  }
};

template <const Format& F, Rounding M>
struct FusedMultiplyAdd {
  static constexpr int arity = 3;
  static constexpr Rounding mode = M;
  static constexpr bool vectorized = F.precision <= 24;
  [[gnu::always_inline]] static RoundedWord element(const std::uint64_t* x, std::uint64_t before) {
    return fused_multiply_add_element<F>(x[0], x[1], x[2], make_mode_masks(M), before);
  }
  [[gnu::always_inline]] static NormalRounded normal_path(const std::uint64_t* x) {
    return fused_multiply_add_normal_path<F, M>(x[0], x[1], x[2]);
  }
  static constexpr bool through_binary64 = F == binary32;
  [[gnu::always_inline]] static Binary64Result routed(const std::uint64_t* x) {
    return fused_multiply_add_through_binary64<M>(x[0], x[1], x[2]);
  }
  static Rounded scalar(const std::uint64_t* x, const RoundingOptions& options) {
    return fpx::fused_multiply_add<F>(x[0], x[1], x[2], M, options);
  }
};

// binary64 has no straight-line quotient or root (its significands are too
// wide for the reciprocals of element_operations.hpp).
template <const Format& F, Rounding M>
struct Divide {
  static constexpr int arity = 2;
  static constexpr Rounding mode = M;
  static constexpr bool vectorized = F.precision <= 24;
  [[gnu::always_inline]] static RoundedWord element(const std::uint64_t* x, std::uint64_t before) {
    if constexpr (vectorized) return divide_element<F>(x[0], x[1], make_mode_masks(M), before);
    return RoundedWord{0, 0};
  }
  [[gnu::always_inline]] static NormalRounded normal_path(const std::uint64_t* x) {
    if constexpr (vectorized) return divide_normal_path<F, M>(x[0], x[1]);
    return NormalRounded{0, 0, false};
  }
  static constexpr bool through_binary64 = F == binary32;
  [[gnu::always_inline]] static Binary64Result routed(const std::uint64_t* x) {
    return divide_through_binary64(x[0], x[1]);
  }
  static Rounded scalar(const std::uint64_t* x, const RoundingOptions& options) {
    return fpx::divide<F>(x[0], x[1], M, options);
  }
};

template <const Format& F, Rounding M>
struct SquareRoot {
  static constexpr int arity = 1;
  static constexpr Rounding mode = M;
  static constexpr bool vectorized = F.precision <= 24;
  [[gnu::always_inline]] static RoundedWord element(const std::uint64_t* x, std::uint64_t before) {
    if constexpr (vectorized) return square_root_element<F>(x[0], make_mode_masks(M), before);
    return RoundedWord{0, 0};
  }
  [[gnu::always_inline]] static NormalRounded normal_path(const std::uint64_t* x) {
    if constexpr (vectorized) return square_root_normal_path<F, M>(x[0]);
    return NormalRounded{0, 0, false};
  }
  static constexpr bool through_binary64 = F == binary32;
  [[gnu::always_inline]] static Binary64Result routed(const std::uint64_t* x) {
    return square_root_through_binary64(x[0]);
  }
  static Rounded scalar(const std::uint64_t* x, const RoundingOptions& options) {
    return fpx::square_root<F>(x[0], M, options);
  }
};

// A vector instruction set converts from and to the wide formats (what
// numpy arrays hold); the other pairs use the portable kernels.
template <const Format& From, const Format& To, Rounding M>
struct Convert {
  static constexpr int arity = 1;
  static constexpr Rounding mode = M;
  static constexpr bool vectorized =
      !(From == To) && (From == binary32 || From == binary64 || To == binary32 || To == binary64);
  [[gnu::always_inline]] static RoundedWord element(const std::uint64_t* x, std::uint64_t before) {
    return convert_element<From, To>(x[0], make_mode_masks(M), before);
  }
  [[gnu::always_inline]] static NormalRounded normal_path(const std::uint64_t* x) {
    return convert_normal_path<From, To, M>(x[0]);
  }
  static constexpr bool through_binary64 = false;
  static Rounded scalar(const std::uint64_t* x, const RoundingOptions& options) {
    return fpx::convert<From, To>(x[0], M, options);
  }
};

#if FPX_KERNEL_VECTOR
// The steps of the integer vector kernel below: a chunk of the inputs
// widened to 64-bit lanes, and the results narrowed into the output words,
// with the element flags when asked for, returning their union.
template <typename In, std::size_t chunk>
[[gnu::always_inline]] inline void load_chunk(const void* const* inputs, int arity,
                                              std::size_t start, std::size_t length,
                                              std::uint64_t (*operands)[chunk]) {
  for (int k = 0; k < arity; ++k) {
    const In* input = static_cast<const In*>(inputs[k]) + start;
    for (std::size_t i = 0; i < length; ++i) operands[k][i] = input[i];
  }
}

template <typename Out>
[[gnu::always_inline]] inline std::uint64_t store_chunk(const std::uint64_t* bits,
                                                        const std::uint64_t* flag_words,
                                                        std::size_t length, Out* result,
                                                        std::uint8_t* flags) {
  std::uint64_t all = 0;
  for (std::size_t i = 0; i < length; ++i) {
    result[i] = Out(bits[i]);
    all |= flag_words[i];
  }
  if (flags)
    for (std::size_t i = 0; i < length; ++i) flags[i] = std::uint8_t(flag_words[i]);
  return all;
}

// A vector kernel: the inputs widened to 64-bit words a chunk at a time,
// then one straight-line loop over the chunk in which every value is a
// 64-bit lane (so that the vectorization factor is the lanes of a 64-bit
// vector), then the results narrowed.
template <typename Op, typename In, typename Out>
std::uint64_t kernel(const void* const* inputs, void* out, std::size_t n, std::uint8_t* flags,
                     std::uint64_t tininess_before) {
  constexpr std::size_t chunk = 256;
  constexpr int arity = Op::arity;
  alignas(64) std::uint64_t operands[arity][chunk];
  alignas(64) std::uint64_t bits[chunk], flag_words[chunk];
  Out* result = static_cast<Out*>(out);
  std::uint64_t all = 0;
  for (std::size_t start = 0; start < n; start += chunk) {
    const std::size_t length = n - start < chunk ? n - start : chunk;
    load_chunk<In>(inputs, arity, start, length, operands);
    for (std::size_t i = 0; i < length; ++i) {
      std::uint64_t x[arity];
      for (int k = 0; k < arity; ++k) x[k] = operands[k][i];
      const RoundedWord r = Op::element(x, tininess_before);
      bits[i] = r.bits;
      flag_words[i] = r.flags;
    }
    all |= store_chunk(bits, flag_words, length, result + start, flags ? flags + start : nullptr);
  }
  return all;
}
#else
// A portable kernel: the scalar normal path element by element (the mode
// fixed, no call), the scalar operation for the rest.
template <typename Op, typename In, typename Out>
std::uint64_t kernel(const void* const* inputs, void* out, std::size_t n, std::uint8_t* flags,
                     std::uint64_t tininess_before) {
  constexpr int arity = Op::arity;
  const RoundingOptions options{tininess_before ? Tininess::BeforeRounding
                                                : Tininess::AfterRounding};
  Out* result = static_cast<Out*>(out);
  std::uint64_t all = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t x[arity];
    for (int k = 0; k < arity; ++k) x[k] = static_cast<const In*>(inputs[k])[i];
    const NormalRounded fast = Op::normal_path(x);
    std::uint64_t bits = fast.bits, flag_bits = fast.flags;
    if (!fast.in_range) [[unlikely]] {
      const Rounded r = Op::scalar(x, options);
      bits = r.bits;
      flag_bits = r.flags.bits;
    }
    result[i] = Out(bits);
    if (flags) flags[i] = std::uint8_t(flag_bits);
    all |= flag_bits;
  }
  return all;
}
#endif

#if FPX_KERNEL_VECTOR
// A vector kernel for the conversions that narrow within 32 bits (binary32
// to bfloat16, binary16, fp8 ...), a chunk at a time in 32-bit lanes: a
// chunk of plain values by convert_plain32, any other by
// convert_narrowing32, which answers every value, or for bfloat16 and tf32
// without element flags by convert_same_range32_joined and
// same_range_flags.
template <const Format& From, const Format& To, Rounding M, typename In, typename Out>
std::uint64_t narrowing_kernel(const void* const* inputs, void* out, std::size_t n,
                               std::uint8_t* flags, std::uint64_t tininess_before) {
  constexpr std::size_t chunk = 512;
  const In* input = static_cast<const In*>(inputs[0]);
  Out* result = static_cast<Out*>(out);
  std::uint32_t all = 0;
  // A chunk of plain values (the usual case) is answered by the short loop,
  // which also finds whether the chunk is plain; if not, the general loop
  // answers the chunk again. After a chunk that is not plain the next ones
  // go straight to the general loop, and the short loop is tried again on
  // every 16th only, so that data with specials in every chunk is converted
  // about once, not twice, and a plain stretch after them is still found.
  constexpr std::size_t retry_plain_every = 16;
  constexpr bool can_overflow = M != Rounding::TowardZero && M != Rounding::ToOdd;
  std::size_t chunks_since_plain = 0;
  for (std::size_t start = 0, length = 0; start < n; start += length) {
    length = n - start < chunk ? n - start : chunk;
    const In* x = input + start;
    Out* y = result + start;
    // The chunks from here to the next try of the short loop.
    std::size_t chunks_before_retry = 1;
    // Without element flags, the short loop takes the chunk's flags from
    // the union of its inputs and its largest rounded magnitude
    // (plain_flags), which matters only where rounding can reach infinity.
    // Where the sign travels with the cut (bfloat16, tf32) the chunk is
    // plain when its results are (plain_result_smallest): a range test on
    // the results in their own words, for bfloat16 twice as many to a vector
    // as the inputs.
    if constexpr (plain_narrowing<From, To>) {
      chunks_before_retry = retry_plain_every - chunks_since_plain % retry_plain_every;
      if (chunks_since_plain % retry_plain_every == 0) {
        constexpr bool test_results = sign_travels_with_cut<From, To>;
        using Tested = std::conditional_t<test_results, Out, std::uint32_t>;
        Tested smallest = Tested(~Tested{0}), largest = 0;
        auto magnitude_range = [&](std::uint32_t a, std::uint32_t bits) {
          const Tested magnitude = test_results ? Tested(bits & std::uint32_t(To.magnitude_mask()))
                                                : Tested(a & std::uint32_t(From.magnitude_mask()));
          smallest = smallest < magnitude ? smallest : magnitude;
          largest = largest > magnitude ? largest : magnitude;
        };
        std::uint32_t inputs_union = 0, largest_kept = 0, flags_union = 0;
        if (flags) {
          for (std::size_t i = 0; i < length; ++i) {
            const std::uint32_t a = std::uint32_t(x[i]);
            const Plain32 r = convert_plain32<From, To, M>(a);
            const std::uint32_t f = plain_flags<From, To>(a, r.kept);
            magnitude_range(a, r.bits);
            y[i] = Out(r.bits);
            flags[start + i] = std::uint8_t(f);
            flags_union |= f;
          }
        } else {
          for (std::size_t i = 0; i < length; ++i) {
            const std::uint32_t a = std::uint32_t(x[i]);
            const Plain32 r = convert_plain32<From, To, M>(a);
            magnitude_range(a, r.bits);
            y[i] = Out(r.bits);
            inputs_union |= a;
            // Plain results are finite: no overflow to find.
            if constexpr (can_overflow && !test_results)
              largest_kept = largest_kept > r.kept ? largest_kept : r.kept;
          }
          flags_union = plain_flags<From, To>(inputs_union, largest_kept);
        }
        const bool plain = test_results ? smallest >= plain_result_smallest<From, To> &&
                                              largest <= plain_result_largest<From, To>
                                        : smallest >= plain_smallest<From, To> &&
                                              largest <= plain_largest<From, To>;
        if (plain) {
          all |= flags_union;
          chunks_since_plain = 0;
          continue;
        }
      }
      ++chunks_since_plain;
    }
    // Without element flags, when the sign travels with the cut (bfloat16),
    // each element gives the parts of the flags instead of its own; this
    // loop runs on to the next try of the short loop, so that the flags
    // are joined once for all those chunks.
    if constexpr (sign_travels_with_cut<From, To> && From.has_infinity()) {
      if (!flags) {
        const std::size_t run = chunks_before_retry * chunk;
        length = n - start < run ? n - start : run;
        chunks_since_plain += chunks_before_retry - 1;
        // Where AVX-512 intrinsics answer the whole vectors of the run
        // (bfloat16_narrowing_avx512.hpp), this loop answers the rest.
        std::size_t first = 0;
#if defined(FPX_BFLOAT16_RUN_AVX512)
        if constexpr (From == binary32 && To == bfloat16 && std::is_same_v<In, std::uint32_t> &&
                      std::is_same_v<Out, std::uint16_t>) {
          all |= binary32_to_bfloat16_vectors<M>(x, y, length, std::uint32_t(tininess_before));
          first = length - length % 32;
        }
#endif
        std::uint32_t inexact_or_signaling = 0, tiny_below_cut = 0, largest_finite_kept = 0;
        for (std::size_t i = first; i < length; ++i) {
          const std::uint32_t a = std::uint32_t(x[i]);
          const SameRangeElement e =
              convert_same_range32_joined<From, To, M>(a, std::uint32_t(tininess_before));
          y[i] = Out(e.bits);
          inexact_or_signaling |= e.inexact_or_signaling;
          tiny_below_cut |= e.tiny_below_cut;
          if constexpr (can_overflow)
            largest_finite_kept =
                largest_finite_kept > e.finite_kept ? largest_finite_kept : e.finite_kept;
        }
        all |=
            same_range_flags<From, To>(inexact_or_signaling, tiny_below_cut, largest_finite_kept);
        continue;
      }
    }
    auto general_loop = [&]<bool element_flags>() {
      for (std::size_t i = 0; i < length; ++i) {
        const std::uint32_t a = std::uint32_t(x[i]);
        const Rounded32 r = convert_narrowing32<From, To, M>(a, std::uint32_t(tininess_before));
        y[i] = Out(r.bits);
        if constexpr (element_flags) flags[start + i] = std::uint8_t(r.flags);
        all |= r.flags;
      }
    };
    if (flags)
      general_loop.template operator()<true>();
    else
      general_loop.template operator()<false>();
  }
  return all;
}
#endif

#if FPX_KERNEL_VECTOR
// The lanes i < length whose mask byte is 1 (the others 0, and zero from
// `length` up to the next multiple of 8), in order, into `where`; their
// count. Each 8 mask bytes, read as one little-endian word, become 8 bits
// by one multiplication: bit 0 of byte j moves to bit 56 + j, and no two of
// the partial products share a bit, so nothing carries. 64 lanes go into
// one word, whose set bits are read off with a trailing-zero count, so the
// scalar work is per lane set rather than per lane.
static_assert(std::endian::native == std::endian::little);
[[gnu::always_inline]] inline std::size_t lanes_set(const std::uint8_t* mask, std::size_t length,
                                                    std::uint32_t* where) {
  constexpr std::uint64_t gather_bit_zero_of_each_byte = 0x0102040810204080;
  std::size_t count = 0;
  for (std::size_t block = 0; block < length; block += 64) {
    const std::size_t end = length - block < 64 ? length : block + 64;
    std::uint64_t bits = 0;
    for (std::size_t group = block; group < end; group += 8) {
      std::uint64_t bytes;
      std::memcpy(&bytes, mask + group, sizeof bytes);
      bits |= ((bytes * gather_bit_zero_of_each_byte) >> 56) << (group - block);
    }
    while (bits != 0) {
      where[count++] = std::uint32_t(block + std::size_t(__builtin_ctzll(bits)));
      bits &= bits - 1;
    }
  }
  return count;
}

// The 64-bit lanes of an AVX-512 vector.
inline constexpr std::size_t vector_lanes = 8;

// The operands of the lanes `where[0..count)` (count > 0) into `gathered`,
// then copies of the first lane's operands up to a multiple of
// vector_lanes; returns that padded count. The loops over gathered lanes
// then run whole vectors only, not the element function lane by lane in
// their scalar remainder loop.
template <typename In, int arity, std::size_t chunk>
[[gnu::always_inline]] inline std::size_t gather_padded(const In* const (&operand)[arity],
                                                        const std::uint32_t* where,
                                                        std::size_t count,
                                                        std::uint64_t (&gathered)[arity][chunk]) {
  const std::size_t padded = (count + vector_lanes - 1) / vector_lanes * vector_lanes;
  for (int k = 0; k < arity; ++k) {
    for (std::size_t j = 0; j < count; ++j) gathered[k][j] = operand[k][where[j]];
    for (std::size_t j = count; j < padded; ++j) gathered[k][j] = gathered[k][0];
  }
  return padded;
}

// A vector kernel for the binary32 operations that go through binary64
// (Op::routed), a chunk at a time. One straight-line loop reads the
// operands from the inputs, takes every lane through binary64, rounds it as
// a normal binary32 result and writes it to the output; it also marks the
// lanes that it could not answer, in one byte each. Then the lanes whose
// result is not normal (zero, subnormal, overflow) are gathered, computed
// again and rounded by the general step, and the lanes with an infinite or
// NaN operand, a zero divisor or a negative root operand are gathered and
// answered by the integer element function; both loops are straight-line
// too. The main loop keeps no 64-bit word per lane: an earlier design that
// kept the operands, the binary64 results and the marks as 64-bit words of
// the chunk ran three of the six modes up to 1.8x slower than the others,
// which modes depending on the layout of those words
// (bench/README.md). When the host's binary64 arithmetic does not round to
// nearest even (the program set another rounding direction), the whole
// array takes the integer kernel.
template <typename Op, typename In, typename Out>
std::uint64_t binary64_route_kernel(const void* const* inputs, void* out, std::size_t n,
                                    std::uint8_t* flags, std::uint64_t tininess_before) {
  if (!binary64_rounds_to_nearest_even())
    return kernel<Op, In, Out>(inputs, out, n, flags, tininess_before);
  // Longer chunks spread what the gathered lanes cost per chunk (their
  // padding to whole vectors, the loops' start); chunks of 1024 instead of
  // 256 took the mixed operands of bench/README.md about 10% less time.
  constexpr std::size_t chunk = 1024;
  static_assert(chunk % vector_lanes == 0 && chunk % 8 == 0);
  constexpr int arity = Op::arity;
  Out* result = static_cast<Out*>(out);
  // In place, the results overwrite the operands that the gathered lanes
  // need again; then each chunk's operands are copied first.
  bool in_place = false;
  for (int k = 0; k < arity; ++k) in_place |= inputs[k] == out;
  alignas(64) In copies[arity][chunk];
  alignas(64) std::uint8_t outside[chunk], special[chunk];
  alignas(64) std::uint64_t gathered[arity][chunk];
  alignas(64) std::uint64_t gathered_bits[chunk], gathered_flags[chunk];
  alignas(64) std::uint32_t where[chunk];
  std::uint64_t all = 0;
  for (std::size_t start = 0; start < n; start += chunk) {
    const std::size_t length = n - start < chunk ? n - start : chunk;
    const In* operand[arity];
    for (int k = 0; k < arity; ++k) {
      operand[k] = static_cast<const In*>(inputs[k]) + start;
      if (in_place) {
        for (std::size_t i = 0; i < length; ++i) copies[k][i] = operand[k][i];
        operand[k] = copies[k];
      }
    }
    Out* y = result + start;
    std::uint8_t* element_flags = flags ? flags + start : nullptr;
    std::uint64_t chunk_flags = 0, any_outside = 0, any_special = 0;
    auto main_loop = [&]<bool with_element_flags>() {
      for (std::size_t i = 0; i < length; ++i) {
        std::uint64_t x[arity];
        for (int k = 0; k < arity; ++k) x[k] = operand[k][i];
        const Binary64Result r = Op::routed(x);
        const NormalRounded normal = narrow_in_normal_range<Op::mode>(r.bits);
        const std::uint64_t is_special = r.special & 1;
        const std::uint64_t is_outside = std::uint64_t(!normal.in_range) & (is_special ^ 1);
        y[i] = Out(normal.bits);
        if constexpr (with_element_flags) element_flags[i] = std::uint8_t(normal.flags);
        // The flags of the lanes answered later are theirs, not these.
        chunk_flags |= normal.flags & ((is_special | is_outside) - 1);
        outside[i] = std::uint8_t(is_outside);
        special[i] = std::uint8_t(is_special);
        any_outside |= is_outside;
        any_special |= is_special;
      }
    };
    if (element_flags)
      main_loop.template operator()<true>();
    else
      main_loop.template operator()<false>();
    // lanes_set reads the marks 8 at a time.
    for (std::size_t i = length; i % 8 != 0; ++i) outside[i] = special[i] = 0;
    // The lanes that `marks` marks, gathered, answered by `answer` (a
    // function of the operands returning a RoundedWord) and put back.
    // Inlined at both calls: left to the compiler, the mixed rows of
    // bench/README.md took 1-3% longer.
    const auto answer_marked = [&](const std::uint8_t* marks, auto answer)
        __attribute__((always_inline)) {
      const std::size_t count = lanes_set(marks, length, where);
      const std::size_t padded = gather_padded(operand, where, count, gathered);
      for (std::size_t j = 0; j < padded; ++j) {
        std::uint64_t x[arity];
        for (int k = 0; k < arity; ++k) x[k] = gathered[k][j];
        const RoundedWord r = answer(x);
        gathered_bits[j] = r.bits;
        gathered_flags[j] = r.flags;
      }
      for (std::size_t j = 0; j < count; ++j) {
        y[where[j]] = Out(gathered_bits[j]);
        chunk_flags |= gathered_flags[j];
      }
      if (element_flags)
        for (std::size_t j = 0; j < count; ++j)
          element_flags[where[j]] = std::uint8_t(gathered_flags[j]);
    };
    if (any_outside)
      answer_marked(outside, [&](const std::uint64_t* x) {
        const Binary64Result wide = Op::routed(x);
        return narrow_to_binary32<Op::mode>(wide.bits, wide.zero_sign, tininess_before);
      });
    if (any_special)
      answer_marked(special,
                    [&](const std::uint64_t* x) { return Op::element(x, tininess_before); });
    all |= chunk_flags;
  }
  return all;
}
#endif

// The table entry of an operation: null when a vector instruction set
// leaves it to the portable kernels.
template <typename Op, typename In, typename Out>
constexpr Kernel entry() {
#if FPX_KERNEL_VECTOR
  if constexpr (Op::through_binary64) return binary64_route_kernel<Op, In, Out>;
#endif
  if constexpr (FPX_KERNEL_VECTOR && !Op::vectorized)
    return nullptr;
  else
    return kernel<Op, In, Out>;
}

template <template <const Format&, Rounding> class Op, const Format& F, Rounding M>
constexpr Kernel operation_entry() {
  return entry<Op<F, M>, NaturalWord<F>, NaturalWord<F>>();
}

template <const Format& From, const Format& To, Rounding M>
constexpr Kernel conversion_entry() {
#if FPX_KERNEL_VECTOR
  if constexpr (narrows_in_32_bits<From, To> && Convert<From, To, M>::vectorized)
    return narrowing_kernel<From, To, M, NaturalWord<From>, NaturalWord<To>>;
#endif
  return entry<Convert<From, To, M>, NaturalWord<From>, NaturalWord<To>>();
}

// One row of a table: the kernel for each deterministic mode.
#define FPX_KERNELS_BY_MODE(entry, ...)                                                       \
  {                                                                                           \
    entry<__VA_ARGS__, Rounding::NearestEven>(), entry<__VA_ARGS__, Rounding::NearestAway>(), \
        entry<__VA_ARGS__, Rounding::TowardZero>(),                                           \
        entry<__VA_ARGS__, Rounding::TowardPositive>(),                                       \
        entry<__VA_ARGS__, Rounding::TowardNegative>(), entry<__VA_ARGS__, Rounding::ToOdd>() \
  }

}  // namespace fpx::detail::FPX_KERNEL_NAMESPACE

#define FPX_KERNEL_PASTE(a, b) a##b
#define FPX_KERNEL_NAME(set, what) FPX_KERNEL_PASTE(set, what)

#if defined(FPX_DEFINE_OPERATION_TABLE)
namespace fpx::detail {
#define FPX_ROW(format) FPX_KERNELS_BY_MODE(FPX_KERNEL_NAMESPACE::operation_entry, FPX_OP, format),
const KernelTable FPX_KERNEL_NAME(FPX_KERNEL_NAMESPACE, _kernel_table) = {
#define FPX_OP FPX_KERNEL_NAMESPACE::Add
    {FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_ROW)},
#undef FPX_OP
#define FPX_OP FPX_KERNEL_NAMESPACE::Subtract
    {FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_ROW)},
#undef FPX_OP
#define FPX_OP FPX_KERNEL_NAMESPACE::Multiply
    {FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_ROW)},
#undef FPX_OP
#define FPX_OP FPX_KERNEL_NAMESPACE::Divide
    {FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_ROW)},
#undef FPX_OP
#define FPX_OP FPX_KERNEL_NAMESPACE::SquareRoot
    {FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_ROW)},
#undef FPX_OP
#define FPX_OP FPX_KERNEL_NAMESPACE::FusedMultiplyAdd
    {FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_ROW)},
#undef FPX_OP
    &FPX_KERNEL_NAME(FPX_KERNEL_NAMESPACE, _conversion_table)};
#undef FPX_ROW
}  // namespace fpx::detail
#endif  // FPX_DEFINE_OPERATION_TABLE

#if defined(FPX_DEFINE_CONVERSION_TABLE)
namespace fpx::detail::FPX_KERNEL_NAMESPACE {
template <const Format& From>
struct ConversionRows {
#define FPX_CONVERSION_ROW(to) FPX_KERNELS_BY_MODE(conversion_entry, From, to),
  static constexpr Kernel rows[predefined_format_count][deterministic_mode_count] = {
      FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_CONVERSION_ROW)};
#undef FPX_CONVERSION_ROW
};
}  // namespace fpx::detail::FPX_KERNEL_NAMESPACE
namespace fpx::detail {
#define FPX_CONVERSIONS_FROM(from) FPX_KERNEL_NAMESPACE::ConversionRows<from>::rows,
const ConversionTable FPX_KERNEL_NAME(FPX_KERNEL_NAMESPACE, _conversion_table) = {
    {FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_CONVERSIONS_FROM)}};
#undef FPX_CONVERSIONS_FROM
}  // namespace fpx::detail
#endif  // FPX_DEFINE_CONVERSION_TABLE

#endif  // FPX_DEFINE_KERNELS
