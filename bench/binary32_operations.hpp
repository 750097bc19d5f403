// The binary32 operations of the benchmarks, named once: fpx's scalar core and
// the host's `float` (bench_operations.cpp, side_by_side.cpp).
#pragma once

#include <bit>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

#include "fpx/core/operations.hpp"

namespace fpx::bench {

enum class Op { Add, Mul, Fma, Div, Sqrt };
inline constexpr Op all_ops[] = {Op::Add, Op::Mul, Op::Fma, Op::Div, Op::Sqrt};

constexpr std::string_view op_name(Op op) {
  switch (op) {
    case Op::Add: return "add";
    case Op::Mul: return "mul";
    case Op::Fma: return "fma";
    case Op::Div: return "div";
    case Op::Sqrt: return "sqrt";
  }
  return "?";
}

constexpr fpx::Operation fpx_operation(Op op) {
  switch (op) {
    case Op::Add: return fpx::Operation::Add;
    case Op::Mul: return fpx::Operation::Multiply;
    case Op::Fma: return fpx::Operation::FusedMultiplyAdd;
    case Op::Div: return fpx::Operation::Divide;
    case Op::Sqrt: return fpx::Operation::SquareRoot;
  }
  return fpx::Operation::Add;
}

// fma is a * b + c; the binary operations use a and b; sqrt uses a.
template <Op op>
fpx::Rounded fpx_op(std::uint32_t a, std::uint32_t b, std::uint32_t c, fpx::Rounding mode) {
  if constexpr (op == Op::Add) return fpx::add<fpx::binary32>(a, b, mode);
  if constexpr (op == Op::Mul) return fpx::multiply<fpx::binary32>(a, b, mode);
  if constexpr (op == Op::Fma) return fpx::fused_multiply_add<fpx::binary32>(a, b, c, mode);
  if constexpr (op == Op::Div) return fpx::divide<fpx::binary32>(a, b, mode);
  if constexpr (op == Op::Sqrt) return fpx::square_root<fpx::binary32>(a, mode);
}

template <Op op>
std::uint32_t native_op(std::uint32_t a, std::uint32_t b, std::uint32_t c) {
  const float x = std::bit_cast<float>(a), y = std::bit_cast<float>(b), z = std::bit_cast<float>(c);
  float result = 0;
  if constexpr (op == Op::Add) result = x + y;
  if constexpr (op == Op::Mul) result = x * y;
  if constexpr (op == Op::Fma) result = std::fma(x, y, z);
  if constexpr (op == Op::Div) result = x / y;
  if constexpr (op == Op::Sqrt) result = std::sqrt(x);
  return std::bit_cast<std::uint32_t>(result);
}

// The host's rounding direction for `mode`, if it has one.
inline std::optional<int> host_rounding(fpx::Rounding mode) {
  switch (mode) {
    case fpx::Rounding::NearestEven: return FE_TONEAREST;
    case fpx::Rounding::TowardZero: return FE_TOWARDZERO;
    case fpx::Rounding::TowardPositive: return FE_UPWARD;
    case fpx::Rounding::TowardNegative: return FE_DOWNWARD;
    default: return std::nullopt;
  }
}

}  // namespace fpx::bench
