// fpx beside native float and the baselines (Berkeley SoftFloat 3e, CPFloat,
// xsum), on the same operands, in one process: each comparison is measured
// in several rounds, every contender once per round back to back, and the
// table gives the median rate and the median and range of the per-round
// ratios. Before timing, each fpx result is checked against the baseline's,
// bit for bit and flag for flag. See README.md for how to run it and the
// measured figures.
//
//   fpx_side_by_side [--rounds N] [--only SUBSTRING] [--operands N]
//   fpx_side_by_side --work NAME REPEAT   (one contender, for instruction counts)
//
// The baselines are compiled in only when CMake's FPX_BASELINES_DIR points at
// their sources (FPX_HAVE_BASELINES); without them the tables show fpx and
// native float.
#include <algorithm>
#include <bit>
#include <cfenv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "binary32_operations.hpp"
#include "fpx/core/arrays.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/summation/exact_accumulator.hpp"
#include "operand_generator.hpp"
#include "random_operands.hpp"

#if defined(FPX_HAVE_BASELINES)
extern "C" {
#include "softfloat.h"
int fpx_cpfloat_round(const std::uint32_t* in, std::uint32_t* out, std::size_t n, int precision,
                      int emin, int emax, int toward_zero);
double fpx_xsum_large_sum(const double* values, std::size_t n);
}
#endif

namespace {

using fpx::binary32;
using fpx::Rounding;
using Clock = std::chrono::steady_clock;

// Operand sets per operation, mode and kind of operands. The default 4096
// stay in the first two cache levels, and over the rounds a branch predictor
// can learn much of a set that small; the measurement that set the targets
// in README.md used 2^20 (`--operands 1048576`), which neither cache nor
// predictor holds.
std::size_t operand_count = 4096;
constexpr std::size_t long_count = 10'000'000;

// ---- Contenders and rounds ---------------------------------------------------

// One piece of work: `run` processes `items` elements and returns something
// the optimizer must keep.
struct Contender {
  std::string name;
  double items;
  std::function<std::uint64_t()> run;
  std::vector<double> rates = {};  // items per second, one per round
};

std::uint64_t sink = 0;
long cpfloat_nan_inputs_not_nan = 0;  // see the conversion checks

// Items per second of `c`, calling it until at least `seconds` have passed.
double measure(Contender& c, double seconds) {
  std::size_t calls = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  do {
    sink ^= c.run();
    ++calls;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < seconds);
  return c.items * double(calls) / elapsed;
}

struct Comparison {
  std::string label;
  std::vector<Contender> contenders;
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// The per-round ratio rate(a) / rate(b): median, least, largest.
struct Ratio {
  double median, low, high;
};
Ratio ratio(const Contender& a, const Contender& b) {
  std::vector<double> r;
  for (std::size_t k = 0; k < a.rates.size(); ++k) r.push_back(a.rates[k] / b.rates[k]);
  return Ratio{median(r), *std::min_element(r.begin(), r.end()),
               *std::max_element(r.begin(), r.end())};
}

std::string format_ratio(const Ratio& r) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f (%.2f-%.2f)", r.median, r.low, r.high);
  return text;
}

std::string format_rate(const Contender& c, double unit) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", median(c.rates) / unit);
  return text;
}

// ---- Operands -------------------------------------------------------------

using fpx::bench::all_ops;
using fpx::bench::Op;
using fpx::bench::op_name;

fpx::Operation operation_of(Op op) { return fpx::bench::fpx_operation(op); }

struct Operands {
  std::vector<std::uint32_t> a, b, c;
};

// "normal": finite normal values of either sign, exponents in [-20, 20], so
// that every result is normal (bench/random_operands.hpp); sqrt takes |a|.
// "mixed": the generator of the core's tests for this operation: special
// values, subnormals, ties, cancellation, overflow and underflow edges, NaN,
// infinities, and moderate values.
Operands make_operands(Op op, bool mixed) {
  Operands out;
  out.a.resize(operand_count);
  out.b.resize(operand_count);
  out.c.resize(operand_count);
  if (!mixed) {
    std::mt19937_64 random(20261126);
    for (std::size_t i = 0; i < operand_count; ++i) {
      out.a[i] = fpx::bench::random_normal(random);
      out.b[i] = fpx::bench::random_normal(random);
      out.c[i] = fpx::bench::random_normal(random);
      if (op == Op::Sqrt) out.a[i] &= 0x7FFFFFFF;
    }
    return out;
  }
  fpx::testing::OperandGenerator generator(binary32, 20261201 + std::uint64_t(op));
  for (std::size_t i = 0; i < operand_count; ++i) {
    std::uint64_t x[3] = {};
    generator.fill(operation_of(op), x);
    out.a[i] = std::uint32_t(x[0]);
    out.b[i] = std::uint32_t(x[1]);
    out.c[i] = std::uint32_t(x[2]);
  }
  return out;
}

// ---- The contenders of one operation --------------------------------------

template <Op op>
fpx::Rounded fpx_scalar(std::uint32_t a, std::uint32_t b, std::uint32_t c, Rounding mode) {
  return fpx::bench::fpx_op<op>(a, b, c, mode);
}

fpx::Flags fpx_array(Op op, const Operands& x, std::vector<std::uint32_t>& out, Rounding mode,
                     std::vector<fpx::Flags>* flags = nullptr) {
  const std::span<const std::uint32_t> a(x.a), b(x.b), c(x.c);
  fpx::ArrayOptions options;
  if (flags) options.element_flags = *flags;
  return fpx::apply(operation_of(op), binary32, a, b, c, std::span<std::uint32_t>(out), mode,
                    options);
}

template <Op op>
std::uint32_t native(std::uint32_t a, std::uint32_t b, std::uint32_t c) {
  return fpx::bench::native_op<op>(a, b, c);
}

int host_direction(Rounding mode) { return fpx::bench::host_rounding(mode).value_or(-1); }

bool is_nan32(std::uint32_t bits) { return (bits & 0x7FFFFFFF) > 0x7F800000; }
bool same_value(std::uint32_t x, std::uint32_t y) { return x == y || (is_nan32(x) && is_nan32(y)); }

#if defined(FPX_HAVE_BASELINES)
std::uint_fast8_t softfloat_mode(Rounding mode) {
  switch (mode) {
    case Rounding::NearestEven: return softfloat_round_near_even;
    case Rounding::NearestAway: return softfloat_round_near_maxMag;
    case Rounding::TowardZero: return softfloat_round_minMag;
    case Rounding::TowardPositive: return softfloat_round_max;
    case Rounding::TowardNegative: return softfloat_round_min;
    default: return softfloat_round_odd;
  }
}

template <Op op>
std::uint32_t softfloat(std::uint32_t a, std::uint32_t b, std::uint32_t c) {
  const float32_t x{a}, y{b}, z{c};
  if constexpr (op == Op::Add) return f32_add(x, y).v;
  if constexpr (op == Op::Mul) return f32_mul(x, y).v;
  if constexpr (op == Op::Fma) return f32_mulAdd(x, y, z).v;
  if constexpr (op == Op::Div) return f32_div(x, y).v;
  if constexpr (op == Op::Sqrt) return f32_sqrt(x).v;
}
#endif

struct Checks {
  long cases = 0, softfloat_mismatches = 0, array_mismatches = 0, native_mismatches = 0;
};

// The label of a row, which --only matches.
std::string operation_label(Op op, Rounding mode, bool mixed) {
  return std::string(op_name(op)) + " " + std::string(fpx::short_name(mode)) + " " +
         (mixed ? "mixed" : "normal");
}

template <Op op>
Comparison operation_comparison(Rounding mode, bool mixed, Checks& checks) {
  auto x = std::make_shared<Operands>(make_operands(op, mixed));
  auto out = std::make_shared<std::vector<std::uint32_t>>(operand_count);
  Comparison comparison;
  comparison.label = operation_label(op, mode, mixed);
  // Untimed checks: the array against the scalar core, the baselines against
  // fpx (bits and flags; NaN as NaN, since SoftFloat keeps payloads).
  std::vector<fpx::Flags> flags(operand_count);
  fpx_array(op, *x, *out, mode, &flags);
  for (std::size_t i = 0; i < operand_count; ++i) {
    const fpx::Rounded r = fpx_scalar<op>(x->a[i], x->b[i], x->c[i], mode);
    ++checks.cases;
    if (r.bits != (*out)[i] || r.flags != flags[i]) ++checks.array_mismatches;
#if defined(FPX_HAVE_BASELINES)
    softfloat_roundingMode = softfloat_mode(mode);
    softfloat_exceptionFlags = 0;
    const std::uint32_t s = softfloat<op>(x->a[i], x->b[i], x->c[i]);
    if (!same_value(s, std::uint32_t(r.bits)) || softfloat_exceptionFlags != r.flags.bits) {
      if (++checks.softfloat_mismatches <= 5)
        std::fprintf(stderr, "SoftFloat differs: %s %08X %08X %08X: %08X %02X, fpx %08X %02X\n",
                     comparison.label.c_str(), x->a[i], x->b[i], x->c[i], s,
                     unsigned(softfloat_exceptionFlags), unsigned(r.bits), r.flags.bits);
    }
#endif
    if (const int direction = host_direction(mode); direction >= 0) {
      std::fesetround(direction);
      if (!same_value(native<op>(x->a[i], x->b[i], x->c[i]), std::uint32_t(r.bits)))
        ++checks.native_mismatches;
      std::fesetround(FE_TONEAREST);
    }
  }
  const double items = double(operand_count);
  comparison.contenders.push_back({"fpx scalar", items, [x, mode] {
                                     std::uint64_t s = 0;
                                     for (std::size_t i = 0; i < operand_count; ++i) {
                                       const fpx::Rounded r =
                                           fpx_scalar<op>(x->a[i], x->b[i], x->c[i], mode);
                                       s ^= r.bits ^ r.flags.bits;
                                     }
                                     return s;
                                   }});
  comparison.contenders.push_back({"fpx array", items, [x, out, mode] {
                                     return std::uint64_t(fpx_array(op, *x, *out, mode).bits) ^
                                            (*out)[operand_count / 2];
                                   }});
#if defined(FPX_HAVE_BASELINES)
  comparison.contenders.push_back({"SoftFloat", items, [x, mode] {
                                     softfloat_roundingMode = softfloat_mode(mode);
                                     std::uint64_t s = 0;
                                     for (std::size_t i = 0; i < operand_count; ++i)
                                       s ^= softfloat<op>(x->a[i], x->b[i], x->c[i]);
                                     return s ^ softfloat_exceptionFlags;
                                   }});
#endif
  if (const int direction = host_direction(mode); direction >= 0)
    comparison.contenders.push_back({"native float", items, [x, direction] {
                                       std::fesetround(direction);
                                       std::uint64_t s = 0;
                                       for (std::size_t i = 0; i < operand_count; ++i)
                                         s ^= native<op>(x->a[i], x->b[i], x->c[i]);
                                       std::fesetround(FE_TONEAREST);
                                       return s;
                                     }});
  return comparison;
}

// ---- Conversions, exact sums and dot products -------------------------------

struct ConversionTarget {
  const fpx::Format* format;
  int precision, emin, emax;
};

std::string conversion_label(const ConversionTarget& target, Rounding mode, bool mixed) {
  return "binary32 to " + std::string(target.format->name) + " " +
         std::string(fpx::short_name(mode)) + " " + (mixed ? "mixed" : "normal");
}

Comparison conversion_comparison(const ConversionTarget& target, Rounding mode, bool mixed,
                                 long& mismatches) {
  auto x = std::make_shared<Operands>(make_operands(Op::Add, mixed));
  auto out = std::make_shared<std::vector<std::uint16_t>>(operand_count);
  Comparison comparison;
  comparison.label = conversion_label(target, mode, mixed);
  const fpx::Format& to = *target.format;
  auto array = [x, out, &to, mode] {
    return fpx::convert(binary32, to, std::span<const std::uint32_t>(x->a),
                        std::span<std::uint16_t>(*out), mode);
  };
  array();
  for (std::size_t i = 0; i < operand_count; ++i)
    if (fpx::convert(binary32, to, x->a[i], mode).bits != (*out)[i]) ++mismatches;
  const double items = double(operand_count);
  comparison.contenders.push_back({"fpx array", items, [array, out] {
                                     return std::uint64_t(array().bits) ^ (*out)[operand_count / 2];
                                   }});
  comparison.contenders.push_back({"fpx scalar", items, [x, &to, mode] {
                                     std::uint64_t s = 0;
                                     for (std::size_t i = 0; i < operand_count; ++i)
                                       s ^= fpx::convert(binary32, to, x->a[i], mode).bits;
                                     return s;
                                   }});
#if defined(FPX_HAVE_BASELINES)
  // CPFloat gives binary32 values: compare them with fpx's results widened.
  auto rounded = std::make_shared<std::vector<std::uint32_t>>(operand_count);
  const bool toward_zero = mode == Rounding::TowardZero;
  fpx_cpfloat_round(x->a.data(), rounded->data(), operand_count, target.precision, target.emin,
                    target.emax, toward_zero);
  for (std::size_t i = 0; i < operand_count; ++i) {
    const std::uint32_t widened =
        std::uint32_t(fpx::convert(to, binary32, (*out)[i], Rounding::NearestEven).bits);
    if (same_value(widened, (*rounded)[i])) continue;
    // CPFloat rounds the bits of a NaN like those of a number, so a NaN
    // payload can carry into the exponent or the sign (FFFFFFFF becomes
    // 00000000 in bfloat16): counted apart, since IEEE 754 (6.2.3) keeps a
    // NaN a NaN and fpx does.
    if (is_nan32(x->a[i]) && is_nan32(widened)) {
      ++cpfloat_nan_inputs_not_nan;
      continue;
    }
    if (++mismatches <= 5)
      std::fprintf(stderr, "CPFloat differs: %s %08X: %08X, fpx %08X\n", comparison.label.c_str(),
                   x->a[i], (*rounded)[i], widened);
  }
  comparison.contenders.push_back({"CPFloat", items, [x, rounded, target, toward_zero] {
                                     fpx_cpfloat_round(x->a.data(), rounded->data(), operand_count,
                                                       target.precision, target.emin, target.emax,
                                                       toward_zero);
                                     return std::uint64_t((*rounded)[operand_count / 2]);
                                   }});
#endif
  return comparison;
}

struct LongData {
  std::vector<std::uint64_t> sum64;
  std::vector<std::uint32_t> a32, b32;
};

const LongData& long_data() {
  static const LongData data = [] {
    LongData d;
    std::mt19937_64 random(20261202);
    d.sum64.resize(long_count);
    d.a32.resize(long_count);
    d.b32.resize(long_count);
    for (std::size_t i = 0; i < long_count; ++i) {
      d.sum64[i] = fpx::bench::random_normal64(random);
      d.a32[i] = fpx::bench::random_normal(random);
      d.b32[i] = fpx::bench::random_normal(random);
    }
    return d;
  }();
  return data;
}

std::uint64_t exact_sum64(const std::vector<std::uint64_t>& values) {
  fpx::ExactAccumulator accumulator(fpx::binary64);
  accumulator.add(std::span<const std::uint64_t>(values));
  return accumulator.round(fpx::binary64, Rounding::NearestEven).bits;
}

std::uint64_t exact_dot32(const std::vector<std::uint32_t>& a,
                          const std::vector<std::uint32_t>& b) {
  fpx::ExactAccumulator accumulator(binary32);
  accumulator.add_dot(std::span<const std::uint32_t>(a), std::span<const std::uint32_t>(b));
  return accumulator.round(binary32, Rounding::NearestEven).bits;
}

[[gnu::noinline]] float naive_dot(const std::uint32_t* a, const std::uint32_t* b, std::size_t n) {
  float s = 0;
  for (std::size_t i = 0; i < n; ++i) s += std::bit_cast<float>(a[i]) * std::bit_cast<float>(b[i]);
  return s;
}

Comparison sum_comparison(long& mismatches) {
  const LongData& d = long_data();
  Comparison comparison;
  comparison.label = "exact sum of 10^7 binary64";
  const double items = double(long_count);
  comparison.contenders.push_back({"fpx exact", items, [&d] { return exact_sum64(d.sum64); }});
#if defined(FPX_HAVE_BASELINES)
  const double xsum =
      fpx_xsum_large_sum(reinterpret_cast<const double*>(d.sum64.data()), long_count);
  if (std::bit_cast<std::uint64_t>(xsum) != exact_sum64(d.sum64)) ++mismatches;
  comparison.contenders.push_back(
      {"xsum large", items, [&d] {
         return std::bit_cast<std::uint64_t>(
             fpx_xsum_large_sum(reinterpret_cast<const double*>(d.sum64.data()), long_count));
       }});
#else
  (void)mismatches;
#endif
  return comparison;
}

Comparison dot_comparison() {
  const LongData& d = long_data();
  Comparison comparison;
  comparison.label = "exact dot of 10^7 binary32";
  const double items = double(long_count);
  comparison.contenders.push_back({"fpx exact", items, [&d] { return exact_dot32(d.a32, d.b32); }});
  comparison.contenders.push_back({"naive float", items, [&d] {
                                     return std::uint64_t(std::bit_cast<std::uint32_t>(
                                         naive_dot(d.a32.data(), d.b32.data(), long_count)));
                                   }});
  return comparison;
}

// ---- Running -----------------------------------------------------------------

void run_rounds(std::vector<Comparison>& comparisons, int rounds, double seconds) {
  for (int round = 0; round < rounds; ++round)
    for (Comparison& comparison : comparisons)
      for (Contender& contender : comparison.contenders)
        contender.rates.push_back(measure(contender, seconds));
}

const Contender* find(const Comparison& comparison, std::string_view name) {
  for (const Contender& c : comparison.contenders)
    if (c.name == name) return &c;
  return nullptr;
}

std::string rate_or_dash(const Comparison& comparison, std::string_view name, double unit) {
  const Contender* c = find(comparison, name);
  return c ? format_rate(*c, unit) : "-";
}

std::string ratio_or_dash(const Comparison& comparison, std::string_view a, std::string_view b) {
  const Contender* x = find(comparison, a);
  const Contender* y = find(comparison, b);
  return x && y ? format_ratio(ratio(*x, *y)) : "-";
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 7;
  std::string only;
  std::string work;
  long repeat = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--rounds" && i + 1 < argc)
      rounds = std::atoi(argv[++i]);
    else if (arg == "--only" && i + 1 < argc)
      only = argv[++i];
    else if (arg == "--operands" && i + 1 < argc) {
      const long count = std::atol(argv[++i]);
      // Each of the 60 operation rows keeps its operands: 2^22 sets take
      // about 4 GiB in all.
      if (count < 1 || count > (1L << 22)) {
        std::fprintf(stderr, "fpx_side_by_side: --operands takes a count from 1 to 2^22\n");
        return 2;
      }
      operand_count = std::size_t(count);
    } else if (arg == "--work" && i + 2 < argc) {
      work = argv[++i];
      repeat = std::atol(argv[++i]);
    } else {
      std::fprintf(
          stderr,
          "usage: fpx_side_by_side [--rounds N] [--only TEXT] [--operands N] [--work NAME N]\n");
      return 2;
    }
  }

  Checks checks;
  long conversion_mismatches = 0, sum_mismatches = 0;
  std::vector<Comparison> operations;
  for (bool mixed : {false, true})
    for (Op op : all_ops)
      for (Rounding mode : fpx::all_deterministic_roundings) {
        if (!only.empty() && operation_label(op, mode, mixed).find(only) == std::string::npos)
          continue;
        Comparison c;
        switch (op) {
          case Op::Add: c = operation_comparison<Op::Add>(mode, mixed, checks); break;
          case Op::Mul: c = operation_comparison<Op::Mul>(mode, mixed, checks); break;
          case Op::Fma: c = operation_comparison<Op::Fma>(mode, mixed, checks); break;
          case Op::Div: c = operation_comparison<Op::Div>(mode, mixed, checks); break;
          case Op::Sqrt: c = operation_comparison<Op::Sqrt>(mode, mixed, checks); break;
        }
        operations.push_back(std::move(c));
      }
  std::vector<Comparison> conversions;
  const ConversionTarget targets[] = {{&fpx::bfloat16, 8, -126, 127},
                                      {&fpx::binary16, 11, -14, 15}};
  for (bool mixed : {false, true})
    for (const ConversionTarget& target : targets)
      for (Rounding mode : {Rounding::NearestEven, Rounding::TowardZero})
        if (only.empty() || conversion_label(target, mode, mixed).find(only) != std::string::npos)
          conversions.push_back(conversion_comparison(target, mode, mixed, conversion_mismatches));
  std::vector<Comparison> long_runs;
  if (only.empty() || std::string("exact sum").find(only) != std::string::npos)
    long_runs.push_back(sum_comparison(sum_mismatches));
  if (only.empty() || std::string("exact dot").find(only) != std::string::npos)
    long_runs.push_back(dot_comparison());

  if (!work.empty()) {
    // One contender `repeat` times (LABEL/CONTENDER), for an instruction count.
    for (auto* group : {&operations, &conversions, &long_runs})
      for (Comparison& comparison : *group)
        for (Contender& contender : comparison.contenders)
          if (comparison.label + "/" + contender.name == work) {
            for (long k = 0; k < repeat; ++k) sink ^= contender.run();
            std::printf("%s: %ld runs of %.0f items\n", work.c_str(), repeat, contender.items);
            return 0;
          }
    std::fprintf(stderr, "no contender '%s'\n", work.c_str());
    return 2;
  }

  std::printf(
      "Checks before timing: %ld binary32 operation cases (%zu operand sets for each operation "
      "row below)\n",
      checks.cases, operand_count);
  std::printf("  fpx array vs fpx scalar (bits and flags): %ld mismatches\n",
              checks.array_mismatches);
#if defined(FPX_HAVE_BASELINES)
  std::printf("  SoftFloat vs fpx scalar (bits, NaN as NaN, and flags): %ld mismatches\n",
              checks.softfloat_mismatches);
  std::printf(
      "  CPFloat and fpx scalar vs fpx array conversions: %ld mismatches"
      " (besides %ld NaN inputs that CPFloat does not keep NaN)\n",
      conversion_mismatches, cpfloat_nan_inputs_not_nan);
  std::printf("  xsum vs fpx exact sum: %ld mismatches\n", sum_mismatches);
#endif
  std::printf("  native float vs fpx (rne rtz rup rdn; bits, NaN as NaN): %ld mismatches\n",
              checks.native_mismatches);
  std::printf("  array kernels: %s\n\n",
              std::string(fpx::array_kernels_name(fpx::array_kernels())).c_str());

  run_rounds(operations, rounds, 0.01);
  run_rounds(conversions, rounds, 0.01);
  run_rounds(long_runs, rounds, 0.05);

  std::printf(
      "| operation | fpx scalar Mop/s | fpx array Mop/s | SoftFloat Mop/s | native Mop/s "
      "| scalar / SoftFloat | array / SoftFloat | native / scalar |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (const Comparison& c : operations)
    std::printf(
        "| %s | %s | %s | %s | %s | %s | %s | %s |\n", c.label.c_str(),
        rate_or_dash(c, "fpx scalar", 1e6).c_str(), rate_or_dash(c, "fpx array", 1e6).c_str(),
        rate_or_dash(c, "SoftFloat", 1e6).c_str(), rate_or_dash(c, "native float", 1e6).c_str(),
        ratio_or_dash(c, "fpx scalar", "SoftFloat").c_str(),
        ratio_or_dash(c, "fpx array", "SoftFloat").c_str(),
        ratio_or_dash(c, "native float", "fpx scalar").c_str());
  std::printf(
      "\n| conversion | fpx array Mop/s | fpx scalar Mop/s | CPFloat Mop/s | array / "
      "CPFloat |\n|---|---|---|---|---|\n");
  for (const Comparison& c : conversions)
    std::printf("| %s | %s | %s | %s | %s |\n", c.label.c_str(),
                rate_or_dash(c, "fpx array", 1e6).c_str(),
                rate_or_dash(c, "fpx scalar", 1e6).c_str(), rate_or_dash(c, "CPFloat", 1e6).c_str(),
                ratio_or_dash(c, "fpx array", "CPFloat").c_str());
  std::printf(
      "\n| long vector | fpx Melem/s | baseline | baseline Melem/s | fpx time / baseline "
      "time |\n|---|---|---|---|---|\n");
  for (const Comparison& c : long_runs) {
    const Contender& fpx_side = c.contenders.front();
    if (c.contenders.size() < 2) {
      std::printf("| %s | %s | - | - | - |\n", c.label.c_str(), format_rate(fpx_side, 1e6).c_str());
      continue;
    }
    const Contender& baseline = c.contenders[1];
    std::printf("| %s | %s | %s | %s | %s |\n", c.label.c_str(), format_rate(fpx_side, 1e6).c_str(),
                baseline.name.c_str(), format_rate(baseline, 1e6).c_str(),
                format_ratio(ratio(baseline, fpx_side)).c_str());
  }
  return 0;
}
