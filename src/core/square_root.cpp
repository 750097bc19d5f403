// Square root (IEEE 754-2019 5.4.1). Normal operands of formats of at most
// 24 bits take the normal path of element_operations.hpp: a table-started
// reciprocal square root, multiplications and an exact correction by
// comparing squares. The general path (special values, subnormals,
// stochastic rounding, binary64): an integer square root of the significand
// scaled to twice (precision + 2) bits; the remainder is the sticky bit.
#include <array>

#include "arithmetic.hpp"
#include "element_operations.hpp"
#include "fpx/core/operations.hpp"

namespace fpx {
namespace {

// The first step of integer_square_root: for t in [256, 1024), an upper
// bound of sqrt(t + 1) scaled by 2^10, good to about 9 bits.
constexpr std::array<std::uint32_t, 1024> make_root_table() {
  std::array<std::uint32_t, 1024> table{};
  for (std::uint32_t t = 256; t < 1024; ++t) {
    const std::uint64_t scaled = std::uint64_t(t + 1) << 20;
    std::uint64_t root = 0;  // floor(sqrt(scaled)), bit by bit
    for (std::uint64_t bit = std::uint64_t{1} << 15; bit != 0; bit >>= 1)
      if ((root | bit) * (root | bit) <= scaled) root |= bit;
    table[t] = std::uint32_t(root + 1);  // > sqrt(scaled)
  }
  return table;
}
constexpr auto root_table = make_root_table();

// floor(sqrt(n)) by Newton's iteration on integers, started above the root
// from a 9-bit table estimate so that two steps suffice for binary32 and
// three for binary64; the iterates stay above the root (arithmetic-geometric
// mean inequality), so a final downward correction makes the result exact
// (Crandall and Pomerance, "Prime Numbers", Algorithm 9.2.11).
template <typename Word>
Word integer_square_root(Word n) {
  const int bits = detail::bit_width(n);
  if (bits <= 10) {
    Word root = 0;
    while ((root + 1) * (root + 1) <= n) ++root;
    return root;
  }
  // n = t * 2^shift + (lower bits), shift even, t in [256, 1024).
  const int shift = (bits - 9) & ~1;
  const Word top = n >> shift;
  Word root = ((Word(root_table[std::size_t(top)]) << (shift / 2)) >> 10) + 1;
  // Each step doubles the correct bits: 9, 18, 36, 72.
  for (int correct = 9; correct < (bits + 1) / 2 + 2; correct *= 2) root = (root + n / root) >> 1;
  while (root * root > n) --root;
  return root;
}

// Every case the normal path leaves (see add.cpp), and binary64; for a
// format known at compile time or at run time.
template <typename Word>
[[gnu::always_inline]] inline Rounded square_root_general_path(const Format& format,
                                                               std::uint64_t a, Rounding mode,
                                                               const RoundingOptions& options) {
  using namespace detail;
  Unpacked x = fpx::unpack(format, a);
  if (x.is_nan()) return propagate_nan(format, x);
  if (x.is_zero()) return signed_zero(format, x.negative);  // sqrt(-0) = -0
  if (x.negative) return default_nan(format, true);
  if (x.is_infinity()) return Rounded{a, {}};

  // Step 1: normalize and make the exponent even.
  const int p = format.precision;
  normalize_to(x.significand, x.exponent, p - 1);
  Word radicand = x.significand;
  int exponent = x.exponent;
  if (exponent & 1) {
    radicand <<= 1;
    exponent -= 1;
  }
  // Step 2: scale by an even power of two so the root has >= p + 2 bits.
  const int scale = (p + 6) & ~1;
  radicand <<= scale;
  exponent -= scale;
  Word root = integer_square_root(radicand);
  Word remainder = radicand - root * root;
  exponent /= 2;
  // Step 3 (stochastic rounding only): 32 more root bits by the restoring
  // digit-by-digit method, since (2s + 1)^2 = 4s^2 + 4s + 1: its rule needs
  // the discarded fraction to 32 bits (rounding.hpp).
  if (mode == Rounding::Stochastic) {
    for (int bit = 0; bit < stochastic_random_bits; ++bit) {
      remainder <<= 2;
      const Word trial = (root << 2) | 1;
      root <<= 1;
      if (remainder >= trial) {
        remainder -= trial;
        root |= 1;
      }
    }
    exponent -= stochastic_random_bits;
  }
  return round_pack(format, false, exponent, root, remainder != 0, mode, options);
}

// The operands the normal path leaves, answered from the encoding before the
// general path unpacks it, for formats of at most 24 bits with IEEE special
// values (all those the normal path leaves on the benchmark's mixed operands:
// bench/README.md); returns whether it answered, and then `result` is the
// answer: a NaN, a zero (the root of -0 is -0), a negative number (invalid),
// +infinity, and a positive subnormal, whose root square_root_subnormal_path
// computes as the normal path does (it returns false if that root were out of
// the normal range, which it never is).
template <const Format& F>
[[gnu::always_inline]] inline bool square_root_from_encoding(std::uint64_t a, Rounding mode,
                                                             Rounded& result) {
  using namespace detail;
  const bool negative = (a & F.sign_mask()) != 0;
  if (is_nan_encoding<F>(a)) {
    result = nan_of_encodings<F>(a);
    return true;
  }
  if (is_zero_encoding<F>(a)) {
    result = signed_zero(F, negative);
    return true;
  }
  if (negative) {
    result = default_nan(F, true);
    return true;
  }
  if (is_infinity_encoding<F>(a)) {
    result = Rounded{a, {}};
    return true;
  }
  if (is_normal<F>(a)) return false;
  const NormalRounded root = with_deterministic_mode(
      mode, [&]<Rounding M>() { return square_root_subnormal_path<F, M>(a); });
  result = Rounded{root.bits, Flags{std::uint8_t(root.flags)}};
  return root.in_range;
}

template <const Format& F>
[[gnu::noinline]] Rounded square_root_general(std::uint64_t a, Rounding mode,
                                              const RoundingOptions& options) {
  if constexpr (detail::has_ieee_specials<F> && F.precision <= 24) {
    Rounded answer;
    if (mode != Rounding::Stochastic && square_root_from_encoding<F>(a, mode, answer))
      return answer;
  }
  return square_root_general_path<detail::ProductWord<F>>(F, a, mode, options);
}

}  // namespace

template <const Format& F>
Rounded square_root(std::uint64_t a, Rounding mode, const RoundingOptions& options) {
  if constexpr (F.precision <= 24) {
    const bool positive_normal = detail::normal_path_operands<F>(a) && (a & F.sign_mask()) == 0;
    const detail::NormalRounded fast = detail::normal_path_if(
        positive_normal, mode,
        [&]<Rounding M>() { return detail::square_root_normal_path<F, M>(a); });
    if (fast.in_range) [[likely]]
      return detail::as_rounded(fast);
  }
  return square_root_general<F>(a, mode, options);
}

namespace detail {
Rounded square_root_any_format(const Format& format, std::uint64_t a, Rounding mode,
                               const RoundingOptions& options) {
  return square_root_general_path<RuntimeWord>(format, a, mode, options);
}
}  // namespace detail

#define FPX_INSTANTIATE(format) \
  template Rounded square_root<format>(std::uint64_t, Rounding, const RoundingOptions&);
FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_INSTANTIATE)
#undef FPX_INSTANTIATE

}  // namespace fpx
