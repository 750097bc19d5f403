// Counted arithmetic for linear models: dense matrices of bit patterns of
// any fpx format, whose every operation goes through the soft-float core
// with an explicit rounding mode (operations.hpp) and, for dot products and
// matrix products, a chosen summation strategy (summation.hpp).
//
// Every kernel takes an `Arithmetic`, which holds the format, the rounding
// mode, the strategy, the union of the IEEE flags raised, an operation
// counter and a memory account. The counter and the account are always
// updated: there is one code path, read or not.
//
// Counting convention (the lecture's; see docs/linear_models.md):
//   * 1 add = 1 subtract = 1 multiply = 1 divide = 1 square root = 1 FLOP,
//     1 fused multiply-add = 2 FLOPs.
//   * A dot product of length n from a zero accumulator is n multiplies and
//     n additions: the first addition into the zero accumulator counts. So
//     w^T x is 2d, X^T X (N x d) is 2 d^2 N, X^T y is 2dN. With the fma
//     strategy it is n fmas, also 2n FLOPs. Tree orders (pairwise, numpy,
//     strided, blocked, sorted) make n - 1 real additions and are counted
//     as n by the same convention, so the count does not depend on the order.
//     Compensated strategies (kahan, neumaier, klein, dot2) are counted with
//     the operations their algorithms add per term (see dot_cost()).
//   * Negation and multiplication by a power of two that is exact are still
//     counted where they are done through the core (multiply); sign flips of
//     bit patterns (negate) are free.
//   * Products accumulated exactly (ExactAccumulator, used for residuals in
//     iterative refinement) are counted in `exact_terms`, 2 FLOPs each.
//
// Memory account, in bytes of the storage each element needs (1, 2, 4 or
// 8 bytes: binary32 4, bfloat16 2, e4m3 1, tf32 4):
//   * input_bytes: each kernel that reads an input operand (a matrix or
//     vector it did not create) adds that operand's size once (the lecture's
//     "load dN" for X^T X);
//   * new_bytes: every buffer a kernel or solver allocates;
//   * peak_extra_bytes: the largest total of such buffers alive at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/linear_models/progress.hpp"
#include "fpx/summation/summation.hpp"

namespace fpx {

struct OperationCount {
  std::uint64_t adds = 0;  // additions and subtractions
  std::uint64_t muls = 0;
  std::uint64_t fmas = 0;
  std::uint64_t divs = 0;
  std::uint64_t sqrts = 0;
  std::uint64_t exact_terms = 0;  // products added exactly (refinement residuals)

  std::uint64_t flops() const { return adds + muls + 2 * fmas + divs + sqrts + 2 * exact_terms; }
  OperationCount& operator+=(const OperationCount& other);
  friend OperationCount operator-(OperationCount a, const OperationCount& b);
  friend bool operator==(const OperationCount&, const OperationCount&) = default;
};

struct MemoryAccount {
  std::uint64_t input_bytes = 0;
  std::uint64_t new_bytes = 0;
  std::uint64_t current_extra_bytes = 0;
  std::uint64_t peak_extra_bytes = 0;
};

// Bytes one element of `format` occupies in memory.
std::size_t element_bytes(const Format& format);

// What a dot product of length n costs under `strategy` (the convention
// above, from the strategy table's cost per term).
OperationCount dot_cost(const Strategy& strategy, std::size_t n);

class Matrix;

// The arithmetic every kernel runs through.
class Arithmetic {
 public:
  explicit Arithmetic(const Format& format, Rounding rounding = Rounding::NearestEven,
                      Strategy strategy = {}, std::uint64_t seed = 0);
  Arithmetic(const Arithmetic&) = delete;
  Arithmetic& operator=(const Arithmetic&) = delete;

  const Format& format() const { return *format_; }
  Rounding rounding() const { return rounding_; }
  const Strategy& strategy() const { return strategy_; }
  std::size_t element_bytes() const { return fpx::element_bytes(*format_); }

  // Counted operations, each rounded once in the format and mode.
  std::uint64_t add(std::uint64_t a, std::uint64_t b);
  std::uint64_t subtract(std::uint64_t a, std::uint64_t b);
  std::uint64_t multiply(std::uint64_t a, std::uint64_t b);
  std::uint64_t divide(std::uint64_t a, std::uint64_t b);
  std::uint64_t square_root(std::uint64_t a);
  std::uint64_t fused_multiply_add(std::uint64_t a, std::uint64_t b, std::uint64_t c);
  // Free: sign manipulation and constants.
  std::uint64_t negate(std::uint64_t a) const { return a ^ format_->sign_mask(); }
  std::uint64_t absolute(std::uint64_t a) const { return a & format_->magnitude_mask(); }
  std::uint64_t zero() const { return 0; }
  std::uint64_t one() const;
  // A small integer, rounded into the format (not counted: a constant).
  std::uint64_t integer(long value);

  // sum_i a[i * stride_a] * b[i * stride_b] under the strategy.
  std::uint64_t dot(const std::uint64_t* a, std::size_t stride_a, const std::uint64_t* b,
                    std::size_t stride_b, std::size_t n);

  // Comparisons of finite values (no arithmetic, not counted).
  bool is_finite(std::uint64_t a) const;
  bool is_zero(std::uint64_t a) const { return (a & format_->magnitude_mask()) == 0; }
  bool is_negative(std::uint64_t a) const { return (a & format_->sign_mask()) != 0; }
  // a < b, a <= b for finite a, b (-0 == +0).
  bool less(std::uint64_t a, std::uint64_t b) const;
  bool less_equal(std::uint64_t a, std::uint64_t b) const { return !less(b, a); }
  // |a| < |b|
  bool magnitude_less(std::uint64_t a, std::uint64_t b) const { return absolute(a) < absolute(b); }

  // Options carrying this arithmetic's random source (stochastic rounding),
  // for roundings done outside these operations (ExactAccumulator::round).
  RoundingOptions rounding_options() { return options(); }

  // Progress: progress(stage, operations so far, 0, "operations") about every
  // 2^22 operations, checked in dot products (where nearly all of them are).
  void report_progress(ProgressCallback progress, std::string stage);

  // The memory account.
  void note_input(const Matrix& operand);
  void allocate(std::uint64_t bytes);
  void release(std::uint64_t bytes);

  Flags flags;
  OperationCount count;
  MemoryAccount memory;

 private:
  RoundingOptions options() { return RoundingOptions{Tininess::AfterRounding, &random_}; }
  std::uint64_t take(Rounded result) {
    flags |= result.flags;
    return result.bits;
  }

  const Format* format_;
  Rounding rounding_;
  Strategy strategy_;
  StochasticSource random_;
  std::vector<std::uint64_t> gather_a_, gather_b_;  // for strided dots of other strategies
  ProgressCallback progress_;
  std::string stage_;
  std::uint64_t next_report_ = 0;
};

}  // namespace fpx
