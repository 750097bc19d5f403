// Addition and subtraction (IEEE 754-2019 5.4.1): normal operands with a
// result in the normal range take the normal path of element_operations.hpp,
// the mode fixed by one switch; everything else the general path below.
#include "arithmetic.hpp"
#include "element_operations.hpp"
#include "fpx/core/operations.hpp"

namespace fpx {
namespace {

// Every case the normal path leaves: special values, subnormals, results
// outside the normal range, stochastic rounding; for a format known at
// compile time (normal_bits its precision) or at run time (normal_bits 0).
// The sums are in `Word`: stochastic rounding needs 32 exact bits below the
// result's last place (rounding.hpp); 64-bit words leave that room only up
// to precision 29.
template <typename Word, int normal_bits>
[[gnu::always_inline]] inline Rounded add_general_path(const Format& format, std::uint64_t a,
                                                       std::uint64_t b, bool negate_b,
                                                       Rounding mode,
                                                       const RoundingOptions& options) {
  using detail::add_terms;
  if (!negate_b && normal_bits != 0 && detail::all_normal(format, a, b)) {
    const Unpacked x = unpack_normal(format, a), y = unpack_normal(format, b);
    return add_terms<Word, normal_bits, normal_bits>(
        format, {x.negative, x.exponent, x.significand}, {y.negative, y.exponent, y.significand},
        mode, options);
  }
  const Unpacked x = unpack(format, a);
  Unpacked y = unpack(format, b);
  if (negate_b) y.negative = !y.negative;
  if (x.is_nan() || y.is_nan()) return detail::propagate_nan(format, x, y);
  if (x.is_infinity() || y.is_infinity()) {
    if (x.is_infinity() && y.is_infinity() && x.negative != y.negative)
      return detail::default_nan(format, true);
    return Rounded{detail::infinity_bits(format, x.is_infinity() ? x.negative : y.negative), {}};
  }
  if (x.is_zero() && y.is_zero())
    return detail::signed_zero(format, detail::zero_sum_is_negative(x.negative, y.negative, mode));
  // A zero addend leaves the other operand, which is representable (a
  // negated one is encoded again).
  if (y.is_zero()) return Rounded{a, {}};
  if (x.is_zero()) {
    if (!negate_b) return Rounded{b, {}};
    return round_pack(format, y.negative, y.exponent, y.significand, false, mode, options);
  }
  return add_terms<Word>(format, {x.negative, x.exponent, Word(x.significand)},
                         {y.negative, y.exponent, Word(y.significand)}, mode, options);
}

// The sums the normal path leaves that need no rounding, answered from the
// encodings before the general path unpacks them (bench/README.md counts them
// on the benchmark's mixed operands); returns whether it answered, and then
// `result` is the answer: a NaN or infinite operand, an exact zero difference
// (IEEE 754-2019 6.3 gives its sign), and two operands below the normal
// range. Their sum is exact, since both are multiples of the smallest
// subnormal and their sum lies below 2^(emin+1), where the spacing is still
// that of the smallest subnormal; and it is the sum (or difference) of their
// encodings as integers, since a subnormal's encoding is its magnitude in
// units of the smallest subnormal, and a carry into the exponent field gives
// the smallest normal binade, whose spacing is the same (IEEE 754-2019 3.4).
template <const Format& F>
[[gnu::always_inline]] inline bool add_from_encodings(std::uint64_t a, std::uint64_t b,
                                                      Rounding mode, Rounded& result) {
  using namespace detail;
  constexpr std::uint64_t infinity = F.infinity_bits();
  constexpr std::uint64_t smallest_normal = std::uint64_t{1} << F.fraction_bits();
  const std::uint64_t magnitude_a = a & F.magnitude_mask(), magnitude_b = b & F.magnitude_mask();
  const std::uint64_t sign_a = a & F.sign_mask(), sign_b = b & F.sign_mask();
  const bool opposite = sign_a != sign_b;
  if (is_nan_encoding<F>(a) || is_nan_encoding<F>(b))
    result = nan_of_encodings<F>(a, b);
  else if (magnitude_a == infinity && magnitude_b == infinity && opposite)  // inf - inf
    result = default_nan(F, true);
  else if (magnitude_a == infinity || magnitude_b == infinity)
    result = Rounded{magnitude_a == infinity ? sign_a | infinity : sign_b | infinity, {}};
  else if (opposite && magnitude_a == magnitude_b)
    result = signed_zero(F, mode == Rounding::TowardNegative);
  else if ((magnitude_a | magnitude_b) < smallest_normal && !opposite)
    result = Rounded{sign_a | (magnitude_a + magnitude_b), {}};
  else if ((magnitude_a | magnitude_b) < smallest_normal)
    result = magnitude_a > magnitude_b ? Rounded{sign_a | (magnitude_a - magnitude_b), {}}
                                       : Rounded{sign_b | (magnitude_b - magnitude_a), {}};
  else
    return false;
  return true;
}

// Not inlined, so that the normal path stays small.
template <const Format& F>
[[gnu::noinline]] Rounded add_general(std::uint64_t a, std::uint64_t b, Rounding mode,
                                      const RoundingOptions& options) {
  if constexpr (detail::has_ieee_specials<F>) {
    Rounded answer;
    if (mode != Rounding::Stochastic && add_from_encodings<F>(a, b, mode, answer)) return answer;
  }
  if constexpr (F.precision > 29) {
    if (mode == Rounding::Stochastic)
      return add_general_path<UInt128, F.precision>(F, a, b, false, mode, options);
  }
  return add_general_path<std::uint64_t, F.precision>(F, a, b, false, mode, options);
}

}  // namespace

template <const Format& F>
Rounded add(std::uint64_t a, std::uint64_t b, Rounding mode, const RoundingOptions& options) {
  // No test before the sum: the normal path takes a subnormal or zero
  // smaller operand too, and tests the larger one itself.
  const detail::NormalRounded fast = detail::with_deterministic_mode(
      mode, [&]<Rounding M>() { return detail::add_normal_path<F, M>(a, b); });
  if (fast.in_range) [[likely]]
    return detail::as_rounded(fast);
  return add_general<F>(a, b, mode, options);
}

template <const Format& F>
Rounded subtract(std::uint64_t a, std::uint64_t b, Rounding mode, const RoundingOptions& options) {
  // a - b is a + (-b) exactly; flipping a NaN's sign does not change how it
  // is treated.
  return add<F>(a, b ^ F.sign_mask(), mode, options);
}

namespace detail {
Rounded add_any_format(const Format& format, std::uint64_t a, std::uint64_t b, bool negate_b,
                       Rounding mode, const RoundingOptions& options) {
  return add_general_path<RuntimeWord, 0>(format, a, b, negate_b, mode, options);
}
}  // namespace detail

#define FPX_INSTANTIATE(format)                                                                 \
  template Rounded add<format>(std::uint64_t, std::uint64_t, Rounding, const RoundingOptions&); \
  template Rounded subtract<format>(std::uint64_t, std::uint64_t, Rounding, const RoundingOptions&);
FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_INSTANTIATE)
#undef FPX_INSTANTIATE

}  // namespace fpx
