// Tensor-core architectures, formats and parameters
// (include/fpx/tensor_core/configuration.hpp).
#include "fpx/tensor_core/configuration.hpp"

#include "fpx/core/text.hpp"

namespace fpx {
namespace {

constexpr std::string_view source_h200 = "checked against H200 hardware (tests/data/h200)";
constexpr std::string_view source_papers =
    "published models: MMA-Sim (arXiv 2511.10909), Khattak and Mikaitis (arXiv 2512.07004)";

}  // namespace

std::string_view arch_name(TensorCoreArch arch) {
  switch (arch) {
    case TensorCoreArch::V100: return "v100";
    case TensorCoreArch::A100: return "a100";
    case TensorCoreArch::H100: return "h100";
    case TensorCoreArch::H200: return "h200";
    case TensorCoreArch::B200: return "b200";
  }
  return "?";
}
std::string_view instruction_name(TensorCoreInstruction instruction) {
  return instruction == TensorCoreInstruction::Mma ? "mma" : "wgmma";
}
std::string_view input_name(TensorCoreInput input) {
  switch (input) {
    case TensorCoreInput::F16: return "f16";
    case TensorCoreInput::BF16: return "bf16";
    case TensorCoreInput::TF32: return "tf32";
    case TensorCoreInput::E4M3: return "e4m3";
    case TensorCoreInput::E5M2: return "e5m2";
  }
  return "?";
}
std::string_view output_name(TensorCoreOutput output) {
  return output == TensorCoreOutput::F32 ? "f32" : "f16";
}

std::optional<TensorCoreArch> parse_arch(std::string_view given) {
  // Names are case-insensitive.
  const std::string lowered = to_lower(given);
  const std::string_view name = lowered;
  for (auto arch : {TensorCoreArch::V100, TensorCoreArch::A100, TensorCoreArch::H100,
                    TensorCoreArch::H200, TensorCoreArch::B200})
    if (name == arch_name(arch)) return arch;
  return std::nullopt;
}
std::optional<TensorCoreInstruction> parse_instruction(std::string_view given) {
  // Names are case-insensitive.
  const std::string lowered = to_lower(given);
  const std::string_view name = lowered;
  if (name == "mma" || name == "mma.sync" || name == "wmma") return TensorCoreInstruction::Mma;
  if (name == "wgmma") return TensorCoreInstruction::Wgmma;
  return std::nullopt;
}
std::optional<TensorCoreInput> parse_input(std::string_view given) {
  // Names are case-insensitive.
  const std::string lowered = to_lower(given);
  const std::string_view name = lowered;
  if (name == "f16" || name == "fp16" || name == "binary16") return TensorCoreInput::F16;
  if (name == "bf16" || name == "bfloat16") return TensorCoreInput::BF16;
  if (name == "tf32") return TensorCoreInput::TF32;
  if (name == "e4m3" || name == "fp8e4m3" || name == "e4m3fn") return TensorCoreInput::E4M3;
  if (name == "e5m2" || name == "fp8e5m2") return TensorCoreInput::E5M2;
  return std::nullopt;
}
std::optional<TensorCoreOutput> parse_output(std::string_view given) {
  // Names are case-insensitive.
  const std::string lowered = to_lower(given);
  const std::string_view name = lowered;
  if (name == "f32" || name == "fp32" || name == "binary32") return TensorCoreOutput::F32;
  if (name == "f16" || name == "fp16" || name == "binary16") return TensorCoreOutput::F16;
  return std::nullopt;
}

const Format& input_format(TensorCoreInput input) {
  switch (input) {
    case TensorCoreInput::F16: return binary16;
    case TensorCoreInput::BF16: return bfloat16;
    case TensorCoreInput::TF32: return tf32;
    case TensorCoreInput::E4M3: return e4m3;
    case TensorCoreInput::E5M2: return e5m2;
  }
  return binary16;
}
const Format& output_format(TensorCoreOutput output) {
  return output == TensorCoreOutput::F32 ? binary32 : binary16;
}

std::optional<TensorCoreParameters> tensor_core_parameters(const TensorCoreConfig& config) {
  const bool fp8 = config.input == TensorCoreInput::E4M3 || config.input == TensorCoreInput::E5M2;
  const bool tf = config.input == TensorCoreInput::TF32;
  const bool wgmma = config.instruction == TensorCoreInstruction::Wgmma;
  TensorCoreParameters p;
  p.instruction_k = fp8 ? 32 : tf ? 8 : 16;
  switch (config.arch) {
    case TensorCoreArch::V100:
      if (wgmma || config.input != TensorCoreInput::F16) return std::nullopt;
      p.block_size = 4;
      p.fraction_bits = 23;
      p.source = source_papers;
      return p;
    case TensorCoreArch::A100:
      if (wgmma || fp8) return std::nullopt;
      p.block_size = tf ? 4 : 8;
      p.fraction_bits = 24;
      p.source = source_papers;
      return p;
    case TensorCoreArch::H100:
    case TensorCoreArch::H200:
    case TensorCoreArch::B200: break;
  }
  const bool b200 = config.arch == TensorCoreArch::B200;
  p.fraction_bits = 25;
  if (fp8 && b200) {
    // Blackwell: native fp8 blocks of 32 with F = 25 (Hopper wgmma's
    // structure without its 13-bit cut), for either instruction.
    p.block_size = 32;
    p.source = source_papers;
    return p;
  }
  if (wgmma) {
    p.source = source_papers;
    if (tf) {
      p.block_size = 8;
    } else if (fp8) {
      p.block_size = 32;
      p.fraction_bits = 13;
      p.output_fraction_bits = 13;
    } else {
      p.block_size = 16;
    }
    return p;
  }
  p.block_size = tf ? 4 : 16;
  p.fp8_split = fp8;
  p.checked_on_hardware = !b200 && config.output == TensorCoreOutput::F32;
  p.source = p.checked_on_hardware ? source_h200 : source_papers;
  return p;
}

std::optional<std::uint64_t> tf32_from_binary32_container(std::uint32_t container) {
  if (container & 0x1FFFu) return std::nullopt;
  return std::uint64_t(container >> 13);
}
std::uint32_t tf32_to_binary32_container(std::uint64_t tf32_bits) {
  return std::uint32_t(tf32_bits << 13);
}

std::optional<TensorCoreInput> tensor_core_input_for(const Format& format) {
  if (format == binary16) return TensorCoreInput::F16;
  if (format == bfloat16) return TensorCoreInput::BF16;
  if (format == tf32) return TensorCoreInput::TF32;
  if (format == e4m3 || format == e4m3_saturating) return TensorCoreInput::E4M3;
  if (format == e5m2 || format == e5m2_saturating) return TensorCoreInput::E5M2;
  return std::nullopt;
}

}  // namespace fpx
