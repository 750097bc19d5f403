#include "fpx/explain/block_quantization_report.hpp"

#include <algorithm>

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

Rational exact_value(const ExactNumber& x) { return to_rational(x); }

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
      if (q.scale_is_nan(q.block_of(i)) || report.exact[i].kind != ExactNumber::Kind::Finite) {
        e["dequantized"] = "nan";
        any_nan = true;
      } else {
        const Rational dequantized = q.dequantized(i);
        const Rational input = exact_value(report.exact[i]);
        const Rational error = dequantized - input;
        e["dequantized"] = number_text(dequantized);
        e["error"] = number_text(error);
        if (input != 0) e["relative_error"] = decimal_string(error / input, 3);
        const Rational magnitude = error < 0 ? Rational(-error) : error;
        if (magnitude > largest_error) largest_error = magnitude;
      }
      s["elements"].push_back(e);
    }
    s["largest_error"] = number_text(largest_error);
    s["blocks_with_nan"] = any_nan;
    out["schemes"].push_back(s);
  }
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
