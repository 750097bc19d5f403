// The tensor-core operand lines of fpx mma (OperandLineParser) for each
// supported configuration, with and without the expected D, and the model
// on every line that parses. Invariant: D fits the output format.
#include <string>
#include <vector>

#include "fpx/tensor_core/model.hpp"
#include "fpx/tensor_core/operand_line.hpp"
#include "fuzz_check.hpp"

using namespace fpx;

namespace {

std::vector<TensorCoreConfig> supported_configurations() {
  std::vector<TensorCoreConfig> out;
  for (auto arch : {TensorCoreArch::V100, TensorCoreArch::A100, TensorCoreArch::H100,
                    TensorCoreArch::H200, TensorCoreArch::B200})
    for (auto instruction : {TensorCoreInstruction::Mma, TensorCoreInstruction::Wgmma})
      for (auto input : {TensorCoreInput::F16, TensorCoreInput::BF16, TensorCoreInput::TF32,
                         TensorCoreInput::E4M3, TensorCoreInput::E5M2})
        for (auto output : {TensorCoreOutput::F32, TensorCoreOutput::F16}) {
          const TensorCoreConfig config{arch, instruction, input, output};
          if (tensor_core_parameters(config)) out.push_back(config);
        }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<TensorCoreConfig> configurations = supported_configurations();
  const fuzz::Input input = fuzz::split_choice(data, size);
  const TensorCoreConfig& config = configurations[input.choice % configurations.size()];
  const bool with_expected = (input.choice / configurations.size()) % 2 == 1;
  const TensorCoreModel model(config);
  // K from 1 to 4 keeps lines short enough for the fuzzer to fill.
  const std::size_t k = 1 + (input.choice >> 6);
  OperandLineParser parser(model, k, with_expected);
  std::size_t start = 0;
  const std::string_view text = input.text;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (parser.parse(text.substr(start, end - start)).empty()) {
      const std::uint64_t d = model.compute(parser.a(), parser.b(), parser.c());
      FUZZ_CHECK(model.out().width() == 64 || d >> model.out().width() == 0);
    }
    start = end + 1;
  }
  FUZZ_CHECK(parser.inexact_numbers() <= parser.numbers());
  return 0;
}
