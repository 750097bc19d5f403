// A-priori error bounds of the summation strategies
// (include/fpx/summation/error_bound.hpp).
#include "fpx/summation/error_bound.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace fpx {
namespace {

bool is_nearest(Rounding mode) {
  return mode == Rounding::NearestEven || mode == Rounding::NearestAway;
}

}  // namespace

// Error bounds. Model (Higham 2002, section 2.2): without underflow and
// overflow every operation returns (exact)(1 + d), |d| <= u, with u = 2^-p in
// the nearest modes and 2^(1-p) in the others (directed, to odd, stochastic).

namespace {

Rational unit_roundoff(const Format& format, Rounding mode) {
  Rational u(1);
  u /= Rational(boost::multiprecision::cpp_int(1) << format.precision);
  return is_nearest(mode) ? u : 2 * u;
}

// Smallest d >= 0 with base * 2^d >= n (n, base >= 1).
std::size_t levels(std::size_t n, std::size_t base) {
  std::size_t d = 0;
  boost::multiprecision::cpp_int reach = base;
  while (reach < n) {
    reach *= 2;
    ++d;
  }
  return d;
}

std::size_t ceil_div(std::size_t a, std::size_t b) { return a / b + (a % b != 0); }

// Higham's gamma_k = k u / (1 - k u), defined for k u < 1.
std::optional<Rational> gamma(std::size_t k, const Rational& u) {
  const Rational ku = Rational(boost::multiprecision::cpp_int(k)) * u;
  if (ku >= 1) return std::nullopt;
  return ku / (1 - ku);
}

// A bound on |prod (1 + d_i)^(+-1) - 1| over k factors: gamma_k when k u < 1,
// else (1 + u)^k - 1 <= e^(k u) - 1 <= 2^ceil(3 k u / 2) - 1 (as 3/2 >
// 1/ln 2), a weak but valid bound that needs no hypothesis.
Rational chain(std::size_t k, const Rational& u, bool& fallback) {
  if (auto g = gamma(k, u)) return *g;
  fallback = true;
  const Rational e = Rational(3 * boost::multiprecision::cpp_int(k)) * u / 2;
  boost::multiprecision::cpp_int exponent =
      boost::multiprecision::numerator(e) / boost::multiprecision::denominator(e);
  if (Rational(exponent) < e) ++exponent;
  return Rational((boost::multiprecision::cpp_int(1) << int(exponent)) - 1);
}

// The most roundings any term meets in numpy's pairwise_sum of n terms.
std::size_t numpy_pairwise_depth(std::size_t n) {
  if (n < 8) return n == 0 ? 0 : n - 1;
  if (n <= 128) return n / 8 - 1 + 3 + n % 8;
  std::size_t half = n / 2;
  half -= half % 8;
  return 1 + std::max(numpy_pairwise_depth(half), numpy_pairwise_depth(n - half));
}

// The same in np.sum: blocks of 8192 by pairwise_sum, the block sums added
// in order from +0 (the first addition, to +0, is exact).
std::size_t numpy_depth(std::size_t n) {
  constexpr std::size_t block = 8192;
  if (n <= block) return numpy_pairwise_depth(n);
  return (n + block - 1) / block - 1 + numpy_pairwise_depth(block);
}

// What rounds a term before the summation proper.
struct PreRounding {
  std::size_t count = 0;  // roundings on the way (products: factors' and the product's)
  Rational unit = 0;      // the largest unit roundoff among them
};

PreRounding pre_rounding(StrategyKind kind, bool dot, const SummationOptions& options,
                         Rounding mode) {
  const Format& in = *options.input_format;
  const Format& acc = options.accumulator();
  const Format& prod = options.product();
  PreRounding out;
  auto note = [&](std::size_t count, const Format& format) {
    if (count == 0) return;
    out.count += count;
    out.unit = std::max(out.unit, unit_roundoff(format, mode));
  };
  if (kind == StrategyKind::Exact) return out;
  if (!dot) {
    note(in.precision > acc.precision ? 1 : 0, acc);
    return out;
  }
  if (kind == StrategyKind::Fma || kind == StrategyKind::Sum2) {
    note(in.precision > acc.precision ? 2 : 0, acc);
    return out;
  }
  const int factor_precision = std::min(in.precision, prod.precision);
  note(in.precision > prod.precision ? 2 : 0, prod);
  const bool exact_product = 2 * factor_precision <= prod.precision;
  note(exact_product ? 0 : 1, prod);
  const int product_precision = exact_product ? 2 * factor_precision : prod.precision;
  note(!(prod == acc) && product_precision > acc.precision ? 1 : 0, acc);
  return out;
}

ErrorBound no_bound(std::string why, std::string source) {
  ErrorBound out;
  out.relative = -1;
  out.absolute = -1;
  out.formula = "no bound: " + std::move(why);
  out.source = std::move(source);
  return out;
}

}  // namespace

ErrorBound error_bound(const Strategy& strategy, std::size_t n, bool dot,
                       const SummationOptions& options) {
  if (!options.input_format) throw std::invalid_argument("error_bound: no input format");
  if (strategy.kind == StrategyKind::Fma && !dot)
    throw std::invalid_argument("error_bound: the fma strategy is for dot products only");
  const int parameter = strategy.parameter_or_default();
  const Format& acc = options.accumulator();
  const Rounding mode =
      strategy.kind == StrategyKind::Stochastic ? Rounding::Stochastic : options.rounding;
  const bool nearest = is_nearest(mode);
  const Rational u = unit_roundoff(acc, mode);
  const PreRounding pre = pre_rounding(strategy.kind, dot, options, mode);
  const std::string terms = dot ? "sum|a_i b_i|" : "sum|x_i|";
  const std::string pre_text =
      pre.count == 0 ? ""
                     : " + " + std::to_string(pre.count) +
                           (dot ? " roundings of factors and products" : " rounding of the input");
  const std::string u_text =
      std::string(nearest ? "u = 2^-p" : "u = 2^(1-p)") + " of the accumulator format" +
      (pre.count != 0 && pre.unit > u ? " (or of the product format, the larger)" : "");
  const std::string assumption = "; no underflow or overflow";

  ErrorBound out;
  // Strategies whose every term goes through a chain of at most k roundings.
  auto chained = [&](std::size_t k, const std::string& k_text, const std::string& source) {
    const Rational unit = std::max(u, pre.unit);
    const std::string k_value = std::to_string(k + pre.count);
    // Beyond k u < 1 gamma(k) is not defined: the only valid bounds grow
    // like (1 + u)^k and say nothing (a stalled sum is within them), so none
    // is given.
    if (!gamma(k + pre.count, unit))
      return no_bound("k u >= 1 with k = " + k_text + pre_text + " = " + k_value + ", " + u_text +
                          ": gamma(k) = k u / (1 - k u) does not exist and the sum can stall",
                      source);
    bool fallback = false;
    out.absolute = chain(k + pre.count, unit, fallback);
    out.formula = "gamma(k) * " + terms + ", k = " + k_text + pre_text + " = " + k_value +
                  ", gamma(k) = k u / (1 - k u), " + u_text + assumption;
    out.source = source;
    return out;
  };
  // Compensated strategies: a bound r |s~| + a S~ on the terms after their
  // pre-rounding, s~ = s (1 + t), |t| <= g: so r |s| + (a (1 + g) + g + r g) S.
  auto compose = [&](Rational relative, Rational absolute) {
    bool fallback = false;
    const Rational g = pre.count == 0 ? Rational(0) : chain(pre.count, pre.unit, fallback);
    out.relative = relative;
    out.absolute = absolute * (1 + g) + g + relative * g;
  };
  auto pre_note = [&]() {
    return pre.count == 0
               ? std::string()
               : "; with g = gamma(" + std::to_string(pre.count) +
                     ") for the rounding of the terms before the sum (" + pre_text.substr(3) +
                     "): relative r and absolute a (1 + g) + g + r g";
  };
  const std::string higham = "Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed. 2002";
  const std::size_t m = std::max<std::size_t>(n, 1);

  switch (strategy.kind) {
    case StrategyKind::Serial:
    case StrategyKind::Sorted:
    case StrategyKind::Stochastic: {
      std::string source = higham + (dot ? ", (3.5)" : ", (4.4)");
      if (strategy.kind == StrategyKind::Sorted) source += ", for any order";
      if (strategy.kind == StrategyKind::Stochastic)
        source += "; a deterministic bound, which holds for every stochastic draw (|d| < 2^(1-p))";
      return chained(m - 1, "n - 1 additions", source);
    }
    case StrategyKind::Fma:
      return chained(n, "n fused multiply-adds", higham + ", (3.5) with one rounding per step");
    case StrategyKind::Pairwise: {
      const std::size_t leaf = std::size_t(parameter);
      const std::size_t k = n == 0 ? 0 : std::min(leaf, n) - 1 + levels(n, leaf);
      return chained(k, "L - 1 + ceil(log2(n/L)) with leaf size L = " + std::to_string(leaf),
                     higham + ", section 4.2 (pairwise summation)");
    }
    case StrategyKind::Numpy:
      return chained(numpy_depth(n),
                     "the most roundings a term meets in np.sum: blocks of 8192 by pairwise_sum, "
                     "k(n) = n - 1 (n < 8), floor(n/8) + 2 + (n mod 8) (n <= 128), "
                     "1 + max(k(n2), k(n - n2)) (n2 = floor(n/2) rounded down to a multiple of "
                     "8), plus ceil(n/8192) - 1 for the block sums",
                     higham +
                         ", section 4.2, with k derived by us from numpy's recursion "
                         "(numpy/_core/src/umath/loops_utils.h.src)");
    case StrategyKind::Strided: {
      const std::size_t lanes = std::size_t(parameter);
      const std::size_t k = n == 0 ? 0 : ceil_div(n, lanes) - 1 + levels(lanes, 1);
      return chained(k, "ceil(n/P) - 1 + ceil(log2 P) with P = " + std::to_string(lanes),
                     higham + ", (4.4) in each lane and section 4.2 across lanes");
    }
    case StrategyKind::Blocked: {
      const std::size_t block = std::size_t(parameter);
      const std::size_t k = n == 0 ? 0 : std::min(block, n) - 1 + ceil_div(n, block) - 1;
      return chained(k, "B - 1 + ceil(n/B) - 1 with B = " + std::to_string(block),
                     higham + ", (4.4) inside and across blocks");
    }
    case StrategyKind::Kahan: {
      // Derived by us for any rounding with |d| <= u (Higham's (4.8), 2u +
      // O(n u^2), states no constant): with y = rn(x + e), s' = rn(s + y),
      // e' = rn(rn(s - s') + y), the error of s + e changes by at most
      // u|x+e| + u(1+u)|y| + u^2 (2+u)|s+y| per term and |e| <= 5 u S, |s| <= 2S
      // by induction; the result s misses the final e: 7u + 20 n u^2.
      const Rational nu = Rational(boost::multiprecision::cpp_int(n)) * u;
      if (u > Rational(1, 64) || 10 * nu > 1)
        return no_bound("the derived bound needs u <= 1/64 and 10 n u <= 1",
                        "derived by us, after Higham 2002 (4.8) and Knuth TAOCP vol. 2, 4.2.2");
      compose(0, 7 * u + 20 * nu * u);
      out.formula = "(7u + 20 n u^2) * " + terms + ", " + u_text + assumption + pre_note();
      out.source =
          "with a constant we derived (any rounding mode); Higham 2002 (4.8) gives 2u + "
          "O(n u^2) in round to nearest; Kahan 1965, Knuth TAOCP vol. 2, 4.2.2";
      return out;
    }
    case StrategyKind::Neumaier: {
      const auto gn = gamma(n, u), gn1 = gamma(n == 0 ? 0 : n - 1, u);
      const std::string source =
          "Neumaier 1974 (ZAMM 54), Knuth TAOCP vol. 2, 4.2.2; with constants we derived";
      if (!gn || !gn1) return no_bound("needs n u < 1", source);
      if (nearest) {
        // Fast2Sum on the larger magnitude is exact in round to nearest: the
        // corrections are the exact errors q_i, sum|q_i| <= gamma(n) S, summed
        // with error gamma(n-1) sum|q_i|; the final addition gives u|s|.
        compose(u, (1 + u) * *gn1 * *gn);
        out.formula = "u |s| + (1 + u) gamma(n-1) gamma(n) * " + terms + ", " + u_text +
                      assumption + pre_note();
      } else {
        // Without exact Fast2Sum each correction misses the error by at most
        // u(1+u)|x_i| + u^2 (2+u) |s + x_i|, |s + x_i| <= S / (1 - n u).
        const Rational nu = Rational(boost::multiprecision::cpp_int(n)) * u;
        const Rational d = u * (1 + u) + nu * u * (2 + u) / (1 - nu);
        compose(u, (1 + u) * (*gn1 * (*gn + d) + d));
        out.formula = "u |s| + (1 + u) (gamma(n-1) (gamma(n) + D) + D) * " + terms +
                      ", D = u (1 + u) + n u^2 (2 + u) / (1 - n u), " + u_text + assumption +
                      pre_note();
      }
      out.source = source;
      return out;
    }
    case StrategyKind::Klein: {
      const std::string source =
          "Klein, A generalized Kahan-Babuska summation algorithm, Computing 76 (2006); with "
          "constants we derived";
      const auto gn = gamma(n, u), gn1 = gamma(n == 0 ? 0 : n - 1, u);
      if (!nearest)
        return no_bound("the derivation needs exact Fast2Sum (round to nearest)", source);
      if (!gn || !gn1) return no_bound("needs n u < 1", source);
      // The first level's corrections are the exact errors (sum <= gamma(n) S),
      // summed by a second Neumaier level with error gamma(n-1) gamma(n) of
      // their sum; rounding cs + ccs costs u gamma(n) S, the last addition u|s|.
      compose(u, (1 + u) * ((1 + u) * *gn1 * *gn * *gn + u * *gn));
      out.formula = "u |s| + (1 + u) ((1 + u) gamma(n-1) gamma(n)^2 + u gamma(n)) * " + terms +
                    ", " + u_text + assumption + pre_note();
      out.source = source;
      return out;
    }
    case StrategyKind::Sum2: {
      const std::string source =
          dot ? "Ogita, Rump and Oishi, Accurate sum and dot product, SIAM J. Sci. Comput. 26(6) "
                "2005, Proposition 5.5 (Dot2)"
              : "Ogita, Rump and Oishi, Accurate sum and dot product, SIAM J. Sci. Comput. 26(6) "
                "2005, Proposition 4.5 (Sum2)";
      if (!nearest)
        return no_bound("TwoSum and TwoProduct are error-free only in round to nearest", source);
      const auto g = gamma(dot ? n : (n == 0 ? 0 : n - 1), u);
      if (!g || Rational(boost::multiprecision::cpp_int(n)) * u >= 1)
        return no_bound("needs n u < 1", source);
      compose(u, *g * *g);
      out.formula = std::string("u |s| + gamma(") + (dot ? "n" : "n-1") + ")^2 * " + terms + ", " +
                    u_text + assumption + pre_note();
      out.source = source;
      return out;
    }
    case StrategyKind::TensorCore:
      return no_bound(
          "no a-priori bound is derived for the tensor-core model (truncation to F bits per block)",
          "tensor_core.hpp; MMA-Sim, arXiv 2511.10909");
    case StrategyKind::Exact:
      out.relative = u;
      out.absolute = 0;
      out.formula = "u |s|: one rounding of the exact sum, " + u_text + assumption;
      out.source = "IEEE 754-2019 correct rounding (" + higham + ", (2.4))";
      return out;
  }
  throw std::invalid_argument("error_bound: unknown strategy");
}

}  // namespace fpx
