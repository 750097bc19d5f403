// Dot products of binary32 vectors four ways (see README.md, "Dot products"):
//   dot_naive_float/10000000   the host's `float`, s += a[i] * b[i] serially
//                              (scalar: this file is built -fno-tree-vectorize),
//   dot_exact/10000000         fpx::ExactAccumulator::add_dot_binary32 (the
//                              bucketed fast path), rounded to binary32 once,
//   dot_exact_generic/1000000  fpx::ExactAccumulator::add_dot on 64-bit patterns
//                              (one add_product per element), rounded once,
//   dot_mpfr/100000            MPFR: each product exact in a 48-bit temporary,
//                              added exactly into a 600-bit sum, rounded once.
// The argument is the vector length; all four use prefixes of the same two
// arrays and report items_per_second = vector elements per second.
// Registered with BENCHMARK(); the main() is in bench_operations.cpp.
#include <benchmark/benchmark.h>
#include <mpfr.h>

#include <bit>
#include <cstdint>
#include <random>
#include <vector>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/reference/mpfr_reference.hpp"
#include "fpx/summation/exact_accumulator.hpp"
#include "random_operands.hpp"

namespace {

constexpr std::size_t dot_length = 10'000'000;

// Two arrays of 10^7 binary32 patterns, generated once from a fixed seed
// (std::mt19937_64's sequence is fixed by the standard), and the same values
// widened to 64-bit words for add_dot.
struct DotData {
  std::vector<std::uint32_t> a, b;
  std::vector<std::uint64_t> a64, b64;
};

const DotData& dot_data() {
  static const DotData data = [] {
    std::mt19937_64 random(20261201);
    DotData out;
    out.a.resize(dot_length);
    out.b.resize(dot_length);
    for (std::size_t i = 0; i < dot_length; ++i) {
      out.a[i] = fpx::bench::random_normal(random);
      out.b[i] = fpx::bench::random_normal(random);
    }
    out.a64.assign(out.a.begin(), out.a.end());
    out.b64.assign(out.b.begin(), out.b.end());
    return out;
  }();
  return data;
}

std::size_t length_of(const benchmark::State& state) { return std::size_t(state.range(0)); }

void report_items(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * std::int64_t(length_of(state)));
}

// ---- The four dot products --------------------------------------------------

float naive_dot(const std::uint32_t* a, const std::uint32_t* b, std::size_t n) {
  float s = 0;
  for (std::size_t i = 0; i < n; ++i) s += std::bit_cast<float>(a[i]) * std::bit_cast<float>(b[i]);
  return s;
}

fpx::Rounded exact_dot(const std::uint32_t* a, const std::uint32_t* b, std::size_t n) {
  fpx::ExactAccumulator accumulator(fpx::binary32);
  accumulator.add_dot_binary32(a, b, n);
  return accumulator.round(fpx::binary32, fpx::Rounding::NearestEven);
}

fpx::Rounded exact_dot_generic(const std::uint64_t* a, const std::uint64_t* b, std::size_t n) {
  fpx::ExactAccumulator accumulator(fpx::binary32);
  accumulator.add_dot(a, b, n);
  return accumulator.round(fpx::binary32, fpx::Rounding::NearestEven);
}

// MPFR variables for the MPFR dot product, allocated once.
class MpfrDot {
 public:
  MpfrDot() {
    mpfr_inits2(24, x_, y_, static_cast<mpfr_ptr>(nullptr));
    mpfr_init2(product_, 48);  // a product of two 24-bit significands: exact
    mpfr_init2(sum_, 600);     // these sums need < 160 bits: every addition exact
  }
  ~MpfrDot() { mpfr_clears(x_, y_, product_, sum_, static_cast<mpfr_ptr>(nullptr)); }
  MpfrDot(const MpfrDot&) = delete;
  MpfrDot& operator=(const MpfrDot&) = delete;

  // Also returns whether every step was exact (all ternary values zero).
  fpx::Rounded operator()(const std::uint32_t* a, const std::uint32_t* b, std::size_t n,
                          bool& exact) {
    int inexact = 0;
    mpfr_set_zero(sum_, 1);
    for (std::size_t i = 0; i < n; ++i) {
      inexact |= mpfr_set_flt(x_, std::bit_cast<float>(a[i]), MPFR_RNDN);
      inexact |= mpfr_set_flt(y_, std::bit_cast<float>(b[i]), MPFR_RNDN);
      inexact |= mpfr_mul(product_, x_, y_, MPFR_RNDN);
      inexact |= mpfr_add(sum_, sum_, product_, MPFR_RNDN);
    }
    exact = inexact == 0;
    return fpx::reference::round_exact(fpx::binary32, sum_, false, fpx::Rounding::NearestEven);
  }

 private:
  mpfr_t x_, y_, product_, sum_;
};

std::uint64_t fold(fpx::Rounded r) { return r.bits ^ (std::uint64_t{r.flags.bits} << 32); }

// ---- Benchmarks -------------------------------------------------------------

void dot_naive_float(benchmark::State& state) {
  const DotData& d = dot_data();
  const std::size_t n = length_of(state);
  for (auto _ : state) {
    float s = naive_dot(d.a.data(), d.b.data(), n);
    benchmark::DoNotOptimize(s);
  }
  report_items(state);
}

// Untimed first: the exact result must not depend on the path, and must be
// MPFR's (on a prefix, MPFR being slow).
void dot_exact(benchmark::State& state) {
  const DotData& d = dot_data();
  const std::size_t n = length_of(state);
  const std::size_t checked = 100'000;
  bool exact = false;
  if (exact_dot(d.a.data(), d.b.data(), checked) !=
          MpfrDot()(d.a.data(), d.b.data(), checked, exact) ||
      !exact) {
    state.SkipWithError("add_dot_binary32 and MPFR disagree");
    return;
  }
  for (auto _ : state) {
    std::uint64_t result = fold(exact_dot(d.a.data(), d.b.data(), n));
    benchmark::DoNotOptimize(result);
  }
  report_items(state);
}

void dot_exact_generic(benchmark::State& state) {
  const DotData& d = dot_data();
  const std::size_t n = length_of(state);
  if (exact_dot_generic(d.a64.data(), d.b64.data(), n) != exact_dot(d.a.data(), d.b.data(), n)) {
    state.SkipWithError("add_dot and add_dot_binary32 disagree");
    return;
  }
  for (auto _ : state) {
    std::uint64_t result = fold(exact_dot_generic(d.a64.data(), d.b64.data(), n));
    benchmark::DoNotOptimize(result);
  }
  report_items(state);
}

void dot_mpfr(benchmark::State& state) {
  const DotData& d = dot_data();
  const std::size_t n = length_of(state);
  MpfrDot mpfr_dot;
  bool exact = false;
  if (mpfr_dot(d.a.data(), d.b.data(), n, exact) != exact_dot(d.a.data(), d.b.data(), n) ||
      !exact) {
    state.SkipWithError("MPFR and add_dot_binary32 disagree");
    return;
  }
  for (auto _ : state) {
    std::uint64_t result = fold(mpfr_dot(d.a.data(), d.b.data(), n, exact));
    benchmark::DoNotOptimize(result);
  }
  report_items(state);
}

}  // namespace

BENCHMARK(dot_naive_float)->Arg(10'000'000);
BENCHMARK(dot_exact)->Arg(10'000'000);
BENCHMARK(dot_exact_generic)->Arg(1'000'000);
BENCHMARK(dot_mpfr)->Arg(100'000);
