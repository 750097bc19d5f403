#include "fpx/explain/block_quantization_report.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "fpx/core/hex.hpp"
#include "fpx/explain/style.hpp"

namespace fpx {
namespace {

// Exact when short, else 6 significant digits.
std::string number_text(const Rational& value) {
  const std::string exact = decimal_string(value, 40);
  const std::string short_text = decimal_string(value, 6);
  return exact.size() <= 12 ? exact : short_text;
}

// Element i's dequantized value and its error against the exact input
// (nothing where the value or the input is NaN).
void add_value(nlohmann::json& e, const std::optional<Rational>& dequantized,
               const ExactNumber& exact, Rational& largest_error, bool& any_nan) {
  if (!dequantized || exact.kind != ExactNumber::Kind::Finite) {
    e["dequantized"] = "nan";
    any_nan = true;
    return;
  }
  const Rational input = to_rational(exact);
  const Rational error = *dequantized - input;
  e["dequantized"] = number_text(*dequantized);
  e["error"] = number_text(error);
  if (input != 0) e["relative_error"] = decimal_string(error / input, 3);
  const Rational magnitude = error < 0 ? Rational(-error) : error;
  if (magnitude > largest_error) largest_error = magnitude;
}

nlohmann::json integer_scheme_json(const IntegerQuantized& q,
                                   const std::vector<ExactNumber>& exact) {
  const IntegerScheme& scheme = *q.scheme;
  const Format& scale_format = scheme.block_size ? mx_e8m0 : binary32;
  nlohmann::json s;
  s["scheme"] = scheme.name;
  s["element_format"] = scheme.bits == 8 ? "int8" : "int4";
  s["scale_format"] = scale_format.name;
  s["block_size"] = scheme.block_size;
  if (scheme.affine) s["zero_point"] = q.zero_point;
  s["blocks"] = nlohmann::json::array();
  for (const std::uint64_t scale : q.scales) {
    nlohmann::json block;
    block["scale"] = hex_text(scale_format, scale);
    block["scale_value"] = classify(scale_format, scale) == FloatClass::QuietNaN
                               ? std::string("nan")
                               : number_text(to_rational(scale_format, scale));
    s["blocks"].push_back(block);
  }
  s["elements"] = nlohmann::json::array();
  Rational largest_error = 0;
  bool any_nan = false;
  const std::uint64_t mask = (std::uint64_t{1} << scheme.bits) - 1;
  for (std::size_t i = 0; i < q.elements.size(); ++i) {
    nlohmann::json e;
    e["hex"] = "0x" + hex_digits(std::uint64_t(q.elements[i]) & mask, scheme.bits / 4);
    std::optional<Rational> dequantized;
    try {
      dequantized = q.dequantized(i);
    } catch (const std::domain_error&) {
    }
    add_value(e, dequantized, exact[i], largest_error, any_nan);
    s["elements"].push_back(e);
  }
  s["largest_error"] = number_text(largest_error);
  s["blocks_with_nan"] = any_nan;
  return s;
}

}  // namespace

nlohmann::json block_quantization_json(const BlockQuantizationReport& report) {
  nlohmann::json out;
  out["rounding"] = short_name(report.rounding);
  out["inputs"] = report.inputs;
  out["schemes"] = nlohmann::json::array();
  for (const BlockQuantized& q : report.schemes) {
    const BlockScheme& scheme = *q.scheme;
    nlohmann::json s;
    s["scheme"] = scheme.name;
    s["element_format"] = scheme.element->name;
    s["scale_format"] = scheme.scale->name;
    s["block_size"] = scheme.block_size;
    if (scheme.tensor_scale) {
      s["tensor_scale"] = hex_text(binary32, q.tensor_scale);
      s["tensor_scale_value"] = number_text(to_rational(binary32, q.tensor_scale));
    }
    s["blocks"] = nlohmann::json::array();
    for (std::size_t b = 0; b < q.scales.size(); ++b) {
      nlohmann::json block;
      block["scale"] = hex_text(*scheme.scale, q.scales[b]);
      block["scale_value"] = q.scale_is_nan(b)
                                 ? std::string("nan")
                                 : number_text(to_rational(*scheme.scale, q.scales[b]));
      s["blocks"].push_back(block);
    }
    s["elements"] = nlohmann::json::array();
    Rational largest_error = 0;
    bool any_nan = false;
    for (std::size_t i = 0; i < q.elements.size(); ++i) {
      nlohmann::json e;
      e["hex"] = hex_text(*scheme.element, q.elements[i]);
      std::optional<Rational> dequantized;
      if (!q.scale_is_nan(q.block_of(i))) dequantized = q.dequantized(i);
      add_value(e, dequantized, report.exact[i], largest_error, any_nan);
      s["elements"].push_back(e);
    }
    s["largest_error"] = number_text(largest_error);
    s["blocks_with_nan"] = any_nan;
    out["schemes"].push_back(s);
  }
  for (const IntegerQuantized& q : report.integer_schemes)
    out["schemes"].push_back(integer_scheme_json(q, report.exact));
  return out;
}

std::string block_quantization_text(const nlohmann::json& report, bool color) {
  std::string out;
  const auto& schemes = report["schemes"];
  out += paint(fmt::format("quantize {} values, elements rounded {}", report["inputs"].size(),
                           report["rounding"].get<std::string>()),
               Color::Heading, color) +
         "\n";
  for (const auto& s : schemes) {
    const std::size_t block_size = s["block_size"].get<std::size_t>();
    append_format(out, "  {}: {} elements, {}, {} scale{}", s["scheme"].get<std::string>(),
                  s["element_format"].get<std::string>(),
                  block_size ? fmt::format("blocks of {}", block_size) : std::string("one block"),
                  s["scale_format"].get<std::string>(), block_size ? "s" : "");
    if (s.contains("tensor_scale"))
      append_format(out, ", tensor scale {} = {} (binary32)", s["tensor_scale"].get<std::string>(),
                    s["tensor_scale_value"].get<std::string>());
    out += "\n    block scales:";
    for (const auto& block : s["blocks"])
      append_format(out, " {} = {};", block["scale"].get<std::string>(),
                    block["scale_value"].get<std::string>());
    out.pop_back();
    out += "\n";
  }
  out += "\n";
  append_format(out, "{:>4}  {:<14}", "i", "input");
  // Each scheme's element column is as wide as its name.
  auto width = [](const nlohmann::json& s) {
    return std::max<std::size_t>(6, s["scheme"].get<std::string>().size());
  };
  for (const auto& s : schemes)
    append_format(out, "  {:<{}} {:<14} {:<12}", s["scheme"].get<std::string>(), width(s),
                  "dequantized", "error");
  out += "\n";
  const auto& inputs = report["inputs"];
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    append_format(out, "{:>4}  {:<14}", i, inputs[i].get<std::string>());
    for (const auto& s : schemes) {
      const auto& e = s["elements"][i];
      append_format(out, "  {:<{}} {:<14} {:<12}", e["hex"].get<std::string>(), width(s),
                    e["dequantized"].get<std::string>(),
                    e.contains("error") ? e["error"].get<std::string>() : std::string("-"));
    }
    out += "\n";
  }
  out += "largest |error|:";
  for (const auto& s : schemes)
    append_format(out, " {} {};", s["scheme"].get<std::string>(),
                  s["largest_error"].get<std::string>());
  out.pop_back();
  out +=
      "\nerror: the dequantized value (element x block scale x tensor scale) minus the exact "
      "input\n";
  return out;
}

}  // namespace fpx
