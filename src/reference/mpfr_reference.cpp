// The exact reference on MPFR (see reference.hpp for the method). Written
// from the rules in rounding.hpp and IEEE 754-2019, sharing no code with the
// integer core beyond the format descriptors and overflow_result().
#include "fpx/reference/mpfr_reference.hpp"

#include <gmp.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace fpx::reference {
namespace {

// Decoded operands are held exactly: every format's significand fits in 64 bits.
constexpr mpfr_prec_t operand_precision = 64;
// P - p for the working precision P. Round to odd needs P >= p + 2; the
// stochastic threshold ceil(t * 2^32) needs the 2^-32 grid under the result's
// last place to be exactly representable with an even last bit, P >= p + 33.
constexpr mpfr_prec_t extra_working_bits = 64;

enum class Kind { Zero, Finite, Infinity, QuietNaN, SignalingNaN };

// An encoded value taken apart: (-1)^negative * significand * 2^quantum.
struct Decoded {
  Kind kind = Kind::Zero;
  bool negative = false;
  std::uint64_t significand = 0;
  int quantum = 0;

  bool is_nan() const { return kind == Kind::QuietNaN || kind == Kind::SignalingNaN; }
  bool is_signaling() const { return kind == Kind::SignalingNaN; }
  bool is_infinite() const { return kind == Kind::Infinity; }
  bool is_zero() const { return kind == Kind::Zero; }
};

std::uint64_t pattern_mask(const Format& format) {
  return format.sign_mask() | format.magnitude_mask();
}

// Reads the fields by the encoding rules (IEEE 754-2019 3.4; OCP OFP8 for the
// formats whose only NaN is the all-ones pattern; FNUZ: the pattern of -0 is
// the NaN; finite-only: every pattern a number; OCP MX E8M0: no sign, and
// field 0 is 2^-bias, not zero).
Decoded decode(const Format& format, std::uint64_t bits) {
  bits &= pattern_mask(format);
  Decoded out;
  out.negative = (bits & format.sign_mask()) != 0;
  const std::uint64_t magnitude = bits & format.magnitude_mask();
  const std::uint64_t field = magnitude >> format.fraction_bits();
  const std::uint64_t fraction = magnitude & format.fraction_mask();
  const std::uint64_t all_ones_field = (std::uint64_t{1} << format.exponent_bits) - 1;
  if (format.special_encoding == SpecialEncoding::Ieee && field == all_ones_field) {
    if (fraction == 0)
      out.kind = Kind::Infinity;
    else
      out.kind = (fraction & format.quiet_bit()) ? Kind::QuietNaN : Kind::SignalingNaN;
    return out;
  }
  if (format.special_encoding == SpecialEncoding::NanOnlyAllOnes &&
      magnitude == format.magnitude_mask()) {
    out.kind = Kind::QuietNaN;
    return out;
  }
  if (format.special_encoding == SpecialEncoding::NanAtNegativeZero && out.negative &&
      magnitude == 0) {
    out.kind = Kind::QuietNaN;
    return out;
  }
  if (field == 0 && format.has_zero) {  // zero or subnormal: no hidden bit, the smallest quantum
    out.kind = fraction == 0 ? Kind::Zero : Kind::Finite;
    out.significand = fraction;
    out.quantum = format.min_quantum_exponent();
  } else {
    out.kind = Kind::Finite;
    out.significand = fraction | (std::uint64_t{1} << format.fraction_bits());
    out.quantum = int(field) - format.bias - format.fraction_bits();
  }
  return out;
}

// Writes a finite nonzero magnitude significand * 2^quantum, already on the
// format's grid and not above the largest finite value, as a bit pattern.
std::uint64_t encode(const Format& format, bool negative, std::uint64_t significand, int quantum) {
  const std::uint64_t sign = negative ? format.sign_mask() : 0;
  const std::uint64_t hidden_bit = std::uint64_t{1} << format.fraction_bits();
  if (significand == 2 * hidden_bit) {  // the rounding carried into a new binade
    significand = hidden_bit;
    ++quantum;
  }
  if (significand < hidden_bit) return sign | significand;  // subnormal
  const std::uint64_t field = std::uint64_t(quantum + format.bias + format.fraction_bits());
  return sign | (field << format.fraction_bits()) | (significand - hidden_bit);
}

// Widens MPFR's exponent range to the largest one for the lifetime of the
// object, so that no intermediate over- or underflows inside MPFR, and
// restores the caller's range afterwards.
class FullExponentRange {
 public:
  FullExponentRange() : saved_min_(mpfr_get_emin()), saved_max_(mpfr_get_emax()) {
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
  }
  ~FullExponentRange() {
    mpfr_set_emin(saved_min_);
    mpfr_set_emax(saved_max_);
  }
  FullExponentRange(const FullExponentRange&) = delete;
  FullExponentRange& operator=(const FullExponentRange&) = delete;

 private:
  mpfr_exp_t saved_min_;
  mpfr_exp_t saved_max_;
};

// MPFR variables reused across calls: initializing and clearing them per call
// would cost more than the arithmetic.
struct Scratch {
  mpfr_t operands[3];
  mpfr_t working;  // the round-to-odd result, P bits
  mpfr_t scaled;   // round_to_grid: |value| / 2^quantum, then its fraction

  Scratch() {
    for (auto& operand : operands) mpfr_init2(operand, operand_precision);
    mpfr_init2(working, operand_precision + extra_working_bits);
    mpfr_init2(scaled, operand_precision + extra_working_bits);
  }
  ~Scratch() {
    for (auto& operand : operands) mpfr_clear(operand);
    mpfr_clear(working);
    mpfr_clear(scaled);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  // Sets the working precision for `format`; re-precisioning only when the
  // format's precision changes keeps the loops over one format cheap.
  void prepare_working(const Format& format) {
    const mpfr_prec_t wanted = format.precision + extra_working_bits;
    if (mpfr_get_prec(working) != wanted) mpfr_set_prec(working, wanted);
  }
};

Scratch& scratch() {
  thread_local Scratch instance;
  return instance;
}

// Boldo-Melquiond round to odd: MPFR gave the truncation (MPFR_RNDZ) and its
// ternary value; an inexact truncation with an even last bit is replaced by
// its successor away from zero, whose last bit is 1.
void round_truncation_to_odd(mpfr_t value, int ternary) {
  if (ternary == 0) return;
  if (mpfr_min_prec(value) == mpfr_get_prec(value)) return;  // already odd
  if (mpfr_signbit(value))
    mpfr_nextbelow(value);
  else
    mpfr_nextabove(value);
}

void set_exact(mpfr_t out, const Decoded& value) {
  mpfr_set_ui_2exp(out, value.significand, value.quantum, MPFR_RNDN);  // exact
  if (value.negative) mpfr_neg(out, out, MPFR_RNDN);
}

// The magnitude |value| (+ sticky) rounded to the grid of multiples of
// 2^quantum: the multiple `significand` and whether it is inexact.
struct GridPoint {
  std::uint64_t significand = 0;
  bool inexact = false;
};

// ceil(t * 2^32) for the discarded fraction t (+ an infinitesimal if sticky);
// `fraction` is consumed.
std::uint64_t stochastic_threshold(mpfr_t fraction, bool sticky) {
  mpfr_mul_2si(fraction, fraction, stochastic_random_bits, MPFR_RNDN);  // exact
  const std::uint64_t ceiling = mpfr_get_ui(fraction, MPFR_RNDU);
  const bool on_integer = mpfr_integer_p(fraction) != 0;
  return ceiling + (sticky && on_integer ? 1 : 0);
}

GridPoint round_to_grid(mpfr_srcptr value, bool sticky, int quantum, Rounding mode,
                        const RoundingOptions& options) {
  mpfr_ptr scaled = scratch().scaled;
  if (mpfr_get_prec(scaled) < mpfr_get_prec(value)) mpfr_set_prec(scaled, mpfr_get_prec(value));
  const bool negative = mpfr_signbit(value) != 0;
  mpfr_abs(scaled, value, MPFR_RNDN);                 // exact: enough precision
  mpfr_mul_2si(scaled, scaled, -quantum, MPFR_RNDN);  // exact: exponent only
  GridPoint out;
  out.significand = mpfr_get_ui(scaled, MPFR_RNDZ);  // the multiples below
  mpfr_frac(scaled, scaled, MPFR_RNDN);              // t, exact: no more bits
  const int versus_half = mpfr_cmp_ui_2exp(scaled, 1, -1);
  const bool above_half = versus_half > 0 || (versus_half == 0 && sticky);
  const bool at_half = versus_half == 0 && !sticky;
  out.inexact = !mpfr_zero_p(scaled) || sticky;
  if (!out.inexact) return out;

  bool away_from_zero = false;
  switch (mode) {
    case Rounding::NearestEven:
      away_from_zero = above_half || (at_half && (out.significand & 1) != 0);
      break;
    case Rounding::NearestAway: away_from_zero = above_half || at_half; break;
    case Rounding::TowardZero: away_from_zero = false; break;
    case Rounding::TowardPositive: away_from_zero = !negative; break;
    case Rounding::TowardNegative: away_from_zero = negative; break;
    case Rounding::ToOdd:
      // The neighbour with an odd last bit: the lower one if odd, else the upper.
      away_from_zero = (out.significand & 1) == 0;
      break;
    case Rounding::Stochastic: {
      if (options.random == nullptr)
        throw std::invalid_argument("Rounding::Stochastic needs RoundingOptions::random");
      const std::uint64_t threshold = stochastic_threshold(scaled, sticky);
      away_from_zero = options.random->next_bits() < threshold;
      break;
    }
  }
  if (away_from_zero) ++out.significand;
  return out;
}

// Exponent of the leading bit of a nonzero finite MPFR value (MPFR's own
// exponent is that of a significand in [1/2, 1)).
int leading_exponent(mpfr_srcptr value) { return int(mpfr_get_exp(value)) - 1; }

bool exceeds_largest_finite(const Format& format, std::uint64_t significand, int quantum) {
  const Decoded largest = decode(format, format.max_finite_bits());
  if (significand == (std::uint64_t{1} << format.precision)) {  // carry
    significand >>= 1;
    ++quantum;
  }
  if (significand < (std::uint64_t{1} << format.fraction_bits())) return false;  // subnormal
  return quantum > largest.quantum ||
         (quantum == largest.quantum && significand > largest.significand);
}

// IEEE 754-2019 7.5: is the nonzero inexact result tiny?
bool is_tiny(const Format& format, mpfr_srcptr value, bool sticky, Rounding mode,
             const RoundingOptions& options) {
  const int leading = leading_exponent(value);
  if (leading >= format.min_exponent()) return false;
  if (options.tininess == Tininess::BeforeRounding || mode == Rounding::Stochastic) return true;
  // After rounding: round to `precision` bits with an unbounded exponent
  // range and see whether the magnitude reached 2^emin.
  const int unbounded_quantum = leading - (format.precision - 1);
  const GridPoint unbounded = round_to_grid(value, sticky, unbounded_quantum, mode, options);
  const bool carried = unbounded.significand == (std::uint64_t{1} << format.precision);
  return leading + (carried ? 1 : 0) < format.min_exponent();
}

Rounded default_nan(const Format& format, bool invalid) {
  Rounded out{format.default_nan_bits(), {}};
  if (invalid) out.flags.bits |= Flags::invalid;
  return out;
}

Rounded infinity(const Format& format, bool negative) {
  return Rounded{(negative ? format.sign_mask() : 0) | format.infinity_bits(), {}};
}

Rounded zero(const Format& format, bool negative) {
  if (!format.has_zero) return Rounded{format.default_nan_bits(), {std::uint8_t(Flags::invalid)}};
  const bool keeps_sign = format.special_encoding != SpecialEncoding::NanAtNegativeZero;
  return Rounded{negative && keeps_sign ? format.sign_mask() : 0, {}};
}

// An exact infinite result: infinity, the NaN of a format without
// infinities, or the largest number of a finite-only format.
Rounded exact_infinity(const Format& format, bool negative) {
  if (format.special_encoding == SpecialEncoding::FiniteOnly)
    return Rounded{(negative ? format.sign_mask() : 0) | format.max_finite_bits(), {}};
  if (!format.has_infinity()) return default_nan(format, false);
  return infinity(format, negative);
}

Rounded round_exact_in_range(const Format& format, mpfr_srcptr value, bool sticky, Rounding mode,
                             const RoundingOptions& options) {
  if (!mpfr_number_p(value)) throw std::invalid_argument("round_exact: value must be finite");
  const bool negative = mpfr_signbit(value) != 0;
  if (mpfr_zero_p(value)) {
    if (sticky) throw std::invalid_argument("round_exact: sticky needs a nonzero value");
    return Rounded{negative ? format.sign_mask() : 0, {}};
  }
  // The result's last place: precision bits below the leading one, but never
  // below the subnormal quantum.
  const int quantum =
      std::max(leading_exponent(value) - (format.precision - 1), format.min_quantum_exponent());
  // A format without a sign (E8M0) has no negative number.
  if (negative && !format.is_signed)
    return Rounded{format.default_nan_bits(), {std::uint8_t(Flags::invalid)}};
  const GridPoint rounded = round_to_grid(value, sticky, quantum, mode, options);

  Rounded out;
  if (rounded.inexact) out.flags.bits |= Flags::inexact;
  if (rounded.significand == 0) {
    // Rounded to zero: underflow (tiny and inexact), and +0 where the format
    // has no -0, NaN (invalid) where it has no zero.
    out.flags.bits |= Flags::underflow;
    const Rounded zero_value = zero(format, negative);
    out.bits = zero_value.bits;
    out.flags.bits |= zero_value.flags.bits;
    return out;
  }
  if (exceeds_largest_finite(format, rounded.significand, quantum)) {
    out.flags.bits |= Flags::overflow | Flags::inexact;
    out.bits = overflow_result(format, negative, mode);
    return out;
  }
  if (rounded.inexact && is_tiny(format, value, sticky, mode, options))
    out.flags.bits |= Flags::underflow;
  out.bits = encode(format, negative, rounded.significand, quantum);
  return out;
}

// IEEE 754-2019 6.3: the sign of an exact zero sum of two addends.
bool zero_sum_is_negative(bool first_negative, bool second_negative, Rounding mode) {
  if (first_negative == second_negative) return first_negative;
  return mode == Rounding::TowardNegative;
}

// Rounds the round-to-odd working value, or gives the signed zero of an exact
// zero sum when the working value is zero.
Rounded round_working(const Format& format, Rounding mode, const RoundingOptions& options) {
  mpfr_ptr working = scratch().working;
  if (mpfr_zero_p(working)) return zero(format, mode == Rounding::TowardNegative);
  return round_exact_in_range(format, working, false, mode, options);
}

Rounded add(const Format& format, const Decoded& a, Decoded b, bool subtract, Rounding mode,
            const RoundingOptions& options) {
  if (subtract) b.negative = !b.negative;
  if (a.is_nan() || b.is_nan()) return default_nan(format, a.is_signaling() || b.is_signaling());
  if (a.is_infinite() && b.is_infinite()) {
    if (a.negative != b.negative) return default_nan(format, true);  // inf - inf
    return infinity(format, a.negative);
  }
  if (a.is_infinite()) return infinity(format, a.negative);
  if (b.is_infinite()) return infinity(format, b.negative);
  if (a.is_zero() && b.is_zero())
    return zero(format, zero_sum_is_negative(a.negative, b.negative, mode));
  Scratch& s = scratch();
  set_exact(s.operands[0], a);
  set_exact(s.operands[1], b);
  const int ternary = mpfr_add(s.working, s.operands[0], s.operands[1], MPFR_RNDZ);
  round_truncation_to_odd(s.working, ternary);
  return round_working(format, mode, options);  // a zero here is x + (-x)
}

Rounded multiply(const Format& format, const Decoded& a, const Decoded& b, Rounding mode,
                 const RoundingOptions& options) {
  if (a.is_nan() || b.is_nan()) return default_nan(format, a.is_signaling() || b.is_signaling());
  const bool negative = a.negative != b.negative;
  if ((a.is_infinite() && b.is_zero()) || (a.is_zero() && b.is_infinite()))
    return default_nan(format, true);
  if (a.is_infinite() || b.is_infinite()) return infinity(format, negative);
  if (a.is_zero() || b.is_zero()) return zero(format, negative);
  Scratch& s = scratch();
  set_exact(s.operands[0], a);
  set_exact(s.operands[1], b);
  const int ternary = mpfr_mul(s.working, s.operands[0], s.operands[1], MPFR_RNDZ);
  round_truncation_to_odd(s.working, ternary);
  return round_exact_in_range(format, s.working, false, mode, options);
}

Rounded divide(const Format& format, const Decoded& a, const Decoded& b, Rounding mode,
               const RoundingOptions& options) {
  if (a.is_nan() || b.is_nan()) return default_nan(format, a.is_signaling() || b.is_signaling());
  const bool negative = a.negative != b.negative;
  if (a.is_infinite() && b.is_infinite()) return default_nan(format, true);
  if (a.is_zero() && b.is_zero()) return default_nan(format, true);
  if (a.is_infinite()) return infinity(format, negative);
  if (b.is_infinite()) return zero(format, negative);
  if (b.is_zero()) {  // finite nonzero / 0
    Rounded out = exact_infinity(format, negative);
    out.flags.bits |= Flags::divide_by_zero;
    return out;
  }
  if (a.is_zero()) return zero(format, negative);
  Scratch& s = scratch();
  set_exact(s.operands[0], a);
  set_exact(s.operands[1], b);
  const int ternary = mpfr_div(s.working, s.operands[0], s.operands[1], MPFR_RNDZ);
  round_truncation_to_odd(s.working, ternary);
  return round_exact_in_range(format, s.working, false, mode, options);
}

Rounded square_root(const Format& format, const Decoded& a, Rounding mode,
                    const RoundingOptions& options) {
  if (a.is_nan()) return default_nan(format, a.is_signaling());
  if (a.is_zero()) return zero(format, a.negative);  // sqrt(-0) = -0
  if (a.negative) return default_nan(format, true);
  if (a.is_infinite()) return infinity(format, false);
  Scratch& s = scratch();
  set_exact(s.operands[0], a);
  const int ternary = mpfr_sqrt(s.working, s.operands[0], MPFR_RNDZ);
  round_truncation_to_odd(s.working, ternary);
  return round_exact_in_range(format, s.working, false, mode, options);
}

Rounded fused_multiply_add(const Format& format, const Decoded& a, const Decoded& b,
                           const Decoded& c, Rounding mode, const RoundingOptions& options) {
  // 0 * inf is invalid even when c is a quiet NaN (as in SoftFloat).
  if ((a.is_infinite() && b.is_zero()) || (a.is_zero() && b.is_infinite()))
    return default_nan(format, true);
  if (a.is_nan() || b.is_nan() || c.is_nan())
    return default_nan(format, a.is_signaling() || b.is_signaling() || c.is_signaling());
  const bool product_negative = a.negative != b.negative;
  if (a.is_infinite() || b.is_infinite()) {
    if (c.is_infinite() && c.negative != product_negative) return default_nan(format, true);
    return infinity(format, product_negative);
  }
  if (c.is_infinite()) return infinity(format, c.negative);
  if ((a.is_zero() || b.is_zero()) && c.is_zero())
    return zero(format, zero_sum_is_negative(product_negative, c.negative, mode));
  Scratch& s = scratch();
  set_exact(s.operands[0], a);
  set_exact(s.operands[1], b);
  set_exact(s.operands[2], c);
  const int ternary = mpfr_fma(s.working, s.operands[0], s.operands[1], s.operands[2], MPFR_RNDZ);
  round_truncation_to_odd(s.working, ternary);
  return round_working(format, mode, options);  // a zero here is a * b + (-a * b)
}

}  // namespace

Rounded compute(Operation operation, const Format& format, const std::uint64_t* operands,
                Rounding mode, const RoundingOptions& options) {
  FullExponentRange range;
  scratch().prepare_working(format);
  const Decoded a = decode(format, operands[0]);
  switch (operation) {
    case Operation::Add: return add(format, a, decode(format, operands[1]), false, mode, options);
    case Operation::Subtract:
      return add(format, a, decode(format, operands[1]), true, mode, options);
    case Operation::Multiply:
      return multiply(format, a, decode(format, operands[1]), mode, options);
    case Operation::Divide: return divide(format, a, decode(format, operands[1]), mode, options);
    case Operation::SquareRoot: return square_root(format, a, mode, options);
    case Operation::FusedMultiplyAdd:
      return fused_multiply_add(format, a, decode(format, operands[1]), decode(format, operands[2]),
                                mode, options);
  }
  throw std::invalid_argument("fpx::reference::compute: unknown operation");
}

Rounded convert(const Format& from, const Format& to, std::uint64_t bits, Rounding mode,
                const RoundingOptions& options) {
  FullExponentRange range;
  const Decoded value = decode(from, bits);
  if (value.is_nan()) return default_nan(to, value.is_signaling());
  if (value.is_infinite()) {
    // Saturating conversion clamps infinities (CUDA's __NV_SATFINITE), as do
    // the finite-only formats.
    if (to.overflow == OverflowPolicy::Saturate ||
        to.special_encoding == SpecialEncoding::FiniteOnly) {
      if (value.negative && !to.is_signed) return default_nan(to, true);
      const std::uint64_t sign = value.negative ? to.sign_mask() : 0;
      return Rounded{sign | to.max_finite_bits(), {std::uint8_t(Flags::overflow | Flags::inexact)}};
    }
    if (to.has_infinity()) return infinity(to, value.negative);
    return default_nan(to, true);
  }
  if (value.is_zero()) return zero(to, value.negative);
  mpfr_ptr exact = scratch().operands[0];
  set_exact(exact, value);
  return round_exact_in_range(to, exact, false, mode, options);
}

void to_mpfr(mpfr_t out, const Format& format, std::uint64_t bits) {
  if (mpfr_get_prec(out) < format.precision)
    throw std::invalid_argument("fpx::reference::to_mpfr: output precision below the format's");
  FullExponentRange range;
  const Decoded value = decode(format, bits);
  switch (value.kind) {
    case Kind::QuietNaN:
    case Kind::SignalingNaN: mpfr_set_nan(out); return;
    case Kind::Infinity: mpfr_set_inf(out, value.negative ? -1 : 1); return;
    case Kind::Zero: mpfr_set_zero(out, value.negative ? -1 : 1); return;
    case Kind::Finite: set_exact(out, value); return;
  }
}

std::string exact_decimal(const Format& format, std::uint64_t bits) {
  const Decoded value = decode(format, bits);
  const std::string sign = value.negative ? "-" : "";
  switch (value.kind) {
    case Kind::QuietNaN:
    case Kind::SignalingNaN: return "nan";
    case Kind::Infinity: return sign + "inf";
    case Kind::Zero: return sign + "0";
    case Kind::Finite: break;
  }
  // significand * 2^quantum = significand * 5^-quantum / 10^-quantum for a
  // negative quantum, so the decimal digits are those of an integer.
  mpz_t digits;
  mpz_init_set_ui(digits, value.significand);
  const int decimal_places = value.quantum < 0 ? -value.quantum : 0;
  if (value.quantum >= 0) {
    mpz_mul_2exp(digits, digits, value.quantum);
  } else {
    mpz_t power_of_five;
    mpz_init(power_of_five);
    mpz_ui_pow_ui(power_of_five, 5, decimal_places);
    mpz_mul(digits, digits, power_of_five);
    mpz_clear(power_of_five);
  }
  std::string text(mpz_sizeinbase(digits, 10) + 2, '\0');
  mpz_get_str(text.data(), 10, digits);
  text.resize(text.find('\0'));
  mpz_clear(digits);
  if (decimal_places == 0) return sign + text;

  if (text.size() <= std::size_t(decimal_places))
    text.insert(0, std::size_t(decimal_places) + 1 - text.size(), '0');
  text.insert(text.size() - std::size_t(decimal_places), 1, '.');
  // Trailing zeros after the point carry nothing (a significand with trailing
  // zero bits gives them), nor does a point with no digit after it.
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return sign + text;
}

Rounded round_exact(const Format& format, mpfr_srcptr value, bool sticky, Rounding mode,
                    const RoundingOptions& options) {
  FullExponentRange range;
  return round_exact_in_range(format, value, sticky, mode, options);
}

}  // namespace fpx::reference
