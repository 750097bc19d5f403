// Division (IEEE 754-2019 5.4.1). Normal operands of formats of at most 24
// bits take the normal path of element_operations.hpp: a table-started
// reciprocal, one multiplication and an exact remainder check. The general
// path (special values, subnormals, results out of the normal range,
// stochastic rounding, binary64): a long integer division gives at least
// precision + 2 quotient bits, and the remainder is the sticky bit.
#include "arithmetic.hpp"
#include "element_operations.hpp"
#include "fpx/core/operations.hpp"

namespace fpx {
namespace {

// The quotient of two nonzero finite numbers, in Word.
template <typename Word>
[[gnu::always_inline]] inline Rounded divide_finite(const Format& format, Unpacked x, Unpacked y,
                                                    Rounding mode, const RoundingOptions& options) {
  using namespace detail;
  // Step 1: normalize both significands to [2^(p-1), 2^p), so the quotient
  // of (x << (p + 2)) by y lies in (2^(p+1), 2^(p+3)).
  const int p = format.precision;
  normalize_to(x.significand, x.exponent, p - 1);
  normalize_to(y.significand, y.exponent, p - 1);
  // Step 2: divide; a nonzero remainder means more bits follow.
  const Word numerator = Word(x.significand) << (p + 2);
  Word quotient = numerator / y.significand;
  Word remainder = numerator - quotient * y.significand;
  int exponent = x.exponent - y.exponent - (p + 2);
  // Step 3 (stochastic rounding only): 32 more quotient bits, as its rule
  // needs the discarded fraction to 32 bits (rounding.hpp).
  if (mode == Rounding::Stochastic) {
    const Word extended = remainder << stochastic_random_bits;
    const Word more = extended / y.significand;
    remainder = extended - more * y.significand;
    quotient = quotient << stochastic_random_bits | more;
    exponent -= stochastic_random_bits;
  }
  return round_pack(format, x.negative != y.negative, exponent, quotient, remainder != 0, mode,
                    options);
}

// Every case the normal path leaves (see add.cpp), and binary64, whose
// significands are too wide for the reciprocal of element_operations.hpp;
// for a format known at compile time or at run time.
template <typename Word>
[[gnu::always_inline]] inline Rounded divide_general_path(const Format& format, std::uint64_t a,
                                                          std::uint64_t b, Rounding mode,
                                                          const RoundingOptions& options) {
  using namespace detail;
  if (all_normal(format, a, b))
    return divide_finite<Word>(format, fpx::unpack_normal(format, a), fpx::unpack_normal(format, b),
                               mode, options);
  const Unpacked x = fpx::unpack(format, a);
  const Unpacked y = fpx::unpack(format, b);
  const bool negative = x.negative != y.negative;
  if (x.is_nan() || y.is_nan()) return propagate_nan(format, x, y);
  if (x.is_infinity()) {
    if (y.is_infinity()) return default_nan(format, true);  // inf / inf
    return Rounded{infinity_bits(format, negative), {}};
  }
  if (y.is_infinity()) return signed_zero(format, negative);
  if (y.is_zero()) {
    if (x.is_zero()) return default_nan(format, true);  // 0 / 0
    return Rounded{infinity_bits(format, negative), Flags{Flags::divide_by_zero}};
  }
  if (x.is_zero()) return signed_zero(format, negative);
  return divide_finite<Word>(format, x, y, mode, options);
}

// The quotients the normal path leaves that need no rounding, whose rounding
// is known from the exponents alone, or whose operands only need moving into
// the normal path's frame, answered from the encodings before the general
// path unpacks them, for formats of at most 24 bits with IEEE special values
// (bench/README.md counts them on the benchmark's mixed operands); returns
// whether it answered, and then `result` is the answer: a NaN, infinite or
// zero operand (IEEE 754-2019 7.2 and 7.3 for the invalid and divide-by-zero
// cases); a normal dividend and a divisor whose quotient exceeds 2^(emax+1),
// which overflows in every mode; a quotient of a normal divisor below
// 2^(emin-p) (below_half_smallest_subnormal); and a subnormal operand whose
// quotient is normal (divide_subnormal_path).
template <const Format& F>
[[gnu::always_inline]] inline bool divide_from_encodings(std::uint64_t a, std::uint64_t b,
                                                         Rounding mode, Rounded& result) {
  using namespace detail;
  const bool negative = ((a ^ b) & F.sign_mask()) != 0;
  // A significand lies in [2^e, 2^(e+1)) for a normal operand, below
  // 2^(e+1) for a subnormal one (e = exponent_of_encoding): a normal a over
  // any b exceeds 2^(difference - 1), any a over a normal b is below
  // 2^(difference + 1).
  const int difference = exponent_of_encoding<F>(a) - exponent_of_encoding<F>(b);
  if (is_nan_encoding<F>(a) || is_nan_encoding<F>(b))
    result = nan_of_encodings<F>(a, b);
  else if (is_infinity_encoding<F>(a))
    result = is_infinity_encoding<F>(b) ? default_nan(F, true)  // inf / inf
                                        : Rounded{infinity_bits(F, negative), {}};
  else if (is_infinity_encoding<F>(b))
    result = signed_zero(F, negative);
  else if (is_zero_encoding<F>(b))
    result = is_zero_encoding<F>(a)
                 ? default_nan(F, true)  // 0 / 0
                 : Rounded{infinity_bits(F, negative), Flags{Flags::divide_by_zero}};
  else if (is_zero_encoding<F>(a))
    result = signed_zero(F, negative);
  else if (is_normal<F>(a) && difference - 1 > F.max_exponent())
    result = Rounded{overflow_result(F, negative, mode), Flags{Flags::overflow | Flags::inexact}};
  else if (is_normal<F>(b) && difference + 1 <= F.min_exponent() - F.precision)
    result = below_half_smallest_subnormal<F>(negative, mode);
  else if (is_normal<F>(a) && is_normal<F>(b))
    return false;
  else {
    const NormalRounded quotient = with_deterministic_mode(
        mode, [&]<Rounding M>() { return divide_subnormal_path<F, M>(a, b); });
    result = Rounded{quotient.bits, Flags{std::uint8_t(quotient.flags)}};
    return quotient.in_range;
  }
  return true;
}

template <const Format& F>
[[gnu::noinline]] Rounded divide_general(std::uint64_t a, std::uint64_t b, Rounding mode,
                                         const RoundingOptions& options) {
  if constexpr (detail::has_ieee_specials<F> && F.precision <= 24) {
    Rounded answer;
    if (mode != Rounding::Stochastic && divide_from_encodings<F>(a, b, mode, answer)) return answer;
  }
  return divide_general_path<detail::ProductWord<F>>(F, a, b, mode, options);
}

}  // namespace

template <const Format& F>
Rounded divide(std::uint64_t a, std::uint64_t b, Rounding mode, const RoundingOptions& options) {
  if constexpr (F.precision <= 24) {
    const detail::NormalRounded fast = detail::normal_path_if(
        detail::normal_path_operands<F>(a, b), mode,
        [&]<Rounding M>() { return detail::divide_normal_path<F, M>(a, b); });
    if (fast.in_range) [[likely]]
      return detail::as_rounded(fast);
  }
  return divide_general<F>(a, b, mode, options);
}

namespace detail {
Rounded divide_any_format(const Format& format, std::uint64_t a, std::uint64_t b, Rounding mode,
                          const RoundingOptions& options) {
  return divide_general_path<RuntimeWord>(format, a, b, mode, options);
}
}  // namespace detail

#define FPX_INSTANTIATE(format) \
  template Rounded divide<format>(std::uint64_t, std::uint64_t, Rounding, const RoundingOptions&);
FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_INSTANTIATE)
#undef FPX_INSTANTIATE

}  // namespace fpx
