// What a tensor core is: the architectures, instructions and input and output
// formats fpx models, and the parameters of each combination (block size B,
// fraction bits F, ...) with where they come from. The model itself is in
// model.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "fpx/core/format.hpp"

namespace fpx {

enum class TensorCoreArch : std::uint8_t { V100, A100, H100, H200, B200 };
// mma.sync / WMMA (every architecture) or Hopper's warpgroup wgmma.
enum class TensorCoreInstruction : std::uint8_t { Mma, Wgmma };
enum class TensorCoreInput : std::uint8_t { F16, BF16, TF32, E4M3, E5M2 };
enum class TensorCoreOutput : std::uint8_t { F32, F16 };

// Names as the CLI spells them: h100, mma, f16, bf16, tf32, e4m3, e5m2, f32.
std::string_view arch_name(TensorCoreArch arch);
std::string_view instruction_name(TensorCoreInstruction instruction);
std::string_view input_name(TensorCoreInput input);
std::string_view output_name(TensorCoreOutput output);
std::optional<TensorCoreArch> parse_arch(std::string_view name);
std::optional<TensorCoreInstruction> parse_instruction(std::string_view name);
std::optional<TensorCoreInput> parse_input(std::string_view name);  // also bfloat16, fp16, ...
std::optional<TensorCoreOutput> parse_output(std::string_view name);

// The fpx formats behind the names (tf32: fpx's 19-bit pattern).
const Format& input_format(TensorCoreInput input);
const Format& output_format(TensorCoreOutput output);

struct TensorCoreConfig {
  TensorCoreArch arch = TensorCoreArch::H200;
  TensorCoreInstruction instruction = TensorCoreInstruction::Mma;
  TensorCoreInput input = TensorCoreInput::BF16;
  TensorCoreOutput output = TensorCoreOutput::F32;
  friend constexpr bool operator==(const TensorCoreConfig&, const TensorCoreConfig&) = default;
};

// What one configuration does.
struct TensorCoreParameters {
  int block_size = 16;     // B: products per block (plus the accumulator)
  int fraction_bits = 25;  // F: bits kept below 2^E
  // Fraction bits a binary32 block result keeps (23, or 13 for wgmma fp8).
  int output_fraction_bits = 23;
  // fp8 through two binary16 MMAs and a final round-to-nearest C addition.
  bool fp8_split = false;
  int instruction_k = 16;            // the K of one instruction (the CLI's default K)
  bool checked_on_hardware = false;  // reproduces the H200 samples
  std::string_view source;           // where the parameters come from
};

// Empty for a combination the hardware lacks (V100 with anything but f16,
// A100 fp8, wgmma on V100 or A100).
std::optional<TensorCoreParameters> tensor_core_parameters(const TensorCoreConfig& config);

// TF32 in a binary32 container (as CUDA holds it) <-> fpx's 19-bit tf32
// pattern. A container whose low 13 bits are not all zero is rejected
// (empty): the model neither rounds nor truncates it silently.
std::optional<std::uint64_t> tf32_from_binary32_container(std::uint32_t container);
std::uint32_t tf32_to_binary32_container(std::uint64_t tf32_bits);

// The input for an fpx format (binary16, bfloat16, tf32, e4m3, e5m2 and
// their saturating variants), if any.
std::optional<TensorCoreInput> tensor_core_input_for(const Format& format);

}  // namespace fpx
