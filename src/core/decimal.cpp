// Text <-> encoded values, exactly, with big integers (Boost.Multiprecision's
// cpp_int: integer arithmetic, no floating point, no MPFR).
#include "fpx/core/decimal.hpp"

#include <algorithm>
#include <cctype>

#include "fpx/core/hex.hpp"
#include "fpx/core/text.hpp"
#include "fpx/core/unpacked.hpp"

namespace fpx {
namespace {

using boost::multiprecision::msb;

// An exact nonnegative rational N / D * 2^e.
struct ExactRational {
  BigInteger numerator = 0;
  BigInteger denominator = 1;
  long binary_exponent = 0;
  bool truncated = false;     // cut after the kept digits (see kept_decimal_digits)
  bool beyond_range = false;  // replaced by 2^+-far_binary_exponent
};

// Exponents beyond this many decimal orders of magnitude are outside every
// format by a wide margin; they are replaced by 2^(+-far_exponent) so that
// 1e-100000 costs nothing and still rounds correctly in every mode.
constexpr long far_decimal_exponent = 1000;
constexpr long far_binary_exponent = 100000;

// The stand-in for a magnitude beyond every format: 2^(direction * 100000).
ExactRational far_value(int direction) {
  ExactRational out;
  out.numerator = 1;
  out.binary_exponent = direction * far_binary_exponent;
  out.beyond_range = true;
  return out;
}

[[noreturn]] void fail(std::string_view text, std::string_view why) {
  throw ParseError("cannot read " + quote(std::string(text)) + " as a number: " + std::string(why));
}

BigInteger power(unsigned base, unsigned long exponent) {
  return boost::multiprecision::pow(BigInteger(base), unsigned(exponent));
}

// Reads an optionally signed decimal exponent, saturating far beyond any
// format's range.
long read_exponent(std::string_view all, std::string_view text) {
  bool negative = false;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  if (i == text.size()) fail(all, "missing exponent digits");
  long value = 0;
  for (; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) fail(all, "bad exponent");
    value = std::min(value * 10 + (text[i] - '0'), 1'000'000'000L);
  }
  return negative ? -value : value;
}

// Significant digits kept of a longer number (the rest only says whether it
// is nonzero). Every breakpoint of rounding in every format and mode (a
// representable number, a midpoint, a stochastic-rounding threshold 2^-32
// ulp apart) within 10^+-1000 is a dyadic rational whose decimal expansion
// has fewer digits (binary64's deepest, 2^-1075-32 apart, has about 790):
// so a number cut after these digits, with a nonzero digit appended when
// anything nonzero was cut, lies strictly between the same two breakpoints
// as the number itself and rounds the same way in every format and mode.
// Reading stays linear in the length of the text.
constexpr long kept_decimal_digits = 2048;
constexpr long kept_hexadecimal_digits = 1024;  // 4096 bits, likewise above binary64's 1140

// Decimal: digits [. digits] [e exponent].
ExactRational read_decimal(std::string_view all, std::string_view text) {
  BigInteger digits = 0;
  long scale = 0;  // value = digits * 10^scale, counting every digit
  bool any_digit = false, seen_point = false;
  long significant = 0;  // digits after the leading zeros
  long cut = 0;          // significant digits beyond kept_decimal_digits
  bool cut_nonzero = false;
  std::size_t i = 0;
  // Accumulate in chunks of 18 digits: much faster than one at a time.
  std::uint64_t chunk = 0;
  int chunk_digits = 0;
  auto flush = [&] {
    if (chunk_digits == 0) return;
    digits = digits * power(10, chunk_digits) + chunk;
    chunk = 0;
    chunk_digits = 0;
  };
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (seen_point) fail(all, "two decimal points");
      seen_point = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) break;
    any_digit = true;
    if (seen_point) --scale;
    if (significant == 0 && c == '0') continue;
    ++significant;
    if (significant > kept_decimal_digits) {
      ++cut;
      cut_nonzero = cut_nonzero || c != '0';
      continue;
    }
    chunk = chunk * 10 + std::uint64_t(c - '0');
    if (++chunk_digits == 18) flush();
  }
  flush();
  if (!any_digit) fail(all, "no digits");
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E')
      fail(all, "unexpected character " + quote(std::string(1, text[i])));
    scale += read_exponent(all, text.substr(i + 1));
  }
  ExactRational out;
  if (digits == 0) return out;
  // The value lies in [10^(scale + significant - 1), 10^(scale + significant)).
  if (scale + significant > far_decimal_exponent) return far_value(1);
  if (scale + significant < -far_decimal_exponent) return far_value(-1);
  long kept_scale = scale + cut;  // value ~ digits * 10^kept_scale
  if (cut_nonzero) {
    digits = digits * 10 + 1;  // strictly between the cut value and its next
    kept_scale -= 1;
    out.truncated = true;
  }
  if (kept_scale >= 0) {
    out.numerator = digits * power(5, kept_scale);
    out.binary_exponent = kept_scale;
  } else {
    out.numerator = digits;
    out.denominator = power(5, -kept_scale);
    out.binary_exponent = kept_scale;
  }
  return out;
}

// Hexadecimal after "0x": hexdigits [. hexdigits] [p exponent], cut after
// kept_hexadecimal_digits significant digits as decimals are.
ExactRational read_hexadecimal(std::string_view all, std::string_view text) {
  ExactRational out;
  bool any_digit = false, seen_point = false, cut_nonzero = false;
  long exponent = 0, significant = 0;
  std::size_t i = 0;
  std::uint64_t chunk = 0;
  int chunk_digits = 0;
  auto flush = [&] {
    if (chunk_digits == 0) return;
    out.numerator = (out.numerator << (4 * chunk_digits)) + chunk;
    chunk = 0;
    chunk_digits = 0;
  };
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (seen_point) fail(all, "two points");
      seen_point = true;
      continue;
    }
    int value = hex_digit_value(c);
    if (value < 0) break;
    any_digit = true;
    if (significant == 0 && value == 0) {
      if (seen_point) exponent -= 4;
      continue;
    }
    ++significant;
    if (significant > kept_hexadecimal_digits) {
      if (!seen_point) exponent += 4;  // a cut integer digit still scales the kept ones
      cut_nonzero = cut_nonzero || value != 0;
      continue;
    }
    chunk = chunk << 4 | std::uint64_t(value);
    if (++chunk_digits == 15) flush();
    if (seen_point) exponent -= 4;
  }
  flush();
  if (!any_digit) fail(all, "no hexadecimal digits");
  if (i < text.size()) {
    if (text[i] != 'p' && text[i] != 'P')
      fail(all, "unexpected character " + quote(std::string(1, text[i])));
    exponent += read_exponent(all, text.substr(i + 1));
  }
  if (out.numerator == 0) return out;
  if (cut_nonzero) {
    out.numerator = (out.numerator << 1) + 1;  // strictly between the cut value and its next
    exponent -= 1;
    out.truncated = true;
  }
  const long magnitude = exponent + long(msb(out.numerator));
  if (magnitude > far_binary_exponent) return far_value(1);
  if (magnitude < -far_binary_exponent) return far_value(-1);
  out.binary_exponent = exponent;
  return out;
}

ExactRational read_unsigned(std::string_view all, std::string_view text) {
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    return read_hexadecimal(all, text.substr(2));
  return read_decimal(all, text);
}

}  // namespace

Rounded round_rational(const Format& format, bool negative, const BigInteger& numerator,
                       const BigInteger& denominator, long binary_exponent, Rounding mode,
                       const RoundingOptions& options) {
  if (numerator == 0) return zero_result(format, negative);
  // A quotient of 66 or 67 bits (at least precision + 2 for every format)
  // with the remainder as sticky bit.
  constexpr long quotient_bits = 66;
  long shift = quotient_bits - (long(msb(numerator)) - long(msb(denominator)));
  BigInteger quotient, remainder;
  if (shift >= 0)
    divide_qr(BigInteger(numerator << shift), denominator, quotient, remainder);
  else
    divide_qr(numerator, BigInteger(denominator << -shift), quotient, remainder);
  UInt128 significand = (static_cast<UInt128>(static_cast<std::uint64_t>(quotient >> 64)) << 64) |
                        static_cast<std::uint64_t>(quotient & BigInteger(~std::uint64_t{0}));
  long exponent =
      std::clamp(binary_exponent - shift, -10 * far_binary_exponent, 10 * far_binary_exponent);
  return round_pack(format, negative, int(exponent), significand, remainder != 0, mode, options);
}

ExactNumber read_number(std::string_view text) {
  std::string_view rest = text;
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front())))
    rest.remove_prefix(1);
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back())))
    rest.remove_suffix(1);
  if (rest.empty()) fail(text, "empty");
  ExactNumber number;
  if (rest.front() == '+' || rest.front() == '-') {
    number.negative = rest.front() == '-';
    rest.remove_prefix(1);
  }
  if (equals_ignoring_case(rest, "inf") || equals_ignoring_case(rest, "infinity")) {
    number.kind = ExactNumber::Kind::Infinity;
    return number;
  }
  if (equals_ignoring_case(rest, "nan")) {
    number.kind = ExactNumber::Kind::NaN;
    return number;
  }
  ExactRational value;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    ExactRational top = read_unsigned(text, rest.substr(0, slash));
    ExactRational bottom = read_unsigned(text, rest.substr(slash + 1));
    if (bottom.numerator == 0) fail(text, "division by zero");
    // The stand-ins keep the rounding of one number, not of a quotient:
    // 1e2000/1e1999 would read as 1.
    if (top.beyond_range || bottom.beyond_range)
      fail(text, "a ratio's parts must lie within 10^+-1000 (write the quotient)");
    value.numerator = top.numerator * bottom.denominator;
    value.denominator = top.denominator * bottom.numerator;
    value.binary_exponent = top.binary_exponent - bottom.binary_exponent;
    value.truncated = top.truncated || bottom.truncated;
  } else {
    value = read_unsigned(text, rest);
  }
  number.numerator = std::move(value.numerator);
  number.denominator = std::move(value.denominator);
  number.binary_exponent = value.binary_exponent;
  number.truncated = value.truncated;
  number.beyond_range = value.beyond_range;
  return number;
}

Rounded round_number(const Format& format, const ExactNumber& number, Rounding mode,
                     const RoundingOptions& options) {
  const std::uint64_t sign = number.negative ? format.sign_mask() : 0;
  switch (number.kind) {
    // "-nan" keeps its sign, as strtod and numpy's float32("-nan") do.
    case ExactNumber::Kind::NaN:
      // A finite-only format has no NaN (+0 stands in, invalid).
      if (!format.has_nan()) return Rounded{format.default_nan_bits(), Flags{Flags::invalid}};
      if (format.special_encoding == SpecialEncoding::NanAtNegativeZero)
        return Rounded{format.default_nan_bits(), {}};
      return Rounded{sign | format.default_nan_bits(), {}};
    case ExactNumber::Kind::Infinity:
      // Saturating formats clamp infinities, as their conversions do.
      if (format.overflow == OverflowPolicy::Saturate || !format.has_nan())
        return Rounded{sign | format.max_finite_bits(), Flags{Flags::overflow | Flags::inexact}};
      if (format.has_infinity()) return Rounded{sign | format.infinity_bits(), {}};
      return Rounded{format.default_nan_bits(), Flags{Flags::invalid}};
    case ExactNumber::Kind::Finite: break;
  }
  return round_rational(format, number.negative, number.numerator, number.denominator,
                        number.binary_exponent, mode, options);
}

namespace {

constexpr int short_decimal_max_digits = 19;    // below 10^19 < 2^64
constexpr int short_decimal_max_exponent = 27;  // 5^27 < 2^63

// The common case, without big integers: at most 19 significant digits and
// a decimal exponent of at most 27 in magnitude. m * 10^k is m * 5^k * 2^k;
// for k >= 0 the product m * 5^k fits 128 bits, for k < 0 a 128-bit division
// by 5^-k gives a 64-bit quotient and the remainder as sticky bit. Returns
// false (and leaves the work to read_number) for anything else.
bool round_short_decimal(const Format& format, std::string_view text, Rounding mode,
                         const RoundingOptions& options, Rounded& out) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::uint64_t mantissa = 0;
  int digits = 0, scale = 0;
  bool any_digit = false, seen_point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      if (seen_point) return false;
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any_digit = true;
    if (mantissa == 0 && c == '0') {
      if (seen_point) --scale;
      continue;
    }
    if (++digits > short_decimal_max_digits) return false;
    mantissa = mantissa * 10 + std::uint64_t(c - '0');
    if (seen_point) --scale;
  }
  if (!any_digit) return false;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return false;
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exponent_negative = text[i++] == '-';
    if (i == text.size()) return false;
    int exponent = 0;
    for (; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9' || exponent > 1000) return false;
      exponent = exponent * 10 + (text[i] - '0');
    }
    scale += exponent_negative ? -exponent : exponent;
  }
  if (scale > short_decimal_max_exponent || scale < -short_decimal_max_exponent) return false;
  if (mantissa == 0) {
    out = zero_result(format, negative);
    return true;
  }
  UInt128 power_of_five = 1;
  for (int k = 0; k < (scale < 0 ? -scale : scale); ++k) power_of_five *= 5;
  if (scale >= 0) {
    out = round_pack(format, negative, scale, UInt128(mantissa) * power_of_five, false, mode,
                     options);
    return true;
  }
  const int shift = 64 + detail::bit_width(power_of_five) - detail::bit_width(mantissa);
  const UInt128 numerator = UInt128(mantissa) << shift;
  const UInt128 quotient = numerator / power_of_five;
  const bool sticky = numerator - quotient * power_of_five != 0;
  out = round_pack(format, negative, scale - shift, quotient, sticky, mode, options);
  return true;
}

}  // namespace

Rounded parse_number(const Format& format, std::string_view text, Rounding mode,
                     const RoundingOptions& options) {
  Rounded out;
  if (round_short_decimal(format, text, mode, options, out)) return out;
  return round_number(format, read_number(text), mode, options);
}

bool is_exactly_representable(const Format& format, std::string_view text) {
  return !parse_number(format, text, Rounding::TowardZero).flags.has(Flags::inexact);
}

Rational to_rational(const ExactNumber& number) {
  if (number.kind != ExactNumber::Kind::Finite) throw std::domain_error("not a finite number");
  Rational value(number.numerator, number.denominator);
  if (number.binary_exponent > 0) value *= Rational(BigInteger(1) << number.binary_exponent);
  if (number.binary_exponent < 0) value /= Rational(BigInteger(1) << -number.binary_exponent);
  return number.negative ? Rational(-value) : value;
}

Rational to_rational(const Format& format, std::uint64_t bits) {
  ExactNumber number;
  int exponent = 0;
  if (!exact_value(format, bits, number.negative, number.numerator, exponent))
    throw std::domain_error("not a finite number");
  number.binary_exponent = exponent;
  return to_rational(number);
}

bool exact_value(const Format& format, std::uint64_t bits, bool& negative, BigInteger& significand,
                 int& exponent) {
  const Unpacked value = unpack(format, bits);
  negative = value.negative;
  if (!value.is_finite()) return false;
  significand = value.significand;
  exponent = value.is_zero() ? format.min_quantum_exponent() : value.exponent;
  return true;
}

namespace {

// The exact value's decimal digits (no leading zeros) and the decimal
// exponent of the last one: value = digits * 10^last_exponent.
struct DecimalDigits {
  std::string digits;
  long last_exponent = 0;
};

DecimalDigits exact_digits(const BigInteger& significand, int exponent) {
  DecimalDigits out;
  if (exponent >= 0) {
    out.digits = BigInteger(significand << exponent).str();
  } else {
    // m * 2^-k = m * 5^k / 10^k.
    out.digits = BigInteger(significand * power(5, unsigned(-exponent))).str();
    out.last_exponent = exponent;
  }
  while (out.digits.size() > 1 && out.digits.back() == '0') {
    out.digits.pop_back();
    ++out.last_exponent;
  }
  return out;
}

std::string non_finite_text(const Format& format, std::uint64_t bits) {
  const Unpacked value = unpack(format, bits);
  if (value.is_infinity()) return value.negative ? "-inf" : "inf";
  return "nan";
}

// digits * 10^last_exponent written positionally.
std::string positional(const std::string& digits, long last_exponent) {
  if (last_exponent >= 0) return digits + std::string(std::size_t(last_exponent), '0');
  long point = long(digits.size()) + last_exponent;  // digits before the point
  if (point > 0)
    return digits.substr(0, std::size_t(point)) + "." + digits.substr(std::size_t(point));
  return "0." + std::string(std::size_t(-point), '0') + digits;
}

// Shortest form: positional for 1e-5 <= x < 1e17, else d.ddde[-]x.
std::string readable(std::string digits, long last_exponent) {
  while (digits.size() > 1 && digits.back() == '0') {
    digits.pop_back();
    ++last_exponent;
  }
  long leading_exponent = last_exponent + long(digits.size()) - 1;
  if (leading_exponent >= -5 && leading_exponent < 17) return positional(digits, last_exponent);
  std::string out = digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  return out + "e" + std::to_string(leading_exponent);
}

// Adds one unit in the last place to a digit string (may grow by a digit).
void increment_digits(std::string& digits) {
  for (std::size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return;
    }
    digits[i] = '0';
  }
  digits.insert(digits.begin(), '1');
}

// What both printers start from: for a finite nonzero encoding its sign
// and exact digits, otherwise the whole text ("nan", "-inf", "-0").
struct DecimalParts {
  std::string sign;
  DecimalDigits exact;
  std::string complete;  // nonempty when there is nothing more to print
};

DecimalParts decimal_parts(const Format& format, std::uint64_t bits) {
  DecimalParts parts;
  bool negative;
  BigInteger significand;
  int exponent;
  if (!exact_value(format, bits, negative, significand, exponent)) {
    parts.complete = non_finite_text(format, bits);
    return parts;
  }
  parts.sign = negative ? "-" : "";
  if (significand == 0)
    parts.complete = parts.sign + "0";
  else
    parts.exact = exact_digits(significand, exponent);
  return parts;
}

}  // namespace

std::string exact_decimal(const Format& format, std::uint64_t bits) {
  const DecimalParts parts = decimal_parts(format, bits);
  if (!parts.complete.empty()) return parts.complete;
  return parts.sign + positional(parts.exact.digits, parts.exact.last_exponent);
}

int max_significant_digits(const Format& format) {
  // ceil(p * log10(2)) + 1 with log10(2) < 30103/100000.
  return int((long(format.precision) * 30103 + 99999) / 100000) + 1;
}

std::string approximate_decimal(bool negative, const BigInteger& numerator,
                                const BigInteger& denominator, long binary_exponent,
                                int significant_digits) {
  if (numerator == 0) return "0";
  // value = top / bottom exactly.
  BigInteger top = numerator, bottom = denominator;
  if (binary_exponent >= 0)
    top <<= binary_exponent;
  else
    bottom <<= -binary_exponent;
  // Decimal exponent of the leading digit: 10^e <= value < 10^(e+1).
  long e = long(top.str().size()) - long(bottom.str().size());
  auto at_least = [&](long exponent) {  // value >= 10^exponent?
    return exponent >= 0 ? top >= bottom * power(10, unsigned(exponent))
                         : top * power(10, unsigned(-exponent)) >= bottom;
  };
  while (!at_least(e)) --e;
  while (at_least(e + 1)) ++e;
  // digits = round(value * 10^(significant_digits - 1 - e)), ties away.
  long scale = significant_digits - 1 - e;
  BigInteger scaled_top = scale >= 0 ? top * power(10, unsigned(scale)) : top;
  BigInteger scaled_bottom = scale >= 0 ? bottom : bottom * power(10, unsigned(-scale));
  BigInteger digits = (2 * scaled_top + scaled_bottom) / (2 * scaled_bottom);
  std::string text = digits.str();
  if (long(text.size()) > significant_digits) {  // 9.99 -> 10.0
    text.pop_back();
    ++e;
  }
  std::string sign = negative ? "-" : "";
  long last_exponent = e - (long(text.size()) - 1);
  while (text.size() > 1 && text.back() == '0') {
    text.pop_back();
    ++last_exponent;
  }
  if (e >= -4 && e < 6) return sign + positional(text, last_exponent);
  std::string out = text.substr(0, 1);
  if (text.size() > 1) out += "." + text.substr(1);
  return sign + out + "e" + std::to_string(e);
}

std::string shortest_decimal(const Format& format, std::uint64_t bits) {
  const DecimalParts parts = decimal_parts(format, bits);
  if (!parts.complete.empty()) return parts.complete;
  const std::string& sign = parts.sign;
  const DecimalDigits& exact = parts.exact;
  const std::uint64_t magnitude = bits & format.magnitude_mask();
  auto reads_back = [&](const std::string& digits, long last_exponent) {
    std::string text = digits + "e" + std::to_string(last_exponent);
    return parse_number(format, text, Rounding::NearestEven).bits == magnitude;
  };
  const long total = long(exact.digits.size());
  for (long n = 1; n < total; ++n) {
    // The two n-digit decimals around the exact value: any n-digit decimal
    // that reads back lies between the value and one of them.
    std::string below = exact.digits.substr(0, std::size_t(n));
    long below_exponent = exact.last_exponent + (total - n);
    std::string above = below;
    long above_exponent = below_exponent;
    increment_digits(above);
    if (above.size() > std::size_t(n)) {  // 99..9 -> 100..0: drop a zero
      above.pop_back();
      ++above_exponent;
    }
    // Which is nearer: compare the dropped tail with one half.
    std::string tail = exact.digits.substr(std::size_t(n));
    int compare_half = tail[0] > '5' ? 1
                       : tail[0] < '5'
                           ? -1
                           : (tail.find_first_not_of('0', 1) != std::string::npos ? 1 : 0);
    bool above_first = compare_half > 0 || (compare_half == 0 && (below.back() - '0') % 2 == 1);
    const std::string* first = above_first ? &above : &below;
    const std::string* second = above_first ? &below : &above;
    long first_exponent = above_first ? above_exponent : below_exponent;
    long second_exponent = above_first ? below_exponent : above_exponent;
    if (reads_back(*first, first_exponent)) return sign + readable(*first, first_exponent);
    if (reads_back(*second, second_exponent)) return sign + readable(*second, second_exponent);
  }
  return sign + readable(exact.digits, exact.last_exponent);
}

std::uint64_t round_to_format(const Format& format, const Rational& value, Rounding mode) {
  const BigInteger numerator = boost::multiprecision::numerator(value);
  const bool negative = numerator < 0;
  StochasticSource random(0);
  return round_rational(format, negative, negative ? BigInteger(-numerator) : numerator,
                        boost::multiprecision::denominator(value), 0, mode,
                        RoundingOptions{Tininess::AfterRounding, &random})
      .bits;
}

std::string decimal_string(const Rational& value, int significant_digits) {
  const BigInteger numerator = boost::multiprecision::numerator(value);
  const bool negative = numerator < 0;
  return approximate_decimal(negative, negative ? BigInteger(-numerator) : numerator,
                             boost::multiprecision::denominator(value), 0, significant_digits);
}

}  // namespace fpx
