// fpx mma: the tensor-core model (include/fpx/tensor_core/model.hpp) as a batch
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

#include "fpx/core/decimal.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/text.hpp"
#include "fpx/explain/tensor_core_report.hpp"
#include "fpx/io/lines.hpp"
#include "fpx/tensor_core/model.hpp"
#include "fpx/tensor_core/operand_line.hpp"
#include "options.hpp"

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
    "  zero; e4m3/e5m2: 2; C in the output format; a 0x prefix is allowed), or numbers\n"
    "  (0.5, -3, 1e-3, 0x1.8p0; rounded to nearest into the format, counted on stderr);\n"
    "  stdout: D in hex, one line each.\n"
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
  if (!arch)
    throw UsageError(
        unknown_name_message("architecture", s.arch, {"h100", "h200", "a100", "v100", "b200"}));
  auto in = parse_input(s.in);
  if (!in)
    throw UsageError(
        unknown_name_message("input format", s.in, {"f16", "bf16", "tf32", "e4m3", "e5m2"}));
  auto out = parse_output(s.out);
  if (!out) throw UsageError(unknown_name_message("output format", s.out, {"f32", "f16"}));
  auto instruction = parse_instruction(s.instruction);
  if (!instruction)
    throw UsageError(unknown_name_message("instruction", s.instruction, {"mma", "wgmma"}));
  config = TensorCoreConfig{*arch, *instruction, *in, *out};
  if (!tensor_core_parameters(config))
    throw UsageError(std::string(arch_name(*arch)) + " has no " +
                     std::string(instruction_name(*instruction)) + " for " +
                     std::string(input_name(*in)) + " inputs");
  return config;
}

// Answers the lines of one run: D in hex (or JSON), or the explanation of
// each line; errors name the line.
class MmaRun {
 public:
  MmaRun(const Settings& settings, const TensorCoreModel& model, std::size_t k)
      : settings_(settings),
        model_(model),
        parser_(model, k, settings.check),
        out_digits_(model.out().hex_digits()),
        color_(use_color(settings.output)) {
    output_.reserve(1 << 20);
  }

  void handle(std::string_view line) {
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') return;  // blank or comment
    if (std::string message = parser_.parse(line); !message.empty()) {
      flush();
      std::cerr << "fpx mma: line " << line_number_ << ": " << message << '\n';
      ++errors_;
      return;
    }
    ++answered_;
    const std::uint64_t d = model_.compute(parser_.a(), parser_.b(), parser_.c());
    const bool mismatch = settings_.check && d != parser_.expected_d();
    if (mismatch) ++mismatches_;
    if (settings_.explain)
      explain(mismatch);
    else
      answer(d, mismatch);
  }

  int finish() {
    flush();
    if (parser_.numbers())
      std::cerr << "fpx mma: " << parser_.numbers() << " operand(s) given as numbers, "
                << parser_.inexact_numbers() << " of them changed by rounding to nearest into "
                << model_.in().name << " (C and D: " << model_.out().name << ")\n";
    if (settings_.check)
      std::cerr << "fpx mma: " << answered_ << " lines, " << mismatches_ << " mismatches\n";
    return errors_ || mismatches_ ? exit_data : 0;
  }

 private:
  void flush() {
    std::fwrite(output_.data(), 1, output_.size(), stdout);
    std::fflush(stdout);
    output_.clear();
  }

  void explain(bool mismatch) {
    flush();
    if (settings_.output.json) {
      nlohmann::json j =
          tensor_core_explanation_json(model_, parser_.a(), parser_.b(), parser_.c(), line_number_);
      if (settings_.check) {
        j["expected"] = hex_digits(parser_.expected_d(), out_digits_);
        j["match"] = !mismatch;
      }
      std::cout << j.dump() << '\n';
    } else {
      if (answered_ > 1) std::cout << '\n';
      std::cout << tensor_core_explanation_text(model_, parser_.a(), parser_.b(), parser_.c(),
                                                line_number_, color_);
      if (settings_.check)
        std::cout << "expected (--check)  " << hex_digits(parser_.expected_d(), out_digits_)
                  << (mismatch ? "  MISMATCH\n" : "  matches D\n");
    }
    std::cout.flush();
  }

  void answer(std::uint64_t d, bool mismatch) {
    if (settings_.output.json) {
      output_ += "{\"line\":" + std::to_string(line_number_) + ",\"d\":\"";
      append_hex_digits(output_, d, out_digits_);
      output_ += '"';
      if (settings_.check) output_ += mismatch ? ",\"match\":false" : ",\"match\":true";
      output_ += "}\n";
    } else {
      append_hex_digits(output_, d, out_digits_);
      if (settings_.check) {
        output_ += mismatch ? " MISMATCH expected " : " ok";
        if (mismatch) append_hex_digits(output_, parser_.expected_d(), out_digits_);
      }
      output_ += '\n';
    }
    if (output_.size() > (1 << 20) - 256) flush();
  }

  const Settings& settings_;
  const TensorCoreModel& model_;
  OperandLineParser parser_;
  int out_digits_;
  bool color_;
  std::string output_;
  std::size_t line_number_ = 0, errors_ = 0, mismatches_ = 0, answered_ = 0;
};

int run_mma(const Settings& settings) {
  const TensorCoreModel model(config_from(settings));
  const std::size_t k =
      settings.k > 0 ? std::size_t(settings.k) : std::size_t(model.parameters().instruction_k);
  MmaRun run(settings, model, k);
  for_each_line(stdin, "stdin", [&](std::string_view line) { run.handle(line); });
  return run.finish();
}

}  // namespace

void register_mma(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<Settings>();
  CLI::App* command = app.add_subcommand("mma", help_text);
  command->add_option("--arch", settings->arch, "h100 h200 a100 v100 b200")->required();
  command->add_option("--in", settings->in, "Input format: f16 bf16 tf32 e4m3 e5m2")->required();
  command->add_option("--out", settings->out, "Output (C and D) format: f32 (default) or f16");
  add_integer_option(command, "--k", settings->k, 1, 1 << 20,
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
