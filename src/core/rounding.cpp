#include "fpx/core/rounding.hpp"

#include <stdexcept>

#include "fpx/core/text.hpp"

namespace fpx {
namespace {

struct RoundingName {
  Rounding mode;
  std::string_view short_name;
  std::string_view long_name;
};

constexpr RoundingName rounding_names[] = {
    {Rounding::NearestEven, "rne", "nearest-even"},
    {Rounding::NearestAway, "rna", "nearest-away"},
    {Rounding::TowardZero, "rtz", "toward-zero"},
    {Rounding::TowardPositive, "rup", "toward-positive"},
    {Rounding::TowardNegative, "rdn", "toward-negative"},
    {Rounding::ToOdd, "rto", "to-odd"},
    {Rounding::Stochastic, "sr", "stochastic"},
};

}  // namespace

std::string_view short_name(Rounding mode) {
  for (const auto& entry : rounding_names)
    if (entry.mode == mode) return entry.short_name;
  return "?";
}

std::string_view long_name(Rounding mode) {
  for (const auto& entry : rounding_names)
    if (entry.mode == mode) return entry.long_name;
  return "?";
}

std::optional<Rounding> parse_rounding(std::string_view given) {
  // Names are case-insensitive.
  const std::string lowered = to_lower(given);
  const std::string_view name = lowered;
  for (const auto& entry : rounding_names)
    if (entry.short_name == name || entry.long_name == name) return entry.mode;
  return std::nullopt;
}

std::string unknown_rounding_message(std::string_view name, bool allow_stochastic) {
  std::vector<std::string_view> names;
  for (Rounding known : all_deterministic_roundings) names.push_back(short_name(known));
  if (allow_stochastic) names.push_back(short_name(Rounding::Stochastic));
  return unknown_name_message("rounding mode", name, names);
}

std::string flag_letters(Flags flags) {
  std::string letters = "vzoux";
  const std::uint8_t order[] = {Flags::invalid, Flags::divide_by_zero, Flags::overflow,
                                Flags::underflow, Flags::inexact};
  for (int i = 0; i < 5; ++i)
    if (!flags.has(order[i])) letters[i] = '.';
  return letters;
}

std::string flag_names(Flags flags) {
  static constexpr std::pair<std::uint8_t, std::string_view> names[] = {
      {Flags::invalid, "invalid"},
      {Flags::divide_by_zero, "divide-by-zero"},
      {Flags::overflow, "overflow"},
      {Flags::underflow, "underflow"},
      {Flags::inexact, "inexact"}};
  std::string out;
  for (const auto& [flag, name] : names)
    if (flags.has(flag)) out += (out.empty() ? "" : ", ") + std::string(name);
  return out.empty() ? "none" : out;
}

std::string flag_legend() {
  return "flags vzoux: v invalid, z divide by zero, o overflow, u underflow, x inexact, . clear";
}

namespace detail {
void throw_missing_random_source() {
  throw std::invalid_argument(
      "stochastic rounding needs a StochasticSource (RoundingOptions::random)");
}
}  // namespace detail

}  // namespace fpx
