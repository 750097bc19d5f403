// Tensor-core explanations as text and JSON
// (include/fpx/explain/tensor_core_report.hpp).
#include "fpx/explain/tensor_core_report.hpp"

#include <sstream>

#include "fpx/core/decimal.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/printing.hpp"
#include "fpx/explain/style.hpp"
#include "fpx/summation/exact_accumulator.hpp"
#include "fpx/tensor_core/explanation.hpp"

namespace fpx {
namespace {

std::string describe(const Format& format, std::uint64_t bits) {
  return hex_digits(bits, format.hex_digits()) + " = " + lecture_notation(format, bits) + " = " +
         shortest_decimal(format, bits);
}

// The exact value C + sum a_k b_k (every input widened exactly to binary32).
ExactAccumulator exact_sum(const TensorCoreModel& model, std::span<const std::uint64_t> a,
                           std::span<const std::uint64_t> b, std::uint64_t c) {
  ExactAccumulator exact(binary32);
  exact.add(convert(model.out(), binary32, c, Rounding::NearestEven).bits);
  for (std::size_t k = 0; k < a.size(); ++k)
    exact.add_product(convert(model.in(), binary32, a[k], Rounding::NearestEven).bits,
                      convert(model.in(), binary32, b[k], Rounding::NearestEven).bits);
  return exact;
}

std::string exact_text(const ExactAccumulator& exact) {
  if (exact.is_nan()) return "nan";
  if (exact.is_infinite()) return "infinite";
  ExactNumber v = exact.value();
  return approximate_decimal(v.negative, v.numerator, v.denominator, v.binary_exponent, 17);
}

}  // namespace

std::string tensor_core_model_summary(const TensorCoreModel& model) {
  const TensorCoreConfig& c = model.config();
  const TensorCoreParameters& p = model.parameters();
  std::string s =
      std::string(arch_name(c.arch)) + " " + std::string(instruction_name(c.instruction)) + ", " +
      std::string(input_name(c.input)) + " -> " + std::string(output_name(c.output)) + ": ";
  if (p.fp8_split)
    s += "fp8 widened to fp16, two fp16 MMAs (B = 16, F = " + std::to_string(p.fraction_bits) +
         ") split by (k div 2) parity, then C added rounding to nearest even";
  else
    s += "blocks of B = " + std::to_string(p.block_size) +
         " products plus the accumulator, F = " + std::to_string(p.fraction_bits) +
         " fraction bits kept below 2^E";
  s += c.output == TensorCoreOutput::F16 ? "; block results rounded to nearest even (binary16)"
       : p.output_fraction_bits == 13    ? "; block results truncated to 13 fraction bits"
                                         : "; block results rounded toward zero (binary32)";
  s += "\n  (" + std::string(p.source) + ")";
  return s;
}

std::string tensor_core_explanation_text(const TensorCoreModel& model,
                                         std::span<const std::uint64_t> a,
                                         std::span<const std::uint64_t> b, std::uint64_t c,
                                         std::size_t line_number, bool color) {
  std::ostringstream os;
  const TensorCoreExplanation e = explain(model, a, b, c);
  const Format& out = model.out();
  const int F = e.parameters.fraction_bits;
  os << paint("line " + std::to_string(line_number) + ": " + tensor_core_model_summary(model),
              Color::Heading, color)
     << '\n';
  if (e.special) {
    os << "a NaN or infinite operand (or inf*0, inf-inf): no blocks; D = "
       << describe(out, e.result) << '\n';
  }
  for (const TensorCoreBlock& block : e.blocks) {
    os << '\n' << paint(block.label, Color::Heading, color);
    if (!block.has_exponent) {
      os << ": every term is zero, result +0\n";
      continue;
    }
    os << ": E = " << block.exponent << ", cut '|' at 2^" << (block.exponent - F) << '\n';
    for (const TensorCoreTerm& t : block.terms) {
      std::string label = t.label;
      label.resize(std::max<std::size_t>(label.size(), 9), ' ');
      os << "  " << label << ' ';
      if (t.zero) {
        os << "  0 (zero: no part in E)\n";
        continue;
      }
      os << (t.negative ? '-' : '+') << ' ';
      const auto cut = t.aligned.find('|');
      if (cut == std::string::npos) {
        os << t.aligned;
      } else {
        os << t.aligned.substr(0, cut) << paint(t.aligned.substr(cut), Color::Cut, color);
      }
      os << "  (2^" << t.nominal_exponent << (t.truncated ? ", truncated" : "") << ")\n";
    }
    std::string label = "sum";
    label.resize(9, ' ');
    os << "  " << label << ' ' << (block.sum_units < 0 ? '-' : '+') << ' ' << block.sum_binary
       << "  (exact sum of the kept terms)\n";
    const Format& rf = block.result_format ? *block.result_format : out;
    os << "  -> " << describe(rf, block.result) << '\n';
  }
  if (e.final_addition) os << "\nC added: " << *e.final_addition << '\n';
  const ExactAccumulator exact = exact_sum(model, a, b, c);
  os << '\n'
     << paint("D                   ", Color::Heading, color) << describe(out, e.result) << '\n';
  os << "correctly rounded   " << describe(out, e.correctly_rounded) << '\n';
  os << "exact C + sum A*B   " << exact_text(exact) << '\n';
  if (e.ulps_from_correct) {
    const std::int64_t d = *e.ulps_from_correct;
    if (d == 0) {
      os << "D is the correctly rounded result\n";
    } else {
      os << paint("D differs from the correctly rounded result by " +
                      std::string(d > 0 ? "+" : "") + std::to_string(d) + " unit" +
                      (d == 1 || d == -1 ? "" : "s") + " in the last place",
                  Color::Differ, color)
         << '\n';
    }
  }
  return os.str();
}

nlohmann::json tensor_core_explanation_json(const TensorCoreModel& model,
                                            std::span<const std::uint64_t> a,
                                            std::span<const std::uint64_t> b, std::uint64_t c,
                                            std::size_t line_number) {
  const TensorCoreExplanation e = explain(model, a, b, c);
  const Format& out = model.out();
  nlohmann::json j;
  j["line"] = line_number;
  j["arch"] = arch_name(e.config.arch);
  j["instruction"] = instruction_name(e.config.instruction);
  j["in"] = input_name(e.config.input);
  j["out"] = output_name(e.config.output);
  j["block_size"] = e.parameters.block_size;
  j["fraction_bits"] = e.parameters.fraction_bits;
  j["output_fraction_bits"] = e.parameters.output_fraction_bits;
  j["fp8_split"] = e.parameters.fp8_split;
  j["checked_on_hardware"] = e.parameters.checked_on_hardware;
  j["source"] = e.parameters.source;
  j["special"] = e.special;
  nlohmann::json blocks = nlohmann::json::array();
  for (const TensorCoreBlock& block : e.blocks) {
    nlohmann::json b;
    b["label"] = block.label;
    b["exponent"] = block.has_exponent ? nlohmann::json(block.exponent) : nlohmann::json();
    nlohmann::json terms = nlohmann::json::array();
    for (const TensorCoreTerm& t : block.terms)
      terms.push_back({{"label", t.label},
                       {"negative", t.negative},
                       {"zero", t.zero},
                       {"nominal_exponent", t.nominal_exponent},
                       {"aligned", t.aligned},
                       {"truncated", t.truncated},
                       {"kept_units", t.kept_units}});
    b["terms"] = terms;
    b["sum"] = block.sum_binary;
    b["sum_units"] = block.sum_units;
    const Format& rf = block.result_format ? *block.result_format : out;
    b["result"] = hex_digits(block.result, rf.hex_digits());
    blocks.push_back(b);
  }
  j["blocks"] = blocks;
  if (e.final_addition) j["final_addition"] = *e.final_addition;
  j["d"] = hex_digits(e.result, out.hex_digits());
  j["correctly_rounded"] = hex_digits(e.correctly_rounded, out.hex_digits());
  j["exact"] = exact_text(exact_sum(model, a, b, c));
  j["ulps_from_correct"] =
      e.ulps_from_correct ? nlohmann::json(*e.ulps_from_correct) : nlohmann::json();
  return j;
}

}  // namespace fpx
