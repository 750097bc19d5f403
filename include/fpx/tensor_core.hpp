// A bit-exact model of NVIDIA tensor-core accumulation (issue 6): what an
// MMA instruction returns for D = C + sum_k A_k B_k, as integer code (no host
// floating point, no MPFR), checked line by line against real H200 output
// (tests/data/h200/).
//
// The model (MMA-Sim, arXiv 2511.10909; Khattak and Mikaitis, arXiv
// 2512.07004; confirmed on an H200), per output element, over blocks of B
// products in k order:
//   1. Inputs are decoded exactly (a subnormal has the exponent emin and a
//      significand below 1). Products are exact; a product's nominal exponent
//      is e_a + e_b, its significand lies in [0, 4) and is not renormalized.
//   2. E = the largest nominal exponent among the block's nonzero products
//      and the accumulator (a zero accumulator takes no part).
//   3. Every term (the products and the accumulator) is aligned to E and its
//      magnitude truncated to F fraction bits below 2^E (no guard or sticky
//      bits; toward zero, so a negative term moves up). The truncated terms
//      are added exactly.
//   4. The sum is normalized and rounded toward zero into binary32 (to
//      nearest-even into binary16 for binary16 output; for Hopper wgmma fp8,
//      toward zero to 13 fraction bits). That is the next block's
//      accumulator. An exactly zero sum is +0.
// The rounding is fpx's round_pack; nothing here rounds by itself.
//
// fp8 through mma.sync (h100/h200): the inputs are widened to binary16
// (exactly) and the compiler issues two binary16 MMAs per 32 products: the
// first, from a +0 accumulator, takes the products whose k has (k div 2)
// even; the second continues from its result with the others; C is then
// added with a binary32 (output format) round-to-nearest-even addition.
//
// Special values (not in the H200 samples, the policy of this model): a NaN
// operand, inf x 0, or infinities of both signs give the canonical NaN
// 0x7FFFFFFF (binary32 output) or 0x7FFF (binary16 output), the pattern
// NVIDIA GPUs return; otherwise an infinite operand gives the infinity of
// its sign. A finite sum beyond the output format's range gives infinity
// of its sign (not the largest finite number round-toward-zero would give).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fpx/format.hpp"

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

// A configured model. Throws std::invalid_argument for an unsupported
// configuration.
class TensorCoreModel {
 public:
  explicit TensorCoreModel(const TensorCoreConfig& config);

  const TensorCoreConfig& config() const { return config_; }
  const TensorCoreParameters& parameters() const { return parameters_; }
  const Format& in() const { return *in_; }
  const Format& out() const { return *out_; }

  // D = C + sum_k a[k] b[k] for any K = a.size() (chained over blocks in k
  // order; the last block may be partial). a and b hold bit patterns of the
  // input format, c and the result of the output format. Throws
  // std::invalid_argument if the sizes differ.
  std::uint64_t compute(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b,
                        std::uint64_t c) const;

 private:
  TensorCoreConfig config_;
  TensorCoreParameters parameters_;
  const Format* in_;
  const Format* out_;
};

// One call of the above.
std::uint64_t tensor_core_compute(const TensorCoreConfig& config, std::span<const std::uint64_t> a,
                                  std::span<const std::uint64_t> b, std::uint64_t c);

// The dot product sum_k a[k] b[k] as tensor cores of `arch` compute it with
// a +0 accumulator and binary32 output: the strategy `mma:ARCH`. The input
// format must be one the architecture takes (binary16, bfloat16, tf32, e4m3,
// e5m2; else std::invalid_argument). Returns binary32 bits.
std::uint64_t tensor_core_dot(TensorCoreArch arch, const Format& input,
                              std::span<const std::uint64_t> a, std::span<const std::uint64_t> b,
                              TensorCoreInstruction instruction = TensorCoreInstruction::Mma);
// The input for an fpx format (binary16, bfloat16, tf32, e4m3, e5m2 and
// their saturating variants), if any.
std::optional<TensorCoreInput> tensor_core_input_for(const Format& format);

// What --explain shows: every block's terms and sums.
struct TensorCoreTerm {
  std::string label;  // "C", "acc", "A3*B3"
  bool negative = false;
  bool zero = false;         // a zero term (no part in E)
  int nominal_exponent = 0;  // e_a + e_b, or the accumulator's exponent
  // The aligned magnitude in binary: integer bits, '.', F fraction bits,
  // then '|' and the bits the truncation drops (empty when none).
  std::string aligned;
  bool truncated = false;       // nonzero bits dropped
  std::int64_t kept_units = 0;  // the signed truncated term in units of 2^(E-F)
};

struct TensorCoreBlock {
  std::string label;          // "block 1 (k 0..15)", "fp16 MMA 1 (k mod 4 in {0,1})"
  int exponent = 0;           // E
  bool has_exponent = false;  // false if every term is zero
  std::vector<TensorCoreTerm> terms;
  std::string sum_binary;      // the exact sum of truncated terms, aligned like the terms
  std::int64_t sum_units = 0;  // the same, in units of 2^(E-F)
  std::uint64_t result = 0;    // the rounded block result (output format, or binary32/16 for fp8)
  const Format* result_format = nullptr;
};

struct TensorCoreExplanation {
  TensorCoreConfig config;
  TensorCoreParameters parameters;
  std::vector<TensorCoreBlock> blocks;
  // fp8 split: the final round-to-nearest addition of C.
  std::optional<std::string> final_addition;
  std::uint64_t result = 0;             // D, output format
  std::uint64_t correctly_rounded = 0;  // C + sum a_k b_k exact, rounded to nearest even
  bool special = false;                 // a NaN or infinity took over (no blocks shown)
  // The difference D - correctly rounded in units in the last place of the
  // correctly rounded result (signed), when both are finite.
  std::optional<std::int64_t> ulps_from_correct;
};

TensorCoreExplanation explain(const TensorCoreModel& model, std::span<const std::uint64_t> a,
                              std::span<const std::uint64_t> b, std::uint64_t c);

}  // namespace fpx
