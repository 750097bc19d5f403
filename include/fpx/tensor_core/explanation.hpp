// The tensor-core model's trace as an explanation: every block's terms aligned
// at the cut and drawn in binary, the block sums, and D beside the correctly
// rounded value of C + sum A_k B_k (what `fpx mma --explain` shows).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fpx/tensor_core/model.hpp"

namespace fpx {

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
