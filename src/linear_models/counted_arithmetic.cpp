// Counted arithmetic on dense matrices of bit patterns: see
// include/fpx/linear_models/counted_arithmetic.hpp for the counting convention.
#include "fpx/linear_models/counted_arithmetic.hpp"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <utility>

#include "fpx/core/decimal.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/linear_models/matrix.hpp"

namespace fpx {

OperationCount& OperationCount::operator+=(const OperationCount& other) {
  adds += other.adds;
  muls += other.muls;
  fmas += other.fmas;
  divs += other.divs;
  sqrts += other.sqrts;
  exact_terms += other.exact_terms;
  return *this;
}

OperationCount operator-(OperationCount a, const OperationCount& b) {
  a.adds -= b.adds;
  a.muls -= b.muls;
  a.fmas -= b.fmas;
  a.divs -= b.divs;
  a.sqrts -= b.sqrts;
  a.exact_terms -= b.exact_terms;
  return a;
}

std::size_t element_bytes(const Format& format) {
  const int width = format.width();
  if (width <= 8) return 1;
  if (width <= 16) return 2;
  if (width <= 32) return 4;
  return 8;
}

OperationCount dot_cost(const Strategy& strategy, std::size_t n) {
  const CostPerTerm cost = describe(strategy.kind).cost;
  OperationCount count;
  count.muls = cost.multiplies * std::uint64_t(n);
  count.adds = cost.additions * std::uint64_t(n) + cost.final_additions;
  count.fmas = cost.fused_multiply_adds * std::uint64_t(n);
  return count;
}

Arithmetic::Arithmetic(const Format& format, Rounding rounding, Strategy strategy,
                       std::uint64_t seed)
    : format_(&format), rounding_(rounding), strategy_(strategy), random_(seed) {}

std::uint64_t Arithmetic::add(std::uint64_t a, std::uint64_t b) {
  ++count.adds;
  return take(fpx::add(*format_, a, b, rounding_, options()));
}

std::uint64_t Arithmetic::subtract(std::uint64_t a, std::uint64_t b) {
  ++count.adds;
  return take(fpx::subtract(*format_, a, b, rounding_, options()));
}

std::uint64_t Arithmetic::multiply(std::uint64_t a, std::uint64_t b) {
  ++count.muls;
  return take(fpx::multiply(*format_, a, b, rounding_, options()));
}

std::uint64_t Arithmetic::divide(std::uint64_t a, std::uint64_t b) {
  ++count.divs;
  return take(fpx::divide(*format_, a, b, rounding_, options()));
}

std::uint64_t Arithmetic::square_root(std::uint64_t a) {
  ++count.sqrts;
  return take(fpx::square_root(*format_, a, rounding_, options()));
}

std::uint64_t Arithmetic::fused_multiply_add(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  ++count.fmas;
  return take(fpx::fused_multiply_add(*format_, a, b, c, rounding_, options()));
}

std::uint64_t Arithmetic::one() const {
  return std::uint64_t(format_->bias) << format_->fraction_bits();
}

std::uint64_t Arithmetic::integer(long value) {
  const bool negative = value < 0;
  const unsigned long magnitude = negative ? 0ul - static_cast<unsigned long>(value) : value;
  return take(round_rational(*format_, negative, BigInteger(magnitude), BigInteger(1), 0,
                             Rounding::NearestEven));
}

std::uint64_t Arithmetic::dot(const std::uint64_t* a, std::size_t stride_a, const std::uint64_t* b,
                              std::size_t stride_b, std::size_t n) {
  // The strategy runs in the summation module on the operands, gathered
  // into contiguous copies when they are strided; its random bits
  // (stochastic rounding) come from this arithmetic's own source.
  std::span<const std::uint64_t> left(a, n), right(b, n);
  if (stride_a != 1) {
    gather_a_.resize(n);
    for (std::size_t i = 0; i < n; ++i) gather_a_[i] = a[i * stride_a];
    left = gather_a_;
  }
  if (stride_b != 1) {
    gather_b_.resize(n);
    for (std::size_t i = 0; i < n; ++i) gather_b_[i] = b[i * stride_b];
    right = gather_b_;
  }
  SummationOptions options;
  options.input_format = format_;
  options.rounding = rounding_;
  options.random = &random_;
  count += dot_cost(strategy_, n);
  if (progress_ && count.flops() >= next_report_) {
    progress_(stage_, count.flops(), 0, "operations");
    next_report_ = count.flops() + (std::uint64_t(1) << 22);
  }
  return take(fpx::dot(strategy_, left, right, options));
}

bool Arithmetic::is_finite(std::uint64_t a) const {
  const FloatClass value_class = classify(*format_, a);
  return value_class == FloatClass::Zero || value_class == FloatClass::Subnormal ||
         value_class == FloatClass::Normal;
}

bool Arithmetic::less(std::uint64_t a, std::uint64_t b) const {
  const std::uint64_t magnitude_a = absolute(a), magnitude_b = absolute(b);
  if (magnitude_a == 0 && magnitude_b == 0) return false;
  const bool negative_a = is_negative(a) && magnitude_a != 0;
  const bool negative_b = is_negative(b) && magnitude_b != 0;
  if (negative_a != negative_b) return negative_a;
  return negative_a ? magnitude_a > magnitude_b : magnitude_a < magnitude_b;
}

void Arithmetic::report_progress(ProgressCallback progress, std::string stage) {
  progress_ = std::move(progress);
  stage_ = std::move(stage);
  next_report_ = count.flops();
}

void Arithmetic::note_input(const Matrix& operand) { memory.input_bytes += operand.bytes(); }

void Arithmetic::allocate(std::uint64_t bytes) {
  memory.new_bytes += bytes;
  memory.current_extra_bytes += bytes;
  memory.peak_extra_bytes = std::max(memory.peak_extra_bytes, memory.current_extra_bytes);
}

void Arithmetic::release(std::uint64_t bytes) { memory.current_extra_bytes -= bytes; }

}  // namespace fpx
