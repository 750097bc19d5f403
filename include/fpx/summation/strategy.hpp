// What a summation strategy is: its kind, its parameter, and one table from
// which every name, the parsing, the help text, the memory a strategy needs
// and its cost per term are derived. The algorithms are in summation.hpp,
// their error bounds in error_bound.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fpx/tensor_core/configuration.hpp"

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
  TensorCore,  // "mma:ARCH[:wgmma]": tensor cores as modelled in tensor_core/model.hpp
};

// The tensor cores a TensorCore strategy runs on.
struct TensorCoreTarget {
  TensorCoreArch arch = TensorCoreArch::H100;
  TensorCoreInstruction instruction = TensorCoreInstruction::Mma;
  friend constexpr bool operator==(const TensorCoreTarget&, const TensorCoreTarget&) = default;
};

struct Strategy {
  constexpr Strategy(StrategyKind kind = StrategyKind::Serial, int parameter = 0,
                     TensorCoreTarget tensor_core = {})
      : kind(kind), parameter(parameter), tensor_core(tensor_core) {}

  StrategyKind kind = StrategyKind::Serial;
  int parameter = 0;             // leaf size, lanes or block size; 0 = the default
  TensorCoreTarget tensor_core;  // TensorCore only

  // "serial", "pairwise", "pairwise:16", "strided:32", "blocked:64", "sum2"
  // (printed as "dot2" for dot products), "mma:h100", "mma:h100:wgmma".
  std::string name(bool dot = false) const;
  // The parameter, or the kind's default when it is 0.
  int parameter_or_default() const;
  friend bool operator==(const Strategy&, const Strategy&) = default;
};

// What a dot product of n terms costs under a strategy, in operations of
// the working format: per term, plus a constant (the final additions of the
// compensated strategies). The counting convention is
// linear_models/counted_arithmetic.hpp's.
struct CostPerTerm {
  std::uint8_t multiplies = 1;
  std::uint8_t additions = 1;
  std::uint8_t fused_multiply_adds = 0;
  std::uint8_t final_additions = 0;
};

// One row of the strategy table.
struct StrategyDescription {
  StrategyKind kind;
  std::string_view name;      // as parsed and printed
  std::string_view dot_name;  // its name in dot products ("dot2" for sum2)
  char parameter_letter;      // 'L', 'P', 'B', or 0 when the strategy takes none
  int default_parameter;      // used when the parameter is 0
  bool name_shows_default;    // "strided:32" even when the parameter is the default
  bool dot_only;              // fma: no sums
  bool needs_whole_vector;    // O(n) memory; the others stream in O(1) (strided: O(P))
  bool in_all;                // listed by "all" (mma:ARCH needs a tensor-core input format)
  CostPerTerm cost;           // for dot products
  std::string_view summary;   // one line for help texts
};

// The table, in the order "all" lists the strategies.
std::span<const StrategyDescription> strategy_table();
const StrategyDescription& describe(StrategyKind kind);

// Parses a name as printed by Strategy::name ("dot2" is Sum2; "mma:h100",
// "mma:h100:wgmma"). Empty if unknown.
std::optional<Strategy> parse_strategy(std::string_view name);
// Every strategy of the table marked in_all, with its default parameter;
// Fma only for dot products.
std::vector<Strategy> all_strategies(bool dot);
// Pairwise, Numpy, Sorted, TensorCore need every term before they start.
bool needs_whole_vector(const Strategy& strategy);
// "serial, fma, pairwise[:L], ..., exact, mma:ARCH[:wgmma]": every spelling
// parse_strategy takes (without fma for sums), for messages and help texts.
std::string strategy_spellings(bool dot);
// "unknown strategy 'kahn' (expected serial, ...; did you mean kahan?)"; fma
// named for a sum is explained.
std::string unknown_strategy_message(std::string_view name, bool dot);

}  // namespace fpx
