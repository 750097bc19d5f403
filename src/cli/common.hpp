// What the CLI commands share: option parsing into fpx types, value input
// (decimal, hex-float, bit patterns), color, and exact error measures.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "commands.hpp"
#include "fpx/decimal.hpp"
#include "fpx/format.hpp"
#include "fpx/rounding.hpp"

namespace fpx::cli {

// --json and --color, which every command takes.
struct OutputOptions {
  bool json = false;
  std::string color = "auto";
};
void add_output_options(CLI::App* command, OutputOptions& options);
// Color on a terminal unless NO_COLOR is set (https://no-color.org), or as
// forced by --color.
bool use_color(const OutputOptions& options);

enum class Color { Sign, Exponent, Fraction, Cut, Differ, Dim, Heading };
// `text` wrapped in an ANSI color when `enabled`.
std::string paint(const std::string& text, Color color, bool enabled);

const Format& require_format(const std::string& name);
// Stochastic rounding ("sr") only where `allow_stochastic`.
Rounding require_rounding(const std::string& name, bool allow_stochastic = false);
// "all" gives every deterministic mode.
std::vector<Rounding> require_roundings(const std::string& names);

// One command-line value rounded into a format.
struct InputValue {
  std::string text;
  Rounded rounded;
  std::optional<ExactNumber> exact;  // for numbers written in decimal or hex
};
// VALUE: a number (read_number), "bits:S EEEEEEEE FFF..." (binary fields,
// spaces optional), or with `raw` a hex bit pattern ("0x3F2AAAAB").
InputValue read_value(const Format& format, const std::string& text, bool raw, Rounding mode);

// (encoded - exact) / ulp(encoded) and (encoded - exact) / exact, as short
// decimals; empty when not finite.
struct ConversionError {
  std::string ulps;
  std::string relative;
};
ConversionError conversion_error(const Format& format, std::uint64_t bits,
                                 const ExactNumber& exact);

// The exact value of a finite encoding as an ExactNumber.
ExactNumber exact_number(const Format& format, std::uint64_t bits);
// a - b for finite numbers.
ExactNumber difference(const ExactNumber& a, const ExactNumber& b);
// a / ulp(bits) as a short signed decimal ("+0.48", "-25.5").
std::string in_ulps(const Format& format, std::uint64_t bits, const ExactNumber& amount,
                    int digits = 3);

// The JSON object describing one encoding: format, hex, sign, exponent,
// biased_exponent, fraction, lecture, exact, shortest, class.
nlohmann::json describe_json(const Format& format, std::uint64_t bits);

}  // namespace fpx::cli
