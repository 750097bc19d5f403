// The strategy table (include/fpx/summation/strategy.hpp): names, parameters,
// memory needs and cost per term of every summation strategy, in one place.
#include "fpx/summation/strategy.hpp"

#include <charconv>
#include <stdexcept>

#include "fpx/core/text.hpp"

namespace fpx {
namespace {

constexpr int largest_parameter = 1 << 30;

// Cost per term of a dot product (the counting convention of
// linear_models/counted_arithmetic.hpp: the first addition into the zero
// accumulator counts, so a plain dot of n terms is n multiplies and n
// additions, whatever the order).
constexpr CostPerTerm plain_cost{1, 1, 0, 0};
// Kahan (1965): y = x - c; t = s + y; c = (t - s) - y; s = t.
constexpr CostPerTerm kahan_cost{1, 4, 0, 0};
// Neumaier: t = s + x; c += (s - t) + x (or (x - t) + s); the final s + c.
constexpr CostPerTerm neumaier_cost{1, 4, 0, 1};
// Klein (2006): two nested Neumaier corrections; the final s + (cs + ccs).
constexpr CostPerTerm klein_cost{1, 7, 0, 2};
// Ogita, Rump and Oishi's Dot2: TwoProduct (a multiply and an fma), TwoSum
// (6 additions), the error terms summed (2 additions); the final sum.
constexpr CostPerTerm dot2_cost{1, 8, 1, 1};
constexpr CostPerTerm fma_cost{0, 0, 1, 0};

constexpr StrategyDescription table[] = {
    {StrategyKind::Serial, "serial", "serial", 0, 0, false, false, false, true, plain_cost,
     "s = rn(s + x_i) in order from +0"},
    {StrategyKind::Fma, "fma", "fma", 0, 0, false, true, false, true, fma_cost,
     "t = rn(a_i b_i + t): one rounding per term (dot products only)"},
    {StrategyKind::Pairwise, "pairwise", "pairwise", 'L', 1, false, false, true, true, plain_cost,
     "recursive halving; leaves of L terms summed serially"},
    {StrategyKind::Numpy, "numpy", "numpy", 0, 0, false, false, true, true, plain_cost,
     "numpy's pairwise_sum: blocks of 128, 8 interleaved accumulators"},
    {StrategyKind::Strided, "strided", "strided", 'P', 32, true, false, false, true, plain_cost,
     "P lanes summed serially, then combined pairwise"},
    {StrategyKind::Blocked, "blocked", "blocked", 'B', 256, true, false, false, true, plain_cost,
     "serial inside blocks of B, then serial over the block sums"},
    {StrategyKind::Kahan, "kahan", "kahan", 0, 0, false, false, false, true, kahan_cost,
     "compensated summation (Kahan 1965)"},
    {StrategyKind::Neumaier, "neumaier", "neumaier", 0, 0, false, false, false, true, neumaier_cost,
     "Kahan-Babuska-Neumaier (Neumaier 1974)"},
    {StrategyKind::Klein, "klein", "klein", 0, 0, false, false, false, true, klein_cost,
     "second-order Kahan-Babuska (Klein 2006)"},
    {StrategyKind::Sum2, "sum2", "dot2", 0, 0, false, false, false, true, dot2_cost,
     "Ogita, Rump and Oishi's Sum2 / Dot2 (TwoSum, FMA-based TwoProduct)"},
    {StrategyKind::Sorted, "sorted", "sorted", 0, 0, false, false, true, true, plain_cost,
     "serial over increasing magnitude"},
    {StrategyKind::Stochastic, "stochastic", "stochastic", 0, 0, false, false, false, true,
     plain_cost, "serial with stochastic rounding (--seed)"},
    {StrategyKind::Exact, "exact", "exact", 0, 0, false, false, false, true, plain_cost,
     "the exact sum, rounded once"},
    {StrategyKind::TensorCore, "mma", "mma", 0, 0, false, false, true, false, plain_cost,
     "NVIDIA tensor cores of ARCH (h100 h200 a100 v100 b200), as fpx mma models them"},
};

// "mma:h100", "mma:h100:wgmma".
std::optional<Strategy> parse_tensor_core_strategy(std::string_view rest) {
  auto instruction = TensorCoreInstruction::Mma;
  if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
    const auto parsed = parse_instruction(rest.substr(colon + 1));
    if (!parsed) return std::nullopt;
    instruction = *parsed;
    rest = rest.substr(0, colon);
  }
  const auto arch = parse_arch(rest);
  if (!arch) return std::nullopt;
  return Strategy{StrategyKind::TensorCore, 0, TensorCoreTarget{*arch, instruction}};
}

// The parameter after ':': 1 to 2^30 in decimal digits.
std::optional<int> parse_parameter(std::string_view digits) {
  if (digits.empty() || digits.size() > 10) return std::nullopt;
  for (char ch : digits)
    if (ch < '0' || ch > '9') return std::nullopt;
  long long value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  if (value < 1 || value > largest_parameter) return std::nullopt;
  return int(value);
}

}  // namespace

std::span<const StrategyDescription> strategy_table() { return table; }

const StrategyDescription& describe(StrategyKind kind) {
  for (const StrategyDescription& row : table)
    if (row.kind == kind) return row;
  throw std::invalid_argument("summation: unknown strategy kind");
}

int Strategy::parameter_or_default() const {
  if (parameter < 0) throw std::invalid_argument("summation: negative strategy parameter");
  return parameter != 0 ? parameter : describe(kind).default_parameter;
}

std::string Strategy::name(bool dot) const {
  const StrategyDescription& row = describe(kind);
  if (kind == StrategyKind::TensorCore)
    return "mma:" + std::string(arch_name(tensor_core.arch)) +
           (tensor_core.instruction == TensorCoreInstruction::Wgmma ? ":wgmma" : "");
  std::string out(dot ? row.dot_name : row.name);
  if (row.parameter_letter && (parameter != 0 || row.name_shows_default)) {
    out += ':';
    out += std::to_string(parameter_or_default());
  }
  return out;
}

std::optional<Strategy> parse_strategy(std::string_view given) {
  // Names are case-insensitive.
  const std::string lowered = to_lower(given);
  const std::string_view name = lowered;
  std::string_view base = name;
  std::string_view rest;
  const auto colon = name.find(':');
  if (colon != std::string_view::npos) {
    base = name.substr(0, colon);
    rest = name.substr(colon + 1);
  }
  if (base == "mma") {
    if (colon == std::string_view::npos) return std::nullopt;
    return parse_tensor_core_strategy(rest);
  }
  for (const StrategyDescription& row : table) {
    if (row.kind == StrategyKind::TensorCore || (base != row.name && base != row.dot_name))
      continue;
    if (colon == std::string_view::npos) return Strategy{row.kind, 0};
    if (!row.parameter_letter) return std::nullopt;
    const auto parameter = parse_parameter(rest);
    if (!parameter) return std::nullopt;
    return Strategy{row.kind, *parameter};
  }
  return std::nullopt;
}

std::vector<Strategy> all_strategies(bool dot) {
  std::vector<Strategy> out;
  for (const StrategyDescription& row : table)
    if (row.in_all && (dot || !row.dot_only)) out.push_back(Strategy{row.kind, 0});
  return out;
}

bool needs_whole_vector(const Strategy& strategy) {
  return describe(strategy.kind).needs_whole_vector;
}

std::string unknown_strategy_message(std::string_view name, bool dot) {
  const auto parsed = parse_strategy(name);
  if (parsed && parsed->kind == StrategyKind::Fma && !dot)
    return "the strategy fma is for dot products only (a sum has no products to fuse)";
  std::vector<std::string_view> names;
  for (const StrategyDescription& row : table) {
    if (row.dot_only && !dot) continue;
    names.push_back(row.name);
    if (row.dot_name != row.name) names.push_back(row.dot_name);
  }
  names.push_back("all");
  std::string message =
      "unknown strategy " + quote(name) + " (expected " + strategy_spellings(dot) + ", or all";
  const std::string base(name.substr(0, name.find(':')));
  if (const auto suggestion = closest_name(base, names))
    message += "; did you mean " + std::string(*suggestion) + "?";
  return message + ")";
}

std::string strategy_spellings(bool dot) {
  std::string out;
  for (const StrategyDescription& row : table) {
    if (row.dot_only && !dot) continue;
    if (!out.empty()) out += ", ";
    if (row.kind == StrategyKind::TensorCore) {
      out += "mma:ARCH[:wgmma]";
      continue;
    }
    out += row.name;
    if (row.dot_name != row.name) out += std::string(" (") + std::string(row.dot_name) + ")";
    if (row.parameter_letter) out += std::string("[:") + row.parameter_letter + "]";
  }
  return out;
}

}  // namespace fpx
