// Throughput of the binary32 operations three ways over the same operands:
//   f32_OP/MODE           fpx's integer core (fpx::add<fpx::binary32> ...),
//   native_float_OP/MODE  the host's `float` (+ * / std::fma std::sqrt), in
//                         the four IEEE directions the host has (fesetround),
//   mpfr_f32_OP/MODE      the MPFR reference (fpx::reference::compute),
// for OP in add mul fma div sqrt and every deterministic rounding mode, and
// batch_line_f32, the `fpx batch` line path (fpx::answer_batch_line).
// Each benchmark runs one operation per element of a fixed array and reports
// items per second. See README.md for how to run it and measured figures.
#include <benchmark/benchmark.h>

#include <bit>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "binary32_operations.hpp"
#include "fpx/core/batch.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/reference/mpfr_reference.hpp"
#include "random_operands.hpp"

namespace {

using fpx::binary32;
using fpx::Rounding;

// ---- Operands ---------------------------------------------------------------

constexpr std::size_t operand_count = 4096;

// Three operand arrays, generated once from a fixed seed (std::mt19937_64's
// output is fixed by the standard), so every run times the same data.
struct Operands {
  std::vector<std::uint32_t> a, b, c;
};

const Operands& operands() {
  static const Operands data = [] {
    std::mt19937_64 random(20261126);
    Operands out;
    for (auto* array : {&out.a, &out.b, &out.c}) {
      array->resize(operand_count);
      for (auto& x : *array) x = fpx::bench::random_normal(random);
    }
    return out;
  }();
  return data;
}

// ---- The operations, three ways ---------------------------------------------

using fpx::bench::host_rounding;
using fpx::bench::Op;
using fpx::bench::op_name;

// Square roots take |a| (the arrays hold both signs).
constexpr std::uint32_t magnitude(std::uint32_t bits) { return bits & 0x7FFFFFFF; }
template <Op kOp>
constexpr std::uint32_t first_operand(std::uint32_t a) {
  return kOp == Op::Sqrt ? magnitude(a) : a;
}

template <Op kOp>
fpx::Rounded fpx_op(std::uint32_t a, std::uint32_t b, std::uint32_t c, Rounding mode) {
  return fpx::bench::fpx_op<kOp>(first_operand<kOp>(a), b, c, mode);
}

template <Op kOp>
std::uint32_t native_op(std::uint32_t a, std::uint32_t b, std::uint32_t c) {
  return fpx::bench::native_op<kOp>(first_operand<kOp>(a), b, c);
}

template <Op kOp>
fpx::Rounded mpfr_op(std::uint32_t a, std::uint32_t b, std::uint32_t c, Rounding mode) {
  const std::uint64_t ops[3] = {kOp == Op::Sqrt ? magnitude(a) : a, b, c};
  return fpx::reference::compute(fpx::bench::fpx_operation(kOp), binary32, ops, mode);
}

std::uint64_t fold(fpx::Rounded r) { return r.bits ^ (std::uint64_t{r.flags.bits} << 32); }

// ---- Timing -----------------------------------------------------------------

// Each iteration runs body(i) for i in [0, count) and xors the results into a
// sink the optimizer must keep; reports count items per iteration.
template <typename Body>
void time_each(benchmark::State& state, std::size_t count, Body body) {
  std::uint64_t sink = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < count; ++i) sink ^= body(i);
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * std::int64_t(count));
}

template <Op kOp>
void bm_fpx(benchmark::State& state, Rounding mode) {
  const Operands& d = operands();
  time_each(state, operand_count,
            [&](std::size_t i) { return fold(fpx_op<kOp>(d.a[i], d.b[i], d.c[i], mode)); });
}

template <Op kOp>
void bm_mpfr(benchmark::State& state, Rounding mode) {
  const Operands& d = operands();
  time_each(state, operand_count,
            [&](std::size_t i) { return fold(mpfr_op<kOp>(d.a[i], d.b[i], d.c[i], mode)); });
}

// Sets the host rounding direction for the lifetime of the object.
class HostRounding {
 public:
  explicit HostRounding(int direction) : saved_(std::fegetround()) { std::fesetround(direction); }
  ~HostRounding() { std::fesetround(saved_); }
  HostRounding(const HostRounding&) = delete;
  HostRounding& operator=(const HostRounding&) = delete;

 private:
  int saved_;
};

// Also checks, untimed, that the host and fpx agree on every element, which
// shows that the host rounding direction took effect.
template <Op kOp>
void bm_native(benchmark::State& state, Rounding mode, int direction) {
  const Operands& d = operands();
  const HostRounding scope(direction);
  for (std::size_t i = 0; i < operand_count; ++i) {
    if (native_op<kOp>(d.a[i], d.b[i], d.c[i]) != fpx_op<kOp>(d.a[i], d.b[i], d.c[i], mode).bits) {
      state.SkipWithError("host float and fpx disagree");
      return;
    }
  }
  time_each(state, operand_count,
            [&](std::size_t i) { return native_op<kOp>(d.a[i], d.b[i], d.c[i]); });
}

// ---- Batch lines ------------------------------------------------------------

// Appends " XXXXXXXX": a binary32 operand as `fpx batch` spells it.
void append_operand(std::string& line, std::uint32_t bits) {
  char text[10];
  std::snprintf(text, sizeof text, " %08X", bits);
  line.append(text);
}

// One `fpx batch` line per operand triple, cycling through the five
// operations and, every five lines, through the six deterministic modes:
// "add rne 3F800000 40000000", "fma rne A B C", "sqrt rne |A|", ...
std::vector<std::string> batch_lines() {
  constexpr Op ops[] = {Op::Add, Op::Mul, Op::Fma, Op::Div, Op::Sqrt};
  constexpr std::size_t mode_count = std::size(fpx::all_deterministic_roundings);
  const Operands& d = operands();
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < operand_count; ++i) {
    const Op op = ops[i % std::size(ops)];
    const Rounding mode = fpx::all_deterministic_roundings[i / std::size(ops) % mode_count];
    std::string line(op_name(op));
    line.append(" ").append(fpx::short_name(mode));
    if (op == Op::Sqrt) {
      append_operand(line, magnitude(d.a[i]));
    } else {
      append_operand(line, d.a[i]);
      append_operand(line, d.b[i]);
      if (op == Op::Fma) append_operand(line, d.c[i]);
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

void bm_batch_line(benchmark::State& state) {
  const std::vector<std::string> lines = batch_lines();
  const fpx::BatchOptions options;  // binary32
  std::string answer;
  for (const auto& line : lines) {
    if (!fpx::answer_batch_line(line, options, answer).empty()) {
      state.SkipWithError(("batch line rejected: " + line).c_str());
      return;
    }
  }
  time_each(state, lines.size(), [&](std::size_t i) {
    const std::string problem = fpx::answer_batch_line(lines[i], options, answer);
    return problem.size() + std::uint64_t(answer[0]);
  });
}

// ---- Registration -----------------------------------------------------------

// "f32_add/rne", "native_float_mul/rtz", ...
std::string bench_name(std::string_view prefix, Op op, Rounding mode) {
  std::string name(prefix);
  name.append(op_name(op)).append("/").append(fpx::short_name(mode));
  return name;
}

template <Op kOp>
void register_op() {
  for (const Rounding mode : fpx::all_deterministic_roundings) {
    benchmark::RegisterBenchmark(bench_name("f32_", kOp, mode).c_str(), bm_fpx<kOp>, mode);
    if (const auto direction = host_rounding(mode))
      benchmark::RegisterBenchmark(bench_name("native_float_", kOp, mode).c_str(), bm_native<kOp>,
                                   mode, *direction);
    benchmark::RegisterBenchmark(bench_name("mpfr_f32_", kOp, mode).c_str(), bm_mpfr<kOp>, mode);
  }
}

template <Op... kOps>
void register_ops() {
  (register_op<kOps>(), ...);
}

}  // namespace

int main(int argc, char** argv) {
  register_ops<Op::Add, Op::Mul, Op::Fma, Op::Div, Op::Sqrt>();
  benchmark::RegisterBenchmark("batch_line_f32", bm_batch_line);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
