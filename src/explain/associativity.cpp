// The associativity example (include/fpx/explain/associativity.hpp).
#include "fpx/explain/associativity.hpp"

#include "fpx/core/decimal.hpp"
#include "fpx/core/exact_error.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/printing.hpp"
#include "fpx/explain/style.hpp"

namespace fpx {
namespace {

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

nlohmann::json value_json(const Format& format, std::uint64_t bits) {
  return nlohmann::json{{"hex", hex_text(format, bits)},
                        {"lecture", lecture_notation(format, bits)},
                        {"exact", exact_decimal(format, bits)}};
}

// A sum with its error against the exact sum.
nlohmann::json result_json(const AssociativityExplanation& e, std::uint64_t bits) {
  const Format& format = *e.format;
  nlohmann::json out = value_json(format, bits);
  if (e.exact.finite && classify(format, bits) != FloatClass::Infinity &&
      classify(format, bits) != FloatClass::QuietNaN) {
    const ExactNumber error = difference(exact_number(format, bits), e.exact.value);
    out["error_ulps"] = ulps_of_exact(format, e.exact.value, error, 4);
    out["relative_error"] = relative_text(e.exact.value, error, 3);
  }
  return out;
}

}  // namespace

AssociativityTerms lecture_associativity_terms(const Format& format) {
  auto one_ulp_above = [&](int exponent) {
    return (std::uint64_t(exponent + format.bias) << format.fraction_bits()) | 1;
  };
  return AssociativityTerms{one_ulp_above(1), one_ulp_above(0), one_ulp_above(3)};
}

AssociativityExplanation explain_associativity(const Format& format,
                                               const AssociativityTerms& terms, Rounding mode) {
  AssociativityExplanation e;
  e.format = &format;
  e.mode = mode;
  e.terms = terms;
  const Rounded a_plus_b = add(format, terms.a, terms.b, mode);
  e.left = add(format, a_plus_b.bits, terms.c, mode);
  const Rounded b_plus_c = add(format, terms.b, terms.c, mode);
  e.right = add(format, terms.a, b_plus_c.bits, mode);
  e.exact = exact_sum(format, {terms.a, terms.b, terms.c});
  if (e.exact.nan)
    e.correctly_rounded = Rounded{format.default_nan_bits(), Flags{Flags::invalid}};
  else if (e.exact.infinite)
    e.correctly_rounded = Rounded{
        format.has_infinity() ? (e.exact.negative ? format.sign_mask() : 0) | format.infinity_bits()
                              : format.default_nan_bits(),
        {}};
  else
    e.correctly_rounded = round_number(format, e.exact.value, mode);
  return e;
}

nlohmann::json associativity_json(const AssociativityExplanation& e) {
  const Format& format = *e.format;
  nlohmann::json out;
  out["format"] = format.name;
  out["rounding"] = short_name(e.mode);
  out["a"] = value_json(format, e.terms.a);
  out["b"] = value_json(format, e.terms.b);
  out["c"] = value_json(format, e.terms.c);
  out["exact"] = {{"lecture", exact_lecture_notation(format, e.exact)},
                  {"hex", hex_text(format, e.correctly_rounded.bits)},
                  {"note", "hex is the exact sum rounded once"}};
  out["left"] = result_json(e, e.left.bits);
  out["right"] = result_json(e, e.right.bits);
  out["differ"] = e.left.bits != e.right.bits;
  return out;
}

std::string associativity_text(const AssociativityExplanation& e, bool color) {
  const Format& format = *e.format;
  const nlohmann::json json = associativity_json(e);
  const std::string rn = short_name(e.mode) == "rne" ? "rn" : std::string(short_name(e.mode));
  const std::string left_text = lecture_notation(format, e.left.bits),
                    right_text = lecture_notation(format, e.right.bits);
  const std::string left_label = rn + "(" + rn + "(A + B) + C)",
                    right_label = rn + "(A + " + rn + "(B + C))";
  const std::size_t width = left_label.size();
  std::string out;
  auto term_line = [&](const char* name, std::uint64_t bits) {
    append_format(out, "  {:<{}} = {:<36} {}\n", name, width, lecture_notation(format, bits),
                  hex_text(format, bits));
  };
  append_format(out, "{} in {}, rounding {}\n", paint("A + B + C", Color::Heading, color),
                format.name, long_name(e.mode));
  term_line("A", e.terms.a);
  term_line("B", e.terms.b);
  term_line("C", e.terms.c);
  append_format(out, "\n  {:<{}} = {}   (exact)\n", "A + B + C", width,
                exact_lecture_notation(format, e.exact));
  append_format(out, "  {:<{}} = {} {}  error {} ulp, relative {}\n", left_label, width,
                pad_visible(mark_differences(left_text, right_text, color), 36),
                hex_text(format, e.left.bits), json["left"].value("error_ulps", "-"),
                json["left"].value("relative_error", "-"));
  append_format(out, "  {:<{}} = {} {}  error {} ulp, relative {}\n", right_label, width,
                pad_visible(mark_differences(right_text, left_text, color), 36),
                hex_text(format, e.right.bits), json["right"].value("error_ulps", "-"),
                json["right"].value("relative_error", "-"));
  const std::string carets = caret_line(left_text, right_text);
  if (!carets.empty() && carets.find('^') != std::string::npos)
    append_format(out, "  {}   {}\n", std::string(width, ' '), paint(carets, Color::Differ, color));
  if (!e.exact.finite)
    append_format(out, "  The exact sum is {}: {}.\n", exact_lecture_notation(format, e.exact),
                  e.exact.nan ? "inf - inf or a NaN term is invalid (IEEE 754-2019 7.2)"
                              : "arithmetic on infinities is exact (IEEE 754-2019 6.1)");
  if (e.left.bits != e.right.bits)
    append_format(out, "  The two orders give different {} results: rounding matters.\n",
                  format.name);
  else
    append_format(out, "  Both orders give the same {} result here.\n", format.name);
  return out;
}

std::string associativities_text(const std::vector<AssociativityExplanation>& explanations,
                                 bool color) {
  std::string out;
  const std::string rn = short_name(explanations.front().mode) == "rne"
                             ? "rn"
                             : std::string(short_name(explanations.front().mode));
  append_format(out, "{} in {} formats, rounding {}\n", paint("A + B + C", Color::Heading, color),
                explanations.size(), long_name(explanations.front().mode));
  append_format(out, "  {:<9} {:<20} {:>11} {:>10}  {:<20} {:>11} {:>10}  {}\n", "format",
                rn + "(" + rn + "(A+B)+C)", "error ulp", "relative", rn + "(A+" + rn + "(B+C))",
                "error ulp", "relative", "differ");
  for (const AssociativityExplanation& e : explanations) {
    const nlohmann::json json = associativity_json(e);
    append_format(out, "  {:<9} {:<20} {:>11} {:>10}  {:<20} {:>11} {:>10}  {}\n", e.format->name,
                  hex_text(*e.format, e.left.bits), json["left"].value("error_ulps", "-"),
                  json["left"].value("relative_error", "-"), hex_text(*e.format, e.right.bits),
                  json["right"].value("error_ulps", "-"),
                  json["right"].value("relative_error", "-"),
                  e.left.bits != e.right.bits ? "yes" : "no");
  }
  out += "  errors in ulps of the exact sum A + B + C in each format\n";
  return out;
}

}  // namespace fpx
