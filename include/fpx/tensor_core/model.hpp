// A bit-exact model of NVIDIA tensor-core accumulation: what an
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
#include <span>
#include <vector>

#include "fpx/core/format.hpp"
#include "fpx/tensor_core/configuration.hpp"

namespace fpx {

// What the model did, as numbers (explanation.hpp turns it into text).
struct TensorCoreTraceTerm {
  bool is_accumulator = false;  // the accumulator (C or the previous block's result)
  std::size_t k = 0;            // products: the index k of A_k B_k
  bool negative = false;
  // The exact term (-1)^negative * significand * 2^lsb; significand 0 for a
  // zero term, which takes no part in E.
  std::uint64_t significand = 0;
  int lsb = 0;
  int nominal_exponent = 0;     // e_a + e_b, or the accumulator's exponent
  std::int64_t kept_units = 0;  // the signed truncated term in units of 2^(E-F)
  bool truncated = false;       // nonzero bits fell below the cut
};

struct TensorCoreTraceBlock {
  // Which chain the block belongs to: 0 for the plain chain of blocks; for
  // fp8 through binary16 MMAs, 1 or 2 (the (k div 2) even or odd products)
  // of 32-product instruction `instruction`.
  int split_part = 0;
  std::size_t instruction = 0;
  std::size_t index_in_chain = 0;  // 0 for the chain's first block
  std::size_t first_k = 0, last_k = 0;
  bool has_exponent = false;               // false if every term is zero (result +0)
  int exponent = 0;                        // E
  std::vector<TensorCoreTraceTerm> terms;  // the accumulator first
  std::int64_t sum_units = 0;              // the exact sum of the kept terms, units of 2^(E-F)
  std::uint64_t result = 0;                // the rounded block result
  const Format* result_format = nullptr;   // its encoding (binary32 or binary16)
};

// fp8 through binary16 MMAs: D = rn(D + block result) after each instruction.
struct TensorCoreFinalAddition {
  std::uint64_t before = 0, block_result = 0, after = 0;
};

struct TensorCoreTrace {
  std::vector<TensorCoreTraceBlock> blocks;
  std::vector<TensorCoreFinalAddition> final_additions;
  bool special = false;  // a NaN or infinity took over (no blocks)
  std::uint64_t result = 0;
};

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
  // The same computation, recording every block.
  TensorCoreTrace trace(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b,
                        std::uint64_t c) const;

 private:
  std::uint64_t evaluate(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b,
                         std::uint64_t c, TensorCoreTrace* trace) const;

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

}  // namespace fpx
