// Summation strategies for sums and dot products in emulated arithmetic:
// each term, product and partial sum rounded by the fpx core in the chosen
// formats and mode, so that the result is what hardware following that
// strategy returns. Each strategy cites its source and has an a-priori error
// bound (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed.,
// SIAM 2002, chapter 4; Ogita, Rump and Oishi, "Accurate sum and dot
// product", SIAM J. Sci. Comput. 26(6), 2005).
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fpx/decimal.hpp"
#include "fpx/format.hpp"
#include "fpx/rounding.hpp"

namespace fpx {

enum class StrategyKind : std::uint8_t {
  Serial,      // s = rn(s + x_i) in order; dots: x_i = rn(a_i b_i)
  Fma,         // t = rn(a_i b_i + t) (dot products only)
  Pairwise,    // recursive halving of contiguous ranges; parameter: leaf size (default 1)
  Numpy,       // numpy's pairwise_sum: blocks of 128, 8 interleaved accumulators
  Strided,     // parameter P lanes, lane j sums j, j+P, ... serially, lanes combined pairwise
  Blocked,     // parameter B: serial inside blocks of B, then serial over block sums
  Kahan,       // compensated summation (Kahan 1965)
  Neumaier,    // Kahan-Babuska-Neumaier (Neumaier 1974)
  Klein,       // second-order Kahan-Babuska (Klein 2006)
  Sum2,        // Ogita-Rump-Oishi Sum2 / Dot2 with TwoSum and FMA-based TwoProduct
  Sorted,      // serial over increasing magnitude
  Stochastic,  // serial with stochastic rounding, seeded
  Exact,       // the exact sum, rounded once
  TensorCore,  // "mma:ARCH[:wgmma]": tensor cores as modelled in tensor_core.hpp
};

struct Strategy {
  StrategyKind kind = StrategyKind::Serial;
  int parameter = 0;  // leaf size, lanes or block size; 0 = the default;
                      // TensorCore: architecture + 16 * instruction (tensor_core.hpp)

  // "serial", "pairwise", "pairwise:16", "strided:32", "blocked:64", "sum2"
  // (printed as "dot2" for dot products), ...
  std::string name(bool dot = false) const;
  friend bool operator==(const Strategy&, const Strategy&) = default;
};

// Parses a name as printed by Strategy::name ("dot2" is Sum2). Empty if unknown.
std::optional<Strategy> parse_strategy(std::string_view name);
// Every strategy with its default parameter; Fma only for dot products.
// TensorCore strategies are not in the list: they need a tensor-core input
// format (binary16, bfloat16, tf32, e4m3, e5m2) and a binary32 accumulator.
std::vector<Strategy> all_strategies(bool dot);
// Pairwise, Numpy, Sorted, TensorCore need every term before they start (O(n) memory);
// the others stream in O(1) memory (Strided: O(P)).
bool needs_whole_vector(const Strategy& strategy);

struct SummationOptions {
  const Format* input_format = &binary32;      // the terms or factors
  const Format* accumulator_format = nullptr;  // default: input format
  const Format* product_format = nullptr;      // default: accumulator format
  Rounding rounding = Rounding::NearestEven;   // every rounding except Stochastic's
  std::uint64_t seed = 0;                      // Stochastic: the seed of its source
  Tininess tininess = Tininess::AfterRounding;

  const Format& accumulator() const {
    return accumulator_format ? *accumulator_format : *input_format;
  }
  const Format& product() const { return product_format ? *product_format : accumulator(); }
};

// The result in the accumulator format and the union of the flags raised by
// every operation of the strategy (conversions of the inputs included).
Rounded sum(const Strategy& strategy, std::span<const std::uint64_t> terms,
            const SummationOptions& options);
Rounded dot(const Strategy& strategy, std::span<const std::uint64_t> a,
            std::span<const std::uint64_t> b, const SummationOptions& options);

// A strategy fed one term (or one pair of factors) at a time. Only for
// strategies that do not need the whole vector.
class StreamingSummation {
 public:
  virtual ~StreamingSummation() = default;
  virtual void add(std::uint64_t term) = 0;
  virtual void add_product(std::uint64_t a, std::uint64_t b) = 0;
  virtual Rounded result() const = 0;
};
std::unique_ptr<StreamingSummation> make_streaming_summation(const Strategy& strategy,
                                                             const SummationOptions& options);

// A-priori bound: |computed - exact| <= relative * |exact| + absolute * S,
// S = sum |x_i| (or sum |a_i b_i|), for n terms in the accumulator format
// with unit roundoff u = 2^-p (nearest) or 2^(1-p) (directed, to odd,
// stochastic), assuming no overflow or underflow. `formula` says it in words,
// e.g. "gamma(n-1) * sum|x|", `source` cites it. Where no bound is known
// (compensated sums outside round to nearest, n u >= 1), both factors are -1
// (has_bound() false) and `formula` says why.
struct ErrorBound {
  Rational relative = 0;
  Rational absolute = 0;
  std::string formula;
  std::string source;

  bool has_bound() const { return relative >= 0 && absolute >= 0; }
};
ErrorBound error_bound(const Strategy& strategy, std::size_t n, bool dot,
                       const SummationOptions& options);

}  // namespace fpx
