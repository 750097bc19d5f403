// Square root (IEEE 754-2019 5.4.1): an integer square root of the
// significand scaled to twice (precision + 2) bits; the remainder is the
// sticky bit.
#include "arithmetic.hpp"
#include "fpx/operations.hpp"

namespace fpx {
namespace {

// floor(sqrt(n)) by Newton's iteration on integers, started above the root
// so that the iterates decrease monotonically (Crandall and Pomerance,
// "Prime Numbers", Algorithm 9.2.11).
template <typename Word>
Word integer_square_root(Word n) {
  if (n < 2) return n;
  const int half_width = (detail::bit_width(n) + 1) / 2;
  Word root = Word{1} << half_width;  // > sqrt(n)
  for (;;) {
    Word next = (root + n / root) >> 1;
    if (next >= root) return root;
    root = next;
  }
}

}  // namespace

template <const Format& F>
Rounded square_root(std::uint64_t a, Rounding mode, const RoundingOptions& options) {
  using namespace detail;
  Unpacked x = unpack<F>(a);
  if (x.is_nan()) return propagate_nan<F>(x);
  if (x.is_zero()) return signed_zero<F>(x.negative);  // sqrt(-0) = -0
  if (x.negative) return default_nan<F>(true);
  if (x.is_infinity()) return Rounded{a, {}};

  // Step 1: normalize and make the exponent even.
  constexpr int p = F.precision;
  normalize_to(x.significand, x.exponent, p - 1);
  using Word = ProductWord<F>;
  Word radicand = x.significand;
  int exponent = x.exponent;
  if (exponent & 1) {
    radicand <<= 1;
    exponent -= 1;
  }
  // Step 2: scale by an even power of two so the root has >= p + 2 bits.
  constexpr int scale = (p + 6) & ~1;
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
  return round_pack(F, false, exponent, root, remainder != 0, mode, options);
}

#define FPX_INSTANTIATE(format) \
  template Rounded square_root<format>(std::uint64_t, Rounding, const RoundingOptions&);
FPX_FOR_EACH_FORMAT(FPX_INSTANTIATE)
#undef FPX_INSTANTIATE

}  // namespace fpx
