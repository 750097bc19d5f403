// Rounding modes, IEEE exception flags, and the one routine that rounds an
// exact intermediate into any format. Every operation and conversion ends in
// round_pack(); nothing else in fpx decides a rounding.
#pragma once

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "fpx/core/format.hpp"

namespace fpx {

// 128-bit unsigned integer (a GCC and Clang extension) for wide significands.
__extension__ typedef unsigned __int128 UInt128;

enum class Rounding : std::uint8_t {
  NearestEven,     // IEEE roundTiesToEven (the default everywhere)
  NearestAway,     // IEEE roundTiesToAway: ties go away from zero
  TowardZero,      // IEEE roundTowardZero: truncate
  TowardPositive,  // IEEE roundTowardPositive: ceiling
  TowardNegative,  // IEEE roundTowardNegative: floor
  ToOdd,           // von Neumann jamming: inexact results get an odd last bit
  Stochastic,      // up with probability equal to the discarded fraction
};

inline constexpr Rounding all_deterministic_roundings[] = {
    Rounding::NearestEven,    Rounding::NearestAway,    Rounding::TowardZero,
    Rounding::TowardPositive, Rounding::TowardNegative, Rounding::ToOdd};

// Short names used by `fpx batch` and the CLI: rne rna rtz rup rdn rto sr.
std::string_view short_name(Rounding mode);
// Spelled-out names: nearest-even, nearest-away, toward-zero, ...
std::string_view long_name(Rounding mode);
// Accepts the short and the long names. Empty if unknown.
std::optional<Rounding> parse_rounding(std::string_view name);
// What to tell a user whose rounding name parse_rounding does not take, or
// who names stochastic rounding where it is not allowed: the accepted names.
std::string unknown_rounding_message(std::string_view name, bool allow_stochastic);

// IEEE 754 exception flags, with the bit values of Berkeley TestFloat and
// `fpx batch`.
struct Flags {
  static constexpr std::uint8_t inexact = 0x01;
  static constexpr std::uint8_t underflow = 0x02;
  static constexpr std::uint8_t overflow = 0x04;
  static constexpr std::uint8_t divide_by_zero = 0x08;
  static constexpr std::uint8_t invalid = 0x10;

  std::uint8_t bits = 0;

  constexpr bool has(std::uint8_t flag) const { return (bits & flag) != 0; }
  constexpr Flags& operator|=(Flags other) {
    bits |= other.bits;
    return *this;
  }
  friend constexpr Flags operator|(Flags a, Flags b) {
    return Flags{std::uint8_t(a.bits | b.bits)};
  }
  friend constexpr bool operator==(Flags, Flags) = default;
};

// TestFloat's flag string: "vzoux" with '.' for a clear flag (v invalid,
// z divide-by-zero, o overflow, u underflow, x inexact).
std::string flag_letters(Flags flags);
// The raised flags in words: "inexact, overflow"; "none".
std::string flag_names(Flags flags);
// "flags vzoux: v invalid, z divide by zero, o overflow, u underflow, x
// inexact, . clear": the legend of flag_letters for text tables.
std::string flag_legend();

// When a nonzero result counts as tiny (IEEE 754-2019 7.5). Underflow is
// signalled for a tiny and inexact result.
enum class Tininess : std::uint8_t {
  AfterRounding,   // x86 SSE, ARM, RISC-V: tiny if rounding with an unbounded
                   // exponent range gives a magnitude below 2^emin
  BeforeRounding,  // POWER, MIPS: tiny if the exact value is below 2^emin
};

// The random bits behind Rounding::Stochastic: SplitMix64 (Steele, Lea and
// Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014), so
// that a seed fixes a whole run.
class StochasticSource {
 public:
  explicit constexpr StochasticSource(std::uint64_t seed) : seed_(seed), state_(seed) {}
  constexpr std::uint64_t seed() const { return seed_; }
  // 32 uniformly distributed bits.
  constexpr std::uint32_t next_bits() {
    state_ += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return std::uint32_t((z ^ (z >> 31)) >> 32);
  }

 private:
  std::uint64_t seed_;
  std::uint64_t state_;
};

// Stochastic rounding rule (documented in README): with t the discarded part
// of the exact value in units of the result's last place (0 < t < 1), draw
// 32 random bits u and round away from zero iff u < ceil(t * 2^32). Exact
// results draw nothing. So the probability of rounding up is t to within
// 2^-32 (exactly t when t has at most 32 bits), and the MPFR reference can
// replay the same decision from the same seed.
inline constexpr int stochastic_random_bits = 32;

struct RoundingOptions {
  Tininess tininess = Tininess::AfterRounding;
  // Required by Rounding::Stochastic (an operation that needs it and finds
  // none throws std::invalid_argument); ignored by the other modes.
  StochasticSource* random = nullptr;
};

// An encoded result: the format's bit pattern (right-aligned) and the flags
// the operation raised.
struct Rounded {
  std::uint64_t bits = 0;
  Flags flags;
  friend constexpr bool operator==(const Rounded&, const Rounded&) = default;
};

namespace detail {

template <typename Word>
constexpr int word_bits = int(sizeof(Word) * 8);

template <typename Word>
constexpr int bit_width(Word x) {
  if constexpr (sizeof(Word) <= 8) {
    return std::bit_width(std::uint64_t(x));
  } else {
    std::uint64_t high = std::uint64_t(x >> 64);
    return high ? 64 + std::bit_width(high) : std::bit_width(std::uint64_t(x));
  }
}

template <typename Word>
constexpr Word low_mask(int bits) {
  return bits >= word_bits<Word> ? ~Word{0} : (Word{1} << bits) - 1;
}

// The bits of `significand` below position `shift`, summarized for rounding.
template <typename Word>
struct Discarded {
  std::uint64_t kept = 0;  // significand >> shift
  bool round_bit = false;  // the first discarded bit
  bool rest = false;       // any discarded bit below it, or the sticky bit
  bool inexact = false;    // round_bit or rest
};

template <typename Word>
constexpr Discarded<Word> split_at(Word significand, int shift, bool sticky) {
  constexpr int width = word_bits<Word>;
  Discarded<Word> out;
  if (shift > 0 && shift < width) [[likely]] {
    const Word below = significand & ((Word{1} << shift) - 1);
    const Word half = Word{1} << (shift - 1);
    out.kept = std::uint64_t(significand >> shift);
    out.round_bit = below >= half;
    out.rest = ((below & (half - 1)) != 0) | sticky;
    // One test of one word, not two branches on two bits.
    out.inexact = (below | Word(sticky)) != 0;
    return out;
  }
  if (shift <= 0) {
    out.kept = std::uint64_t(significand << -shift);
    out.rest = sticky;
    out.inexact = sticky;
    return out;
  }
  out.kept = shift >= width ? 0 : std::uint64_t(significand >> shift);
  out.round_bit = shift - 1 < width && ((significand >> (shift - 1)) & 1) != 0;
  out.rest = sticky || (significand & low_mask<Word>(shift - 1)) != 0;
  out.inexact = out.round_bit || out.rest;
  return out;
}

// ceil(t * 2^32) for the discarded fraction t of `significand` below `shift`.
template <typename Word>
constexpr std::uint64_t stochastic_threshold(Word significand, int shift, bool sticky) {
  constexpr int width = word_bits<Word>;
  constexpr int random_bits = stochastic_random_bits;
  std::uint64_t fraction = 0;
  bool below = sticky;
  if (shift <= 0) return sticky ? 1 : 0;
  if (shift >= random_bits) {
    int low = shift - random_bits;
    if (low < width) fraction = std::uint64_t((significand >> low) & 0xFFFFFFFFu);
    below = below || (significand & low_mask<Word>(low)) != 0;
  } else {
    fraction = std::uint64_t(significand & low_mask<Word>(shift)) << (random_bits - shift);
  }
  return fraction + (below ? 1 : 0);
}

[[noreturn]] void throw_missing_random_source();

constexpr bool overflows_to_infinity(Rounding mode, bool negative) {
  switch (mode) {
    case Rounding::TowardZero:
    case Rounding::ToOdd: return false;
    case Rounding::TowardPositive: return !negative;
    case Rounding::TowardNegative: return negative;
    default: return true;
  }
}

// All ones if `condition`, else zero: the masks of straight-line code.
constexpr std::uint64_t all_ones_if(bool condition) {
  return std::uint64_t{0} - std::uint64_t(condition);
}
// `if_set` where `mask` is all ones, `otherwise` where it is zero.
constexpr std::uint64_t select(std::uint64_t mask, std::uint64_t if_set, std::uint64_t otherwise) {
  return (if_set & mask) | (otherwise & ~mask);
}

// What a deterministic rounding mode does, as masks (all ones or zero), so
// that rounding is straight-line code: a mode known at compile time folds
// into constants, one known at run time is one row of mode_mask_table. The
// increments are those of SoftFloat's roundPackToF32 (Hauser): half a unit
// in the last place for the nearest modes, all the discarded bits' worth
// minus one for rounding away from zero in a directed mode.
struct ModeMasks {
  std::uint64_t half;                  // nearest modes: add half an ulp
  std::uint64_t up_if_positive;        // toward +inf: any discarded bit rounds a positive value up
  std::uint64_t up_if_negative;        // toward -inf: the same for negative values
  std::uint64_t ties_to_even;          // a tie clears the last bit
  std::uint64_t to_odd;                // an inexact result gets an odd last bit
  std::uint64_t infinity_if_positive;  // overflow of a positive value gives infinity
  std::uint64_t infinity_if_negative;
  std::uint64_t negative_zero_sum;  // an exact zero sum of opposite signs is -0 (IEEE 754 6.3)
};

constexpr ModeMasks make_mode_masks(Rounding mode) {
  const bool nearest = mode == Rounding::NearestEven || mode == Rounding::NearestAway;
  return ModeMasks{all_ones_if(nearest),
                   all_ones_if(mode == Rounding::TowardPositive),
                   all_ones_if(mode == Rounding::TowardNegative),
                   all_ones_if(mode == Rounding::NearestEven),
                   all_ones_if(mode == Rounding::ToOdd),
                   all_ones_if(overflows_to_infinity(mode, false)),
                   all_ones_if(overflows_to_infinity(mode, true)),
                   all_ones_if(mode == Rounding::TowardNegative)};
}

// One row per Rounding value, in the enumeration's order (the Stochastic
// row is not used: stochastic rounding draws random bits, see round_pack).
inline constexpr ModeMasks mode_mask_table[] = {
    make_mode_masks(Rounding::NearestEven),    make_mode_masks(Rounding::NearestAway),
    make_mode_masks(Rounding::TowardZero),     make_mode_masks(Rounding::TowardPositive),
    make_mode_masks(Rounding::TowardNegative), make_mode_masks(Rounding::ToOdd),
    make_mode_masks(Rounding::Stochastic)};

constexpr const ModeMasks& mode_masks(Rounding mode) { return mode_mask_table[std::size_t(mode)]; }

constexpr std::uint64_t tininess_mask(const RoundingOptions& options) {
  return all_ones_if(options.tininess == Tininess::BeforeRounding);
}

// A rounded result as 64-bit words (the encoding and the Flags bits), the
// form in which loops over arrays of results vectorize.
struct RoundedWord {
  std::uint64_t bits;
  std::uint64_t flags;
};

template <typename Word>
constexpr Word widen_mask(std::uint64_t mask) {
  return Word{0} - Word(mask & 1);
}

// The significand `value` cut at bit `cut` (2 <= cut < width) and rounded
// by the mode: the kept bits and whether any discarded bit was nonzero. From
// the first discarded bit (round) and the OR of the others (rest): the
// nearest modes go up on round, nearest even only if rest or the kept last
// bit is set too; a directed mode goes up on round or rest when it rounds
// this sign away from zero (`up`, all ones or zero); round to odd sets the
// last bit when inexact (Goldberg 1991, section 1.5; the decisions of
// SoftFloat's roundPackToF32, Hauser). Only the data is shifted by a
// variable amount, so that loops of this vectorize.
// In words of type Lane (64-bit by default; 32-bit where a loop over 32-bit
// encodings should keep 32-bit lanes).
template <typename Lane = std::uint64_t>
struct CutResult {
  Lane kept;
  Lane inexact;  // 0 or 1
};

template <typename Word, typename Lane = std::uint64_t>
[[gnu::always_inline]] constexpr CutResult<Lane> cut_and_round(Word value, Lane cut, Lane up,
                                                               const ModeMasks& mode) {
  constexpr Lane width = word_bits<Word>;
  Lane kept = Lane(value >> cut);
  const Lane round = Lane(value >> (cut - 1)) & 1;
  const Lane rest = Lane(Word(value << (width + 1 - cut)) != 0);
  const Lane inexact = round | rest;
  const Lane nearest = round & (rest | (kept & 1) | Lane(~mode.ties_to_even));
  kept += ((Lane(mode.half) & nearest) | (up & inexact)) & 1;
  kept |= Lane(mode.to_odd) & inexact;
  return CutResult<Lane>{kept, inexact};
}

// Whether a directed mode rounds this sign away from zero (all ones or zero).
[[gnu::always_inline]] constexpr std::uint64_t rounds_up(const ModeMasks& mode,
                                                         std::uint64_t negative) {
  return select(std::uint64_t{0} - negative, mode.up_if_negative, mode.up_if_positive);
}

// The rounding step of round_pack for a result in the normal range, the
// common case: the value (-1)^negative * significand * 2^(leading - top),
// whose leading one is at bit `top` of `significand` (any nonzero bits
// beyond it jammed into bit 0), is cut at the fixed bit top - (precision - 1).
// `top` must leave at least two bits below that last place (top >=
// precision + 1) and one bit free above (top <= width - 2). The packed field
// (exponent - 1) plus the kept significand, hidden bit included, carries into
// the exponent when the significand rounds up to 2^precision. `in_range` is
// false when the exponent is outside [emin, emax] or the result overflows:
// round_normalized then gives the result.
//
// `exact_below_normal_range` says that a value below 2^emin is always exact
// (a sum of two normal numbers: both are multiples of the smallest
// subnormal). Then its kept significand lies below 2^precision, so the packed
// magnitude lies below the smallest normal encoding (and wraps around to a
// huge number further down), and one unsigned comparison of the packed
// magnitude finds every result outside the normal range. A product can round
// up to 2^emin from below, which tininess before rounding calls tiny, so it
// needs the test of the exponent.
struct NormalRounded {
  std::uint64_t bits;
  // 32-bit words rather than a byte and a bool, which keep a loop that
  // returns them from vectorizing (GCC 12); still two registers.
  std::uint32_t flags;
  std::uint32_t in_range;
};

template <int top, bool exact_below_normal_range = false, typename Word>
[[gnu::always_inline]] constexpr NormalRounded round_in_normal_range(const Format& format,
                                                                     std::uint64_t negative,
                                                                     std::int64_t leading,
                                                                     Word significand,
                                                                     const ModeMasks& mode) {
  // The cut is a constant here, so the increment is built from constants:
  // half the last place, all the discarded bits, or nothing, as SoftFloat
  // 3e's round increment (Hauser, softfloat_roundPackToF32), and adding it
  // cannot overflow (top <= width - 2). Nearest even adds one less than
  // half when the last kept bit is 0, so that a tie stays even; SoftFloat
  // instead clears the last bit after a tie, which needs a test for it.
  const int precision = format.precision;
  const std::uint64_t cut = std::uint64_t(top - (precision - 1));
  const Word discarded_mask = (Word(1) << cut) - 1;
  const Word half = Word(1) << (cut - 1);
  const Word discarded = significand & discarded_mask;
  const Word last_kept_bit = (significand >> cut) & 1;
  const Word increment = (half & widen_mask<Word>(mode.half)) |
                         (discarded_mask & widen_mask<Word>(rounds_up(mode, negative)));
  const Word even_correction = (last_kept_bit - 1) & widen_mask<Word>(mode.ties_to_even);
  std::uint64_t kept = std::uint64_t((significand + increment + even_correction) >> cut);
  const std::uint64_t inexact = std::uint64_t(discarded != 0);
  kept |= mode.to_odd & inexact;
  const std::uint64_t magnitude =
      (std::uint64_t(leading + format.bias - 1) << (precision - 1)) + kept;
  const std::uint64_t smallest_normal = std::uint64_t{1} << (precision - 1);
  const bool in_range =
      exact_below_normal_range
          ? magnitude - smallest_normal <= format.max_finite_bits() - smallest_normal
          : (std::uint64_t(leading - format.min_exponent()) <=
             std::uint64_t(format.max_exponent() - format.min_exponent())) &
                (magnitude <= format.max_finite_bits());
  return NormalRounded{(negative << (format.width() - 1)) | magnitude, std::uint32_t(inexact),
                       std::uint32_t(in_range)};
}

// round_in_normal_range when the value is still an encoding whose exponent
// field lies just above its fraction, as in binary32 to bfloat16 or a
// binary64 result to binary32: `magnitude` (the encoding without its sign,
// rebiased by a multiple of 2^cut if the formats' biases differ) is cut at
// its bit `cut`, and a carry out of the kept fraction moves into the exponent
// field, as it should. The increment for mode M is half the last place under
// nearest away and all the discarded bits toward the sign's infinity, as
// SoftFloat 3e's (Hauser, softfloat_roundPackToF32); under nearest even it is
// half the last place less one plus the kept last bit, so that a tie goes to
// even without a test for it afterwards; to odd sets the last bit when
// inexact. `inexact` is 1 or 0. The caller checks the range: the kept
// magnitude is that of the result's encoding only when the exponent is the
// target's.
template <typename Word>
struct FixedCutRounded {
  Word kept, inexact;
};

template <Rounding M, unsigned cut, typename Word>
[[gnu::always_inline]] constexpr FixedCutRounded<Word> round_at_fixed_cut(Word magnitude,
                                                                          Word negative) {
  static_assert(M != Rounding::Stochastic && cut >= 1 && cut < 8 * sizeof(Word));
  constexpr Word half = Word(1) << (cut - 1), all = (Word(Word(1) << cut)) - 1;
  Word increment = 0;
  if constexpr (M == Rounding::NearestEven) increment = half - 1 + ((magnitude >> cut) & 1);
  if constexpr (M == Rounding::NearestAway) increment = half;
  if constexpr (M == Rounding::TowardPositive) increment = all & (negative - 1);
  if constexpr (M == Rounding::TowardNegative) increment = all & (Word(0) - negative);
  const Word inexact = Word((magnitude & all) != 0);
  Word kept = (magnitude + increment) >> cut;
  if constexpr (M == Rounding::ToOdd) kept |= inexact;
  return FixedCutRounded<Word>{kept, inexact};
}

// The rounding step of round_pack for every result, as straight-line code
// (no branch on the data or on the mode), with the arguments of
// round_in_normal_range. Below 2^emin the last place moves right by emin -
// leading bits, and a value under half the smallest subnormal keeps only its
// sticky bit. Overflow gives infinity or the largest finite value by mode
// (IEEE 754-2019 7.4; OCP OFP8 for formats without infinities). Underflow is
// tiny and inexact; tininess after rounding asks whether rounding to full
// precision with an unbounded exponent reaches 2^emin (IEEE 754-2019 7.5).
// `may_underflow` false says that a result below 2^emin is always exact (a
// sum), which saves the tininess test.
template <int top, bool may_underflow = true, typename Word>
[[gnu::always_inline]] constexpr RoundedWord round_normalized(
    const Format& format, std::uint64_t negative, std::int64_t leading, Word significand,
    const ModeMasks& mode, std::uint64_t tininess_before) {
  using std::int64_t;
  using std::uint64_t;
  const int64_t precision = format.precision;
  const int64_t shift = top - (precision - 1);
  const int64_t below = format.min_exponent() - leading;
  const uint64_t subnormal = all_ones_if(below > 0);
  const uint64_t only_sticky = all_ones_if(below > precision);
  const uint64_t extra = uint64_t(below) & subnormal & ~only_sticky;
  const Word value =
      (significand & widen_mask<Word>(~only_sticky)) | (Word(1) & widen_mask<Word>(only_sticky));
  const uint64_t up = rounds_up(mode, negative);
  const CutResult<> cut = cut_and_round(value, uint64_t(shift) + extra, up, mode);

  // Packing; a field beyond the format's is clamped (it overflows anyway).
  const int64_t field_limit = int64_t{1} << format.exponent_bits;
  const int64_t field_minus_one = leading + format.bias - 1;
  const uint64_t biased =
      uint64_t(field_minus_one < field_limit ? field_minus_one : field_limit) & ~subnormal;
  const uint64_t magnitude = (biased << (precision - 1)) + cut.kept;
  // A result that rounds to zero is +0 in a format without -0 (FNUZ).
  const uint64_t sign = (negative << (format.width() - 1)) &
                        (format.has_negative_zero() ? ~uint64_t{0} : all_ones_if(magnitude != 0));

  const uint64_t overflow = all_ones_if(magnitude > format.max_finite_bits());
  uint64_t to_infinity =
      select(uint64_t{0} - negative, mode.infinity_if_negative, mode.infinity_if_positive);
  if (format.overflow == OverflowPolicy::Saturate) to_infinity = 0;
  const uint64_t overflowed =
      format.has_infinity()
          ? sign | select(to_infinity, format.infinity_bits(), format.max_finite_bits())
          : select(to_infinity, format.default_nan_bits(), sign | format.max_finite_bits());

  RoundedWord out;
  out.bits = select(overflow, overflowed, sign | magnitude);
  out.flags = cut.inexact | (overflow & (Flags::overflow | Flags::inexact));
  if constexpr (may_underflow) {
    // After rounding, a value just below 2^emin is not tiny when rounding it
    // at the normal position carries out of the significand.
    const Word normal_half = Word(1) << (shift - 1);
    const Word normal_mask = (Word(1) << shift) - 1;
    const Word normal_increment =
        (normal_half & widen_mask<Word>(mode.half)) | (normal_mask & widen_mask<Word>(up));
    const uint64_t reaches_normal = uint64_t((significand + normal_increment) >> (top + 1));
    const uint64_t tiny = subnormal & (tininess_before | all_ones_if(below > 1) |
                                       (uint64_t{0} - (reaches_normal ^ 1)));
    out.flags |= tiny & ~overflow & (uint64_t{0} - cut.inexact) & Flags::underflow;
  }
  return out;
}

// round_pack in stochastic mode: the discarded fraction t decides, to 32
// bits, whether the kept significand goes up (README, "Stochastic rounding").
template <typename Word>
constexpr Rounded round_pack_stochastic(const Format& format, bool negative, int exponent,
                                        Word significand, bool sticky,
                                        const RoundingOptions& options) {
  const std::uint64_t sign = negative ? format.sign_mask() : 0;
  const int precision = format.precision;
  const int leading = exponent + detail::bit_width(significand) - 1;
  int quantum = leading - (precision - 1);
  if (quantum < format.min_quantum_exponent()) quantum = format.min_quantum_exponent();
  const int shift = quantum - exponent;
  const auto discarded = detail::split_at(significand, shift, sticky);
  const bool inexact = discarded.inexact;
  std::uint64_t kept = discarded.kept;
  if (inexact) {
    if (!options.random) detail::throw_missing_random_source();
    const std::uint64_t threshold = detail::stochastic_threshold(significand, shift, sticky);
    kept += options.random->next_bits() < threshold ? 1 : 0;
  }
  Flags flags;
  if (inexact) flags.bits |= Flags::inexact;
  const int top_quantum = format.max_exponent() - (precision - 1);
  std::uint64_t magnitude = 0;
  if (quantum <= top_quantum)
    magnitude = (std::uint64_t(quantum - format.min_quantum_exponent()) << (precision - 1)) + kept;
  if (quantum > top_quantum || magnitude > format.max_finite_bits()) {
    flags.bits |= Flags::overflow | Flags::inexact;
    const bool to_infinity = format.overflow != OverflowPolicy::Saturate;
    const std::uint64_t result = !to_infinity            ? sign | format.max_finite_bits()
                                 : format.has_infinity() ? sign | format.infinity_bits()
                                                         : format.default_nan_bits();
    return Rounded{result, flags};
  }
  // Tininess is decided before rounding in stochastic mode.
  if (inexact && leading < format.min_exponent()) flags.bits |= Flags::underflow;
  if (magnitude == 0 && !format.has_negative_zero()) return Rounded{0, flags};  // FNUZ: +0
  return Rounded{sign | magnitude, flags};
}

}  // namespace detail

// The overflowed result of `format` for a value of the given sign (IEEE
// 754-2019 7.4, OCP OFP8 saturation).
constexpr std::uint64_t overflow_result(const Format& format, bool negative, Rounding mode) {
  std::uint64_t sign = negative ? format.sign_mask() : 0;
  if (format.overflow == OverflowPolicy::Saturate || !detail::overflows_to_infinity(mode, negative))
    return sign | format.max_finite_bits();
  return format.has_infinity() ? sign | format.infinity_bits() : format.default_nan_bits();
}

// An exact zero result of the given sign: -0 is +0 in a format without -0
// (FNUZ); a format without zero (E8M0) gives its NaN and raises invalid.
constexpr Rounded zero_result(const Format& format, bool negative) {
  if (!format.has_zero) return Rounded{format.default_nan_bits(), Flags{Flags::invalid}};
  return Rounded{negative && format.has_negative_zero() ? format.sign_mask() : 0, {}};
}

namespace detail {
template <typename Word>
constexpr Rounded round_pack_without_zero(const Format& format, int exponent, Word significand,
                                          bool sticky, Rounding mode,
                                          const RoundingOptions& options);
}  // namespace detail

// Rounds the exact value (-1)^negative * (significand + sticky * e) * 2^exponent,
// 0 < e < 1, into `format`. `sticky` says that nonzero bits lie below the
// significand's last bit; the significand must then be nonzero. An exact zero
// (significand 0, no sticky) gives a zero of the given sign.
//
// Steps, as in SoftFloat 3's softfloat_roundPackToF32 (Hauser):
//   1. Move the significand so that its leading one is at bit width - 2 of
//      its word, and jam the sticky bit into bit 0.
//   2. Round at the last place of the result: the mode's increment, the
//      tie and odd rules, packing with the carry into the exponent
//      (detail::round_in_normal_range); outside the normal range also
//      subnormals, overflow and underflow (detail::round_normalized), all
//      without branches on the mode.
//   Stochastic rounding instead draws random bits (round_pack_stochastic).
// Always inlined: with the format a compile-time constant at each call, its
// fields fold into the code (a called, generic round_pack costs twice as much).
template <typename Word>
[[gnu::always_inline]] constexpr Rounded round_pack(const Format& format, bool negative,
                                                    int exponent, Word significand, bool sticky,
                                                    Rounding mode,
                                                    const RoundingOptions& options = {}) {
  static_assert(std::is_same_v<Word, std::uint64_t> || std::is_same_v<Word, UInt128>);
  if (significand == 0) return zero_result(format, negative);
  // A format without a sign (E8M0) has no negative number.
  if (!format.is_signed && negative)
    return Rounded{format.default_nan_bits(), Flags{Flags::invalid}};
  if (!format.has_zero)
    return detail::round_pack_without_zero(format, exponent, significand, sticky, mode, options);
  if (mode == Rounding::Stochastic)
    return detail::round_pack_stochastic(format, negative, exponent, significand, sticky, options);
  // Step 1.
  constexpr int width = detail::word_bits<Word>;
  const int leading_bit = detail::bit_width(significand) - 1;
  const Word normalized = leading_bit == width - 1 ? (significand >> 1) | (significand & 1)
                                                   : significand << (width - 2 - leading_bit);
  // Step 2.
  const detail::ModeMasks& masks = detail::mode_masks(mode);
  const std::int64_t leading = std::int64_t(exponent) + leading_bit;
  const Word jammed = normalized | Word(sticky);
  const detail::NormalRounded fast = detail::round_in_normal_range<width - 2>(
      format, std::uint64_t(negative), leading, jammed, masks);
  if (fast.in_range) [[likely]]
    return Rounded{fast.bits, Flags{std::uint8_t(fast.flags)}};
  const detail::RoundedWord out = detail::round_normalized<width - 2>(
      format, std::uint64_t(negative), leading, jammed, masks, detail::tininess_mask(options));
  return Rounded{out.bits, Flags{std::uint8_t(out.flags)}};
}

namespace detail {

// round_pack for a format without zero or subnormals, whose exponent field 0
// is the normal number 2^-bias (E8M0; only formats without fraction bits).
// Its numbers are those of a format with one more exponent field below
// (bias + 1) whose field 0 holds zero and subnormals: with no fraction bits
// there is no subnormal, so rounding there and moving the fields down by one
// rounds below 2^emin to 0 or 2^emin as IEEE does in a format without
// subnormals; 0 has no encoding and gives the NaN (with invalid). The wider
// exponent field leaves room above the largest number, where overflow is
// decided as in round_pack.
template <typename Word>
constexpr Rounded round_pack_without_zero(const Format& format, int exponent, Word significand,
                                          bool sticky, Rounding mode,
                                          const RoundingOptions& options) {
  Format shifted = format;
  shifted.has_zero = true;
  shifted.bias = format.bias + 1;
  shifted.exponent_bits = format.exponent_bits + 1;
  shifted.special_encoding = SpecialEncoding::FiniteOnly;
  shifted.overflow = OverflowPolicy::Saturate;
  Rounded out = round_pack(shifted, false, exponent, significand, sticky, mode, options);
  const std::uint64_t magnitude = out.bits & shifted.magnitude_mask();
  if (magnitude == 0) {
    out.bits = format.default_nan_bits();
    out.flags.bits |= Flags::invalid;
    return out;
  }
  out.bits = magnitude - (std::uint64_t{1} << format.fraction_bits());
  if (out.bits > format.max_finite_bits()) {
    out.flags.bits |= Flags::overflow | Flags::inexact;
    const bool to_infinity =
        format.overflow != OverflowPolicy::Saturate && overflows_to_infinity(mode, false);
    out.bits = to_infinity ? format.default_nan_bits() : format.max_finite_bits();
  }
  return out;
}

}  // namespace detail

}  // namespace fpx
