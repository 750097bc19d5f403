// fpx mma: the tensor-core model (include/fpx/tensor_core.hpp) as a batch
// interface. Each stdin line is `A_0 ... A_{K-1} B_0 ... B_{K-1} C` in hex bit
// patterns; each answer is D in hex. --explain shows the blocks of a line.
#include <array>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "common.hpp"
#include "fpx/decimal.hpp"
#include "fpx/exact_accumulator.hpp"
#include "fpx/operations.hpp"
#include "fpx/printing.hpp"
#include "fpx/tensor_core.hpp"

namespace fpx::cli {
namespace {

struct Settings {
  std::string arch;
  std::string in;
  std::string out = "f32";
  std::string instruction = "mma";
  int k = 0;
  bool explain = false;
  bool check = false;
  OutputOptions output;
};

constexpr const char* help_text =
    "Predict, bit for bit, what NVIDIA tensor cores return for D = C + sum_k A_k B_k.\n"
    "  stdin: one line per dot product, 'A_0 ... A_{K-1} B_0 ... B_{K-1} C' in hex bit\n"
    "  patterns (f16/bf16: 4 digits; tf32: 8, a binary32 container whose low 13 bits are\n"
    "  zero; e4m3/e5m2: 2; C in the output format); stdout: D in hex, one line each.\n"
    "  The model: blocks of B products plus the accumulator, aligned to the largest\n"
    "  nominal exponent E, each term truncated toward zero to F bits below 2^E, added\n"
    "  exactly, rounded toward zero to binary32 (nearest even to binary16); see\n"
    "  docs/tensor_cores.md. NaN operands, inf*0 and inf-inf give 7FFFFFFF (7FFF).\n"
    "Checked against H200 hardware (every line of tests/data/h200 reproduced):\n"
    "  h100/h200 --instruction mma, --out f32: f16 and bf16 (B=16, F=25), tf32 (B=4,\n"
    "  F=25), e4m3 and e5m2 (two fp16 MMAs split by (k div 2) parity, then C added in\n"
    "  binary32 round-to-nearest); torch.mm fp16/bf16 -> fp32 (the B=16 chain, K=64).\n"
    "From the papers (MMA-Sim, arXiv 2511.10909; Khattak and Mikaitis, arXiv\n"
    "  2512.07004), not checked here: v100 (f16, B=4, F=23), a100 (f16/bf16 B=8,\n"
    "  tf32 B=4, F=24), h100/h200 --instruction wgmma (f16/bf16 B=16; tf32 B=8; fp8\n"
    "  B=32, F=13, results kept to 13 fraction bits), b200 (as h100, fp8 native B=32\n"
    "  with F=25), and every --out f16 set.\n"
    "Example: fpx mma --arch h200 --in bf16 --k 2 <<< '3F80 3F80 3F80 3F80 3F800000'";

TensorCoreConfig config_from(const Settings& s) {
  TensorCoreConfig config;
  auto arch = parse_arch(s.arch);
  if (!arch) throw UsageError("unknown architecture '" + s.arch + "' (h100 h200 a100 v100 b200)");
  auto in = parse_input(s.in);
  if (!in) throw UsageError("unknown input format '" + s.in + "' (f16 bf16 tf32 e4m3 e5m2)");
  auto out = parse_output(s.out);
  if (!out) throw UsageError("unknown output format '" + s.out + "' (f32 f16)");
  auto instruction = parse_instruction(s.instruction);
  if (!instruction) throw UsageError("unknown instruction '" + s.instruction + "' (mma wgmma)");
  config = TensorCoreConfig{*arch, *instruction, *in, *out};
  if (!tensor_core_parameters(config))
    throw UsageError(std::string(arch_name(*arch)) + " has no " +
                     std::string(instruction_name(*instruction)) + " for " +
                     std::string(input_name(*in)) + " inputs");
  return config;
}

// Hex digit values, -1 for anything else.
constexpr std::array<std::int8_t, 256> hex_table = [] {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 10; ++i) t[std::size_t('0' + i)] = std::int8_t(i);
  for (int i = 0; i < 6; ++i) {
    t[std::size_t('A' + i)] = std::int8_t(10 + i);
    t[std::size_t('a' + i)] = std::int8_t(10 + i);
  }
  return t;
}();

inline bool is_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

// One line's fields, parsed. Returns an error message, or empty.
class LineParser {
 public:
  LineParser(const TensorCoreModel& model, std::size_t k, bool with_expected)
      : k_(k), with_expected_(with_expected), a_(k), b_(k) {
    tf32_ = model.config().input == TensorCoreInput::TF32;
    in_digits_ = tf32_ ? 8 : model.in().hex_digits();
    out_digits_ = model.out().hex_digits();
  }

  // Fields separated by spaces or tabs; `line` has no newline. Returns an
  // error message, or empty.
  std::string parse(std::string_view line) {
    const std::size_t expected = 2 * k_ + 1 + (with_expected_ ? 1 : 0);
    std::size_t field = 0;
    const char* p = line.data();
    const char* const end = p + line.size();
    while (true) {
      while (p < end && is_blank(*p)) ++p;
      if (p == end) break;
      const char* const begin = p;
      std::uint64_t value = 0;
      int bad = 0;
      for (; p < end && !is_blank(*p); ++p) {
        const int v = hex_table[static_cast<unsigned char>(*p)];
        bad |= v;  // negative if any digit is not hex
        value = (value << 4) | std::uint64_t(v & 15);
      }
      if (field >= expected) {
        ++field;
        continue;
      }
      const std::size_t length = std::size_t(p - begin);
      const bool is_input = field < 2 * k_;
      const int digits = is_input ? in_digits_ : out_digits_;
      if (bad < 0 || length != std::size_t(digits)) [[unlikely]]
        return field_error(field, std::string_view(begin, length), digits);
      if (is_input) {
        if (tf32_) {
          if (value & 0x1FFFu) [[unlikely]]
            return "field " + std::to_string(field + 1) + " '" + std::string(begin, length) +
                   "' is not TF32: its low 13 bits are set (round it to TF32 first)";
          value = *tf32_from_binary32_container(std::uint32_t(value));
        }
        (field < k_ ? a_[field] : b_[field - k_]) = value;
      } else if (field == 2 * k_) {
        c_ = value;
      } else {
        expected_d_ = value;
      }
      ++field;
    }
    if (field != expected) [[unlikely]]
      return "expected " + std::to_string(expected) + " fields (K = " + std::to_string(k_) +
             (with_expected_ ? ": 2K + 2 with the expected D" : ": 2K + 1") + "), got " +
             std::to_string(field);
    return {};
  }

  const std::vector<std::uint64_t>& a() const { return a_; }
  const std::vector<std::uint64_t>& b() const { return b_; }
  std::uint64_t c() const { return c_; }
  std::uint64_t expected_d() const { return expected_d_; }

 private:
  [[gnu::cold]] static std::string field_error(std::size_t field, std::string_view text,
                                               int digits) {
    for (char ch : text)
      if (hex_table[static_cast<unsigned char>(ch)] < 0)
        return "field " + std::to_string(field + 1) + " '" + std::string(text) + "' is not hex";
    return "field " + std::to_string(field + 1) + " '" + std::string(text) + "' has " +
           std::to_string(text.size()) + " hex digits, expected " + std::to_string(digits);
  }

  std::size_t k_;
  bool with_expected_;
  bool tf32_ = false;
  int in_digits_ = 4, out_digits_ = 8;
  std::vector<std::uint64_t> a_, b_;
  std::uint64_t c_ = 0, expected_d_ = 0;
};

void append_hex(std::string& out, std::uint64_t bits, int digits) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (int i = digits - 1; i >= 0; --i) out += hex[(bits >> (4 * i)) & 15];
}

std::string hex_of(std::uint64_t bits, int digits) {
  std::string s;
  append_hex(s, bits, digits);
  return s;
}

std::string describe(const Format& format, std::uint64_t bits) {
  return hex_of(bits, format.hex_digits()) + " = " + lecture_notation(format, bits) + " = " +
         shortest_decimal(format, bits);
}

std::string model_summary(const TensorCoreModel& model) {
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

// The exact value C + sum a_k b_k (every input widened exactly to binary32).
ExactAccumulator exact_sum(const TensorCoreModel& model, const LineParser& line) {
  ExactAccumulator exact(binary32);
  exact.add(convert(model.out(), binary32, line.c(), Rounding::NearestEven).bits);
  for (std::size_t k = 0; k < line.a().size(); ++k)
    exact.add_product(convert(model.in(), binary32, line.a()[k], Rounding::NearestEven).bits,
                      convert(model.in(), binary32, line.b()[k], Rounding::NearestEven).bits);
  return exact;
}

std::string exact_text(const ExactAccumulator& exact) {
  if (exact.is_nan()) return "nan";
  if (exact.is_infinite()) return "infinite";
  ExactNumber v = exact.value();
  return approximate_decimal(v.negative, v.numerator, v.denominator, v.binary_exponent, 17);
}

void print_explanation(std::ostream& os, const TensorCoreModel& model, const LineParser& line,
                       std::size_t line_number, bool color) {
  const TensorCoreExplanation e = explain(model, line.a(), line.b(), line.c());
  const Format& out = model.out();
  const int F = e.parameters.fraction_bits;
  os << paint("line " + std::to_string(line_number) + ": " + model_summary(model), Color::Heading,
              color)
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
  const ExactAccumulator exact = exact_sum(model, line);
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
}

nlohmann::json explanation_json(const TensorCoreModel& model, const LineParser& line,
                                std::size_t line_number) {
  const TensorCoreExplanation e = explain(model, line.a(), line.b(), line.c());
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
    b["result"] = hex_of(block.result, rf.hex_digits());
    blocks.push_back(b);
  }
  j["blocks"] = blocks;
  if (e.final_addition) j["final_addition"] = *e.final_addition;
  j["d"] = hex_of(e.result, out.hex_digits());
  j["correctly_rounded"] = hex_of(e.correctly_rounded, out.hex_digits());
  j["exact"] = exact_text(exact_sum(model, line));
  j["ulps_from_correct"] =
      e.ulps_from_correct ? nlohmann::json(*e.ulps_from_correct) : nlohmann::json();
  return j;
}

int run_mma(const Settings& settings) {
  const TensorCoreConfig config = config_from(settings);
  const TensorCoreModel model(config);
  if (settings.k < 0) throw UsageError("--k must be positive");
  const std::size_t k =
      settings.k > 0 ? std::size_t(settings.k) : std::size_t(model.parameters().instruction_k);
  const bool color = use_color(settings.output);
  LineParser parser(model, k, settings.check);
  const int out_digits = model.out().hex_digits();

  std::string output;
  output.reserve(1 << 20);
  auto flush = [&] {
    std::fwrite(output.data(), 1, output.size(), stdout);
    output.clear();
  };
  std::size_t line_number = 0, errors = 0, mismatches = 0, answered = 0;
  auto handle = [&](std::string_view line) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') return;  // blank or comment
    if (std::string message = parser.parse(line); !message.empty()) {
      flush();
      std::fflush(stdout);
      std::cerr << "fpx mma: line " << line_number << ": " << message << '\n';
      ++errors;
      return;
    }
    ++answered;
    const std::uint64_t d = model.compute(parser.a(), parser.b(), parser.c());
    const bool mismatch = settings.check && d != parser.expected_d();
    if (mismatch) ++mismatches;
    if (settings.explain) {
      flush();
      std::fflush(stdout);
      if (settings.output.json) {
        nlohmann::json j = explanation_json(model, parser, line_number);
        if (settings.check) {
          j["expected"] = hex_of(parser.expected_d(), out_digits);
          j["match"] = !mismatch;
        }
        std::cout << j.dump() << '\n';
      } else {
        if (answered > 1) std::cout << '\n';
        print_explanation(std::cout, model, parser, line_number, color);
        if (settings.check)
          std::cout << "expected (--check)  " << hex_of(parser.expected_d(), out_digits)
                    << (mismatch ? "  MISMATCH\n" : "  matches D\n");
      }
      std::cout.flush();
      return;
    }
    if (settings.output.json) {
      output += "{\"line\":" + std::to_string(line_number) + ",\"d\":\"";
      append_hex(output, d, out_digits);
      output += '"';
      if (settings.check) output += mismatch ? ",\"match\":false" : ",\"match\":true";
      output += "}\n";
    } else {
      append_hex(output, d, out_digits);
      if (settings.check) {
        output += mismatch ? " MISMATCH expected " : " ok";
        if (mismatch) append_hex(output, parser.expected_d(), out_digits);
      }
      output += '\n';
    }
    if (output.size() > (1 << 20) - 256) flush();
  };

  // Read stdin in large chunks and split lines by hand (fast enough for
  // millions of lines a second).
  std::vector<char> buffer(1 << 20);
  std::string carry;
  while (true) {
    const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), stdin);
    if (got == 0) break;
    std::string_view chunk(buffer.data(), got);
    std::size_t start = 0;
    while (true) {
      const std::size_t newline = chunk.find('\n', start);
      if (newline == std::string_view::npos) break;
      if (!carry.empty()) {
        carry.append(chunk.substr(start, newline - start));
        handle(carry);
        carry.clear();
      } else {
        handle(chunk.substr(start, newline - start));
      }
      start = newline + 1;
    }
    carry.append(chunk.substr(start));
  }
  if (!carry.empty()) handle(carry);
  flush();
  std::fflush(stdout);
  if (settings.check)
    std::cerr << "fpx mma: " << answered << " lines, " << mismatches << " mismatches\n";
  return errors || mismatches ? exit_data : 0;
}

}  // namespace

void register_mma(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<Settings>();
  CLI::App* command = app.add_subcommand("mma", help_text);
  command->add_option("--arch", settings->arch, "h100 h200 a100 v100 b200")->required();
  command->add_option("--in", settings->in, "Input format: f16 bf16 tf32 e4m3 e5m2")->required();
  command->add_option("--out", settings->out, "Output (C and D) format: f32 (default) or f16");
  command->add_option("--k", settings->k,
                      "Products per line (default: one instruction, 16 for f16/bf16, 8 for "
                      "tf32, 32 for fp8); larger K chains blocks in k order");
  command->add_option("--instruction", settings->instruction,
                      "mma (mma.sync/WMMA, default) or wgmma (Hopper)");
  command->add_flag("--explain", settings->explain,
                    "Show the aligned, truncated terms, the block sums and the error of each line");
  command->add_flag("--check", settings->check,
                    "Lines carry the expected D last (as tests/data/h200): report mismatches");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_mma(*settings); }; });
}

}  // namespace fpx::cli
