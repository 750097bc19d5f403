// Decimal and hexadecimal text in and out, exactly: parsing rounds once, in
// any mode, whatever the number of digits; printing gives the exact decimal
// expansion or the shortest decimal that reads back to the same bits.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx {

using BigInteger = boost::multiprecision::cpp_int;
using Rational = boost::multiprecision::cpp_rational;

// Thrown for text that is not a number; what() names the problem.
class ParseError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A number read from text, exactly: (-1)^negative * numerator / denominator *
// 2^binary_exponent, or an infinity or NaN. Magnitudes far outside every
// format (beyond 10^+-1000) are replaced by 2^(+-100000), which rounds the
// same way in every format and mode.
struct ExactNumber {
  enum class Kind { Finite, Infinity, NaN };
  Kind kind = Kind::Finite;
  bool negative = false;
  BigInteger numerator = 0;
  BigInteger denominator = 1;
  long binary_exponent = 0;
  // More than 2048 significant decimal (1024 hexadecimal) digits: the value
  // is that of the first ones with a nonzero digit appended when anything
  // nonzero was cut, which rounds exactly as the number written in every
  // format and mode, but is not its exact value.
  bool truncated = false;
  // The magnitude was beyond 10^+-1000 and is replaced by 2^+-100000: it
  // rounds as the number written, in every format and mode, but is not its
  // value, so no error against it is computed.
  bool beyond_range = false;
};

// Reads decimal ("0.1", "-1e-45", "6.02214076E23", any number of digits),
// hexadecimal ("0x1.8p-3", "0x10" = 16), a ratio of two such ("2/3",
// "1e3/7"), "inf", "infinity", "nan" (any case, optional sign). Throws
// ParseError.
ExactNumber read_number(std::string_view text);

// Rounds an exact number into `format` (infinity into a format without one:
// NaN and invalid, or saturated with overflow and inexact).
Rounded round_number(const Format& format, const ExactNumber& number, Rounding mode,
                     const RoundingOptions& options = {});

// Rounds (-1)^negative * numerator / denominator * 2^binary_exponent into
// `format` (numerator >= 0, denominator > 0).
Rounded round_rational(const Format& format, bool negative, const BigInteger& numerator,
                       const BigInteger& denominator, long binary_exponent, Rounding mode,
                       const RoundingOptions& options = {});

// read_number then round_number. Throws ParseError.
Rounded parse_number(const Format& format, std::string_view text, Rounding mode,
                     const RoundingOptions& options = {});

// True if `text` parses to exactly the value it denotes (no rounding).
// Throws ParseError.
bool is_exactly_representable(const Format& format, std::string_view text);

// The exact value of an encoded number in positional decimal, all digits:
// "0.666666686534881591796875", "-0", "inf", "nan".
std::string exact_decimal(const Format& format, std::uint64_t bits);

// The shortest decimal (at most max_significant_digits(format) digits) that
// reads back, rounded to nearest even, to the same bits; among equally short
// ones the nearest to the exact value. Scientific notation outside
// 1e-5 <= |x| < 1e17: "0.1", "1.4e-45", "3.4028235e38".
std::string shortest_decimal(const Format& format, std::uint64_t bits);

// Significant digits that always suffice to round-trip: ceil(p log10 2) + 1.
int max_significant_digits(const Format& format);

// value rounded to `significant_digits` digits (nearest), positional for
// 1e-4 <= |value| < 1e6, else scientific: "0.25", "-1.49e-8", "3.2e12".
std::string approximate_decimal(bool negative, const BigInteger& numerator,
                                const BigInteger& denominator, long binary_exponent,
                                int significant_digits);

// The exact value of a finite encoding as a rational; std::domain_error for
// infinities and NaNs.
Rational to_rational(const Format& format, std::uint64_t bits);
// An exact number as a rational (finite; std::domain_error otherwise).
Rational to_rational(const ExactNumber& number);

// An exact value rounded once into a format (to_rational, the other way, is
// above). Stochastic rounding draws from a source seeded with 0.
std::uint64_t round_to_format(const Format& format, const Rational& value,
                              Rounding mode = Rounding::NearestEven);
// `value` with `significant_digits` significant digits (nearest), as
// approximate_decimal writes it.
std::string decimal_string(const Rational& value, int significant_digits = 17);

// The exact value as a rational: (-1)^negative * numerator * 2^exponent for a
// finite encoding. Returns false for infinities and NaNs.
bool exact_value(const Format& format, std::uint64_t bits, bool& negative, BigInteger& significand,
                 int& exponent);

}  // namespace fpx
