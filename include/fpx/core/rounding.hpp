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

// Written with bitwise operators, not && and ||: the bits are data, and
// branches on them would be mispredicted half the time.
constexpr bool round_away_from_zero(Rounding mode, bool negative, bool odd, bool round_bit,
                                    bool rest) {
  switch (mode) {
    case Rounding::NearestEven: return round_bit & (rest | odd);
    case Rounding::NearestAway: return round_bit;
    case Rounding::TowardZero: return false;
    case Rounding::TowardPositive: return (!negative) & (round_bit | rest);
    case Rounding::TowardNegative: return negative & (round_bit | rest);
    case Rounding::ToOdd: return false;       // handled by setting the last bit
    case Rounding::Stochastic: return false;  // needs random bits: see round_pack
  }
  return false;
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

}  // namespace detail

// The overflowed result of `format` for a value of the given sign (IEEE
// 754-2019 7.4, OCP OFP8 saturation).
constexpr std::uint64_t overflow_result(const Format& format, bool negative, Rounding mode) {
  std::uint64_t sign = negative ? format.sign_mask() : 0;
  if (format.overflow == OverflowPolicy::Saturate || !detail::overflows_to_infinity(mode, negative))
    return sign | format.max_finite_bits();
  return format.has_infinity() ? sign | format.infinity_bits() : format.default_nan_bits();
}

// Rounds the exact value (-1)^negative * (significand + sticky * e) * 2^exponent,
// 0 < e < 1, into `format`. `sticky` says that nonzero bits lie below the
// significand's last bit; the significand must then be nonzero. An exact zero
// (significand 0, no sticky) gives a zero of the given sign.
//
// Steps, as in SoftFloat 3's softfloat_roundPackToF32 (Hauser):
//   1. Find the exponent of the leading bit and from it the quantum (the
//      exponent of the result's last place), clamped at the subnormal one.
//   2. Split the significand at the quantum into kept bits, round bit, rest.
//   3. Decide the increment by the rounding mode.
//   4. Pack: (quantum - subnormal quantum) << fraction_bits plus the kept
//      significand; a carry out of the significand moves into the exponent.
//   5. Detect overflow (beyond the largest finite) and underflow (tiny and
//      inexact, tininess before or after rounding).
// Always inlined: with the format a compile-time constant at each call, its
// fields fold into the code (a called, generic round_pack costs twice as much).
template <typename Word>
[[gnu::always_inline]] constexpr Rounded round_pack(const Format& format, bool negative,
                                                    int exponent, Word significand, bool sticky,
                                                    Rounding mode,
                                                    const RoundingOptions& options = {}) {
  static_assert(std::is_same_v<Word, std::uint64_t> || std::is_same_v<Word, UInt128>);
  const std::uint64_t sign = negative ? format.sign_mask() : 0;
  if (significand == 0) return Rounded{sign, {}};

  // Step 1.
  const int precision = format.precision;
  const int leading = exponent + detail::bit_width(significand) - 1;
  int quantum = leading - (precision - 1);
  if (quantum < format.min_quantum_exponent()) quantum = format.min_quantum_exponent();
  const int shift = quantum - exponent;

  // Step 2.
  const auto discarded = detail::split_at(significand, shift, sticky);
  const bool inexact = discarded.inexact;
  std::uint64_t kept = discarded.kept;

  // Step 3.
  if (inexact) {
    if (mode == Rounding::ToOdd) {
      kept |= 1;
    } else if (mode == Rounding::Stochastic) {
      if (!options.random) detail::throw_missing_random_source();
      std::uint64_t threshold = detail::stochastic_threshold(significand, shift, sticky);
      kept += options.random->next_bits() < threshold ? 1 : 0;
    } else {
      kept += detail::round_away_from_zero(mode, negative, kept & 1, discarded.round_bit,
                                           discarded.rest)
                  ? 1
                  : 0;
    }
  }

  // Steps 4 and 5: overflow.
  Flags flags;
  if (inexact) flags.bits |= Flags::inexact;
  const int top_quantum = format.max_exponent() - (precision - 1);
  std::uint64_t magnitude = 0;
  if (quantum <= top_quantum)
    magnitude = (std::uint64_t(quantum - format.min_quantum_exponent()) << (precision - 1)) + kept;
  if (quantum > top_quantum || magnitude > format.max_finite_bits()) {
    flags.bits |= Flags::overflow | Flags::inexact;
    return Rounded{overflow_result(format, negative, mode), flags};
  }

  // Step 5: underflow.
  if (inexact && leading < format.min_exponent()) {
    bool tiny = true;
    if (options.tininess == Tininess::AfterRounding && mode != Rounding::Stochastic &&
        leading == format.min_exponent() - 1) {
      // Would rounding to full precision, exponent unbounded, reach 2^emin?
      const auto unbounded = detail::split_at(significand, shift - 1, sticky);
      std::uint64_t rounded = unbounded.kept;
      bool unbounded_inexact = unbounded.inexact;
      if (mode == Rounding::ToOdd) {
        rounded |= unbounded_inexact ? 1 : 0;
      } else {
        rounded += detail::round_away_from_zero(mode, negative, rounded & 1, unbounded.round_bit,
                                                unbounded.rest)
                       ? 1
                       : 0;
      }
      tiny = rounded < (std::uint64_t{1} << precision);
    }
    if (tiny) flags.bits |= Flags::underflow;
  }
  return Rounded{sign | magnitude, flags};
}

}  // namespace fpx
