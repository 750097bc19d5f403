// fpx assoc [A B C]: (A + B) + C against A + (B + C), bit under bit.
#include "assoc.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "common.hpp"
#include "exact_result.hpp"
#include "fpx/operations.hpp"
#include "fpx/printing.hpp"

namespace fpx::cli {
namespace {

struct AssocSettings {
  std::vector<std::string> terms;
  std::string format = "binary32";
  std::string rounding = "rne";
  bool raw = false;
  OutputOptions output;
};

// `line` with the characters that differ from `other` painted.
std::string mark_differences(const std::string& line, const std::string& other, bool color) {
  if (!color || line.size() != other.size()) return line;
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i)
    out += line[i] == other[i] ? std::string(1, line[i])
                               : paint(std::string(1, line[i]), Color::Differ, true);
  return out;
}

std::string caret_line(const std::string& left, const std::string& right) {
  if (left.size() != right.size()) return "";
  std::string marks(left.size(), ' ');
  for (std::size_t i = 0; i < left.size(); ++i)
    if (left[i] != right[i]) marks[i] = '^';
  while (!marks.empty() && marks.back() == ' ') marks.pop_back();
  return marks;
}

int run_assoc(const AssocSettings& settings) {
  const Format& format = require_format(settings.format);
  const Rounding mode = require_rounding(settings.rounding);
  AssocTerms terms = lecture_assoc_terms(format);
  if (!settings.terms.empty()) {
    if (settings.terms.size() != 3)
      throw UsageError("assoc needs three values A B C (or none for the lecture's), got " +
                       std::to_string(settings.terms.size()));
    terms.a = read_value(format, settings.terms[0], settings.raw, mode).rounded.bits;
    terms.b = read_value(format, settings.terms[1], settings.raw, mode).rounded.bits;
    terms.c = read_value(format, settings.terms[2], settings.raw, mode).rounded.bits;
  }
  nlohmann::json json =
      explain_assoc(format, terms, mode, settings.output.json, use_color(settings.output));
  if (settings.output.json) std::cout << json.dump(2) << '\n';
  return 0;
}

}  // namespace

AssocTerms lecture_assoc_terms(const Format& format) {
  auto one_ulp_above = [&](int exponent) {
    return (std::uint64_t(exponent + format.bias) << format.fraction_bits()) | 1;
  };
  return AssocTerms{one_ulp_above(1), one_ulp_above(0), one_ulp_above(3)};
}

nlohmann::json explain_assoc(const Format& format, const AssocTerms& terms, Rounding mode,
                             bool json, bool color) {
  const Rounded a_plus_b = add(format, terms.a, terms.b, mode);
  const Rounded left = add(format, a_plus_b.bits, terms.c, mode);
  const Rounded b_plus_c = add(format, terms.b, terms.c, mode);
  const Rounded right = add(format, terms.a, b_plus_c.bits, mode);
  const ExactBinary exact = exact_sum(format, {terms.a, terms.b, terms.c});
  const std::string rn = short_name(mode) == "rne" ? "rn" : std::string(short_name(mode));

  auto value_json = [&](std::uint64_t bits) {
    return nlohmann::json{{"hex", hex_text(format, bits)},
                          {"lecture", lecture_notation(format, bits)},
                          {"exact", exact_decimal(format, bits)}};
  };
  // A sum with its error against the exact sum.
  auto result_json = [&](std::uint64_t bits) {
    nlohmann::json out = value_json(bits);
    if (exact.finite && classify(format, bits) != FloatClass::Infinity &&
        classify(format, bits) != FloatClass::QuietNaN)
      out["error_ulps"] =
          in_ulps(format, bits, difference(exact_number(format, bits), exact.value), 4);
    return out;
  };
  nlohmann::json out;
  out["format"] = format.name;
  out["rounding"] = short_name(mode);
  out["a"] = value_json(terms.a);
  out["b"] = value_json(terms.b);
  out["c"] = value_json(terms.c);
  const Rounded correctly_rounded = round_number(format, exact.value, mode);
  out["exact"] = {{"lecture", exact_lecture_notation(format, exact)},
                  {"hex", hex_text(format, correctly_rounded.bits)},
                  {"note", "hex is the exact sum rounded once"}};
  out["left"] = result_json(left.bits);
  out["right"] = result_json(right.bits);
  out["differ"] = left.bits != right.bits;
  if (json) return out;

  const std::string left_text = lecture_notation(format, left.bits),
                    right_text = lecture_notation(format, right.bits);
  const std::string left_label = rn + "(" + rn + "(A + B) + C)",
                    right_label = rn + "(A + " + rn + "(B + C))";
  const std::size_t width = left_label.size();
  auto term_line = [&](const char* name, std::uint64_t bits) {
    fmt::print("  {:<{}} = {:<36} {}\n", name, width, lecture_notation(format, bits),
               hex_text(format, bits));
  };
  fmt::print("{} in {}, rounding {}\n", paint("A + B + C", Color::Heading, color), format.name,
             long_name(mode));
  term_line("A", terms.a);
  term_line("B", terms.b);
  term_line("C", terms.c);
  fmt::print("\n  {:<{}} = {}   (exact)\n", "A + B + C", width,
             exact_lecture_notation(format, exact));
  fmt::print("  {:<{}} = {:<36} {}  error {} ulp\n", left_label, width,
             mark_differences(left_text, right_text, color), hex_text(format, left.bits),
             out["left"].value("error_ulps", "-"));
  fmt::print("  {:<{}} = {:<36} {}  error {} ulp\n", right_label, width,
             mark_differences(right_text, left_text, color), hex_text(format, right.bits),
             out["right"].value("error_ulps", "-"));
  const std::string carets = caret_line(left_text, right_text);
  if (!carets.empty() && carets.find('^') != std::string::npos)
    fmt::print("  {}   {}\n", std::string(width, ' '), paint(carets, Color::Differ, color));
  if (left.bits != right.bits)
    fmt::print("  The two orders give different {} results: rounding matters.\n", format.name);
  else
    fmt::print("  Both orders give the same {} result here.\n", format.name);
  return out;
}

void register_assoc(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<AssocSettings>();
  CLI::App* command = app.add_subcommand("assoc",
                                         "Show that (A + B) + C and A + (B + C) round differently; "
                                         "without values, the lecture's A, B, C.\n"
                                         "Example: fpx assoc 0.1 0.2 0.3 --format binary32");
  command->add_option("terms", settings->terms, "A B C: numbers, or bit patterns with --raw");
  command->add_option("--format", settings->format, "Format name");
  command->add_option("--round", settings->rounding, "rn() in this mode: rne rna rtz rup rdn rto");
  command->add_flag("--raw", settings->raw, "Values are hex bit patterns");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_assoc(*settings); }; });
}

}  // namespace fpx::cli
