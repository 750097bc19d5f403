// fpx bits VALUE: the encoding of a value, field by field.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "common.hpp"
#include "fpx/printing.hpp"

namespace fpx::cli {
namespace {

struct BitsSettings {
  std::string value;
  std::string format = "binary32";
  std::string rounding = "rne";
  bool raw = false;
  OutputOptions output;
};

std::string colored_fields(const Format& format, std::uint64_t bits, bool color) {
  const std::string split = field_split(format, bits);  // "S | EEE | FFF"
  const auto first = split.find(" | "), second = split.find(" | ", first + 3);
  return paint(split.substr(0, first), Color::Sign, color) + " | " +
         paint(split.substr(first + 3, second - first - 3), Color::Exponent, color) + " | " +
         paint(split.substr(second + 3), Color::Fraction, color);
}

nlohmann::json neighbour_json(const Format& format, std::uint64_t bits) {
  return nlohmann::json{{"hex", hex_text(format, bits)},
                        {"lecture", lecture_notation(format, bits)},
                        {"shortest", shortest_decimal(format, bits)},
                        {"exact", exact_decimal(format, bits)}};
}

nlohmann::json bits_json(const Format& format, const InputValue& input) {
  const std::uint64_t bits = input.rounded.bits;
  nlohmann::json out = describe_json(format, bits);
  out["input"] = input.text;
  out["flags"] = flag_letters(input.rounded.flags);
  out["ulp"] = neighbour_json(format, unit_in_last_place(format, bits));
  out["next_up"] = neighbour_json(format, next_up(format, bits));
  out["next_down"] = neighbour_json(format, next_down(format, bits));
  if (input.exact) {
    ConversionError error = conversion_error(format, bits, *input.exact);
    out["error_ulps"] = error.ulps.empty() ? nlohmann::json() : nlohmann::json(error.ulps);
    out["error_relative"] =
        error.relative.empty() ? nlohmann::json() : nlohmann::json(error.relative);
  }
  return out;
}

void print_one(const Format& format, const InputValue& input, Rounding mode, bool color) {
  const std::uint64_t bits = input.rounded.bits;
  auto row = [](const char* label, const std::string& text) {
    fmt::print("  {:<10} {}\n", label, text);
  };
  fmt::print("{} {}\n", paint(std::string(format.name), Color::Heading, color), input.text);
  row("hex", hex_text(format, bits));
  row("fields", colored_fields(format, bits, color) + "   (sign | exponent | fraction)");
  row("lecture", lecture_notation(format, bits));
  row("exact", exact_decimal(format, bits));
  row("shortest", shortest_decimal(format, bits));
  row("class", std::string(class_name(classify(format, bits))));
  const std::uint64_t ulp = unit_in_last_place(format, bits);
  row("ulp", shortest_decimal(format, ulp) + "  (" + hex_text(format, ulp) + ")");
  const std::uint64_t down = next_down(format, bits), up = next_up(format, bits);
  row("next down", hex_text(format, down) + "  " + shortest_decimal(format, down));
  row("next up", hex_text(format, up) + "  " + shortest_decimal(format, up));
  if (input.exact) {
    ConversionError error = conversion_error(format, bits, *input.exact);
    std::string flags = flag_letters(input.rounded.flags);
    if (error.ulps.empty())
      row("rounding", fmt::format("{} (flags {})", long_name(mode), flags));
    else
      row("rounding", fmt::format("{}: error {} ulp, relative {} (flags {})", long_name(mode),
                                  error.ulps, error.relative, flags));
  }
}

void print_table(const std::vector<std::pair<const Format*, InputValue>>& rows) {
  fmt::print("{:<9} {:<20} {:<26} {:<12} {}\n", "format", "hex", "value", "error ulp", "lecture");
  for (const auto& [format, input] : rows) {
    const std::uint64_t bits = input.rounded.bits;
    std::string error = input.exact ? conversion_error(*format, bits, *input.exact).ulps : "";
    fmt::print("{:<9} {:<20} {:<26} {:<12} {}\n", format->name, hex_text(*format, bits),
               shortest_decimal(*format, bits), error.empty() ? "-" : error,
               lecture_notation(*format, bits));
  }
}

int run_bits(const BitsSettings& settings) {
  const Rounding mode = require_rounding(settings.rounding);
  const bool color = use_color(settings.output);
  std::vector<const Format*> formats;
  if (settings.format == "all") {
    if (settings.raw) throw UsageError("--raw needs one --format, not all");
    for (const Format* format : all_formats())
      if (format->overflow == OverflowPolicy::Ieee) formats.push_back(format);
  } else {
    formats.push_back(&require_format(settings.format));
  }
  std::vector<std::pair<const Format*, InputValue>> rows;
  for (const Format* format : formats)
    rows.emplace_back(format, read_value(*format, settings.value, settings.raw, mode));
  if (settings.output.json) {
    if (formats.size() == 1) {
      std::cout << bits_json(*rows[0].first, rows[0].second).dump(2) << '\n';
    } else {
      nlohmann::json all = nlohmann::json::array();
      for (const auto& [format, input] : rows) all.push_back(bits_json(*format, input));
      std::cout << all.dump(2) << '\n';
    }
    return 0;
  }
  if (formats.size() == 1)
    print_one(*rows[0].first, rows[0].second, mode, color);
  else
    print_table(rows);
  return 0;
}

}  // namespace

void register_bits(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<BitsSettings>();
  CLI::App* command =
      app.add_subcommand("bits",
                         "Show the encoding of a value: fields, lecture notation, exact value, "
                         "neighbours, rounding error.\n"
                         "Example: fpx bits 0.1 --format all");
  command
      ->add_option(
          "value", settings->value,
          "0.1, -1e-45, 2/3, 0x1.8p-3, inf, nan, bits:0 01111110 0101..., or with --raw 0x3F2AAAAB")
      ->required();
  command->add_option("--format", settings->format, "Format name, or 'all'");
  command->add_option("--round", settings->rounding,
                      "Rounding of the input: rne rna rtz rup rdn rto");
  command->add_flag("--raw", settings->raw, "VALUE is a hex bit pattern");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_bits(*settings); }; });
}

}  // namespace fpx::cli
