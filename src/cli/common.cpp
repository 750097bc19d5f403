#include "common.hpp"

#include <unistd.h>

#include <cstdlib>

#include "fpx/printing.hpp"

namespace fpx::cli {

void add_output_options(CLI::App* command, OutputOptions& options) {
  command->add_flag("--json", options.json, "Print JSON instead of text");
  command->add_option("--color", options.color, "auto (terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

bool use_color(const OutputOptions& options) {
  if (options.json || options.color == "never") return false;
  if (options.color == "always") return true;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(STDOUT_FILENO) == 1;
}

std::string paint(const std::string& text, Color color, bool enabled) {
  if (!enabled) return text;
  const char* code = "";
  switch (color) {
    case Color::Sign: code = "\x1b[35m"; break;      // magenta
    case Color::Exponent: code = "\x1b[32m"; break;  // green
    case Color::Fraction: code = "\x1b[34m"; break;  // blue
    case Color::Cut: code = "\x1b[33m"; break;       // yellow
    case Color::Differ: code = "\x1b[1;31m"; break;  // bold red
    case Color::Dim: code = "\x1b[2m"; break;
    case Color::Heading: code = "\x1b[1m"; break;
  }
  return code + text + "\x1b[0m";
}

const Format& require_format(const std::string& name) {
  const Format* format = find_format(name);
  if (!format)
    throw UsageError(
        "unknown format '" + name +
        "' (expected binary64, binary32, tf32, bfloat16, binary16, e5m2, e4m3, e5m2sat, e4m3sat)");
  return *format;
}

Rounding require_rounding(const std::string& name, bool allow_stochastic) {
  auto mode = parse_rounding(name);
  if (!mode || (*mode == Rounding::Stochastic && !allow_stochastic))
    throw UsageError("unknown rounding mode '" + name + "' (expected rne rna rtz rup rdn rto" +
                     (allow_stochastic ? " sr" : "") + ")");
  return *mode;
}

std::vector<Rounding> require_roundings(const std::string& names) {
  if (names == "all")
    return {std::begin(all_deterministic_roundings), std::end(all_deterministic_roundings)};
  std::vector<Rounding> modes;
  std::size_t start = 0;
  while (start <= names.size()) {
    std::size_t comma = names.find(',', start);
    if (comma == std::string::npos) comma = names.size();
    modes.push_back(require_rounding(names.substr(start, comma - start)));
    start = comma + 1;
  }
  return modes;
}

namespace {

std::uint64_t read_bit_pattern(const Format& format, const std::string& text) {
  std::string digits = text;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
    digits = digits.substr(2);
  if (digits.empty() || digits.size() > 16 ||
      digits.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
    throw UsageError("bit pattern '" + text + "' is not hexadecimal");
  std::uint64_t value = std::stoull(digits, nullptr, 16);
  if (value & ~(format.sign_mask() | format.magnitude_mask()))
    throw UsageError("bit pattern '" + text + "' does not fit the " +
                     std::to_string(format.width()) + " bits of " + std::string(format.name));
  return value;
}

std::uint64_t read_binary_fields(const Format& format, const std::string& text) {
  std::string digits;
  for (char c : text.substr(5)) {
    if (c == ' ' || c == '|' || c == '_') continue;
    if (c != '0' && c != '1')
      throw UsageError("'" + text + "': only 0, 1, spaces and | may follow 'bits:'");
    digits.push_back(c);
  }
  if (int(digits.size()) != format.width())
    throw UsageError("'" + text + "' has " + std::to_string(digits.size()) + " bits; " +
                     std::string(format.name) + " has " + std::to_string(format.width()));
  return std::stoull(digits, nullptr, 2);
}

}  // namespace

InputValue read_value(const Format& format, const std::string& text, bool raw, Rounding mode) {
  InputValue value;
  value.text = text;
  if (raw) {
    value.rounded = Rounded{read_bit_pattern(format, text), {}};
    return value;
  }
  if (text.rfind("bits:", 0) == 0) {
    value.rounded = Rounded{read_binary_fields(format, text), {}};
    return value;
  }
  try {
    value.exact = read_number(text);
  } catch (const ParseError& e) {
    throw UsageError(e.what());
  }
  StochasticSource random(0);
  value.rounded =
      round_number(format, *value.exact, mode, RoundingOptions{Tininess::AfterRounding, &random});
  return value;
}

ExactNumber exact_number(const Format& format, std::uint64_t bits) {
  ExactNumber number;
  int exponent = 0;
  if (!exact_value(format, bits, number.negative, number.numerator, exponent)) {
    number.kind = classify(format, bits) == FloatClass::Infinity ? ExactNumber::Kind::Infinity
                                                                 : ExactNumber::Kind::NaN;
    return number;
  }
  number.binary_exponent = exponent;
  return number;
}

ExactNumber difference(const ExactNumber& a, const ExactNumber& b) {
  const long exponent = std::min(a.binary_exponent, b.binary_exponent);
  BigInteger left = a.numerator * b.denominator << (a.binary_exponent - exponent);
  BigInteger right = b.numerator * a.denominator << (b.binary_exponent - exponent);
  if (a.negative) left = -left;
  if (b.negative) right = -right;
  BigInteger numerator = left - right;
  ExactNumber out;
  out.negative = numerator < 0;
  out.numerator = out.negative ? BigInteger(-numerator) : numerator;
  out.denominator = a.denominator * b.denominator;
  out.binary_exponent = exponent;
  return out;
}

std::string in_ulps(const Format& format, std::uint64_t bits, const ExactNumber& amount,
                    int digits) {
  // ulp = 2^q exactly: its significand is a power of two.
  const ExactNumber ulp = exact_number(format, unit_in_last_place(format, bits));
  const long quantum = ulp.binary_exponent + long(boost::multiprecision::msb(ulp.numerator));
  std::string text = approximate_decimal(amount.negative, amount.numerator, amount.denominator,
                                         amount.binary_exponent - quantum, digits);
  return text[0] == '-' || text == "0" ? text : "+" + text;
}

ConversionError conversion_error(const Format& format, std::uint64_t bits,
                                 const ExactNumber& exact) {
  ConversionError error;
  const FloatClass value_class = classify(format, bits);
  if (exact.kind != ExactNumber::Kind::Finite || value_class == FloatClass::Infinity ||
      value_class == FloatClass::QuietNaN || value_class == FloatClass::SignalingNaN)
    return error;
  const ExactNumber delta = difference(exact_number(format, bits), exact);
  error.ulps = in_ulps(format, bits, delta);
  if (exact.numerator == 0) {
    error.relative = "0";
  } else {
    std::string text = approximate_decimal(
        delta.negative != exact.negative, delta.numerator * exact.denominator,
        delta.denominator * exact.numerator, delta.binary_exponent - exact.binary_exponent, 3);
    error.relative = text[0] == '-' || text == "0" ? text : "+" + text;
  }
  return error;
}

nlohmann::json describe_json(const Format& format, std::uint64_t bits) {
  const std::uint64_t field = (bits & format.magnitude_mask()) >> format.fraction_bits();
  const FloatClass value_class = classify(format, bits);
  nlohmann::json out;
  out["format"] = format.name;
  out["hex"] = hex_text(format, bits);
  out["sign"] = (bits & format.sign_mask()) ? 1 : 0;
  out["biased_exponent"] = field;
  out["exponent"] = field == 0 ? format.min_exponent() : int(field) - format.bias;
  out["fraction"] = fraction_bits_text(format, bits);
  out["fields"] = field_split(format, bits);
  out["lecture"] = lecture_notation(format, bits);
  out["exact"] = exact_decimal(format, bits);
  out["shortest"] = shortest_decimal(format, bits);
  out["class"] = class_name(value_class);
  return out;
}

}  // namespace fpx::cli
