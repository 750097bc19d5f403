// GenDot in exact arithmetic (include/fpx/experiments/generate_dot.hpp).
#include "fpx/experiments/generate_dot.hpp"

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "fpx/core/rounding.hpp"
#include "fpx/summation/exact_accumulator.hpp"

namespace fpx {
namespace {

// r 2^exponent with r = k 2^-p uniform in (-1, 1), |k| < 2^p: a value of the
// format, encoded exactly (the range checks of generate_dot keep it normal).
std::uint64_t random_scaled(const Format& format, std::mt19937_64& engine, int exponent) {
  const int p = format.precision;
  const std::uint64_t draw = engine();
  const std::uint64_t k = draw >> (64 - p);
  const bool negative = (draw & 1) != 0;
  return round_pack<std::uint64_t>(format, negative, exponent - p, k, false, Rounding::NearestEven)
      .bits;
}

// A uniform draw on [0, 1) with 53 random bits.
double unit_draw(std::mt19937_64& engine) { return double(engine() >> 11) * 0x1p-53; }

bool is_finite_value(const Format& format, std::uint64_t bits) {
  const FloatClass c = classify(format, bits);
  return c == FloatClass::Zero || c == FloatClass::Subnormal || c == FloatClass::Normal;
}

}  // namespace

GeneratedDot generate_dot(const Format& format, std::size_t n, double target_condition,
                          std::uint64_t seed) {
  if (n < 6) throw std::invalid_argument("generate_dot: n must be at least 6");
  if (!(target_condition >= 1) || !std::isfinite(target_condition))
    throw std::invalid_argument("generate_dot: the condition number must be at least 1");
  const double b = std::log2(target_condition);
  const int top = int(std::lround(b / 2));  // round(b/2), halves away from zero as MATLAB's round
  const int shift = int(std::lround(b / 4));
  // The largest product is below 2^(2 (top + 1 - shift) + 2); the dot
  // product ends near 2^(-2 shift).
  if (2 * (top + 2 - shift) > format.max_exponent() || -2 * shift - 2 < format.min_exponent())
    throw std::invalid_argument("generate_dot: condition number " +
                                std::to_string(target_condition) + " is beyond the range of " +
                                std::string(format.name));
  std::mt19937_64 engine(seed);
  const std::size_t half = (n + 1) / 2;  // round(n/2)
  std::vector<std::uint64_t> x(n), y(n);
  ExactAccumulator so_far(format);

  // 1. The first half: random exponents in [0, b/2], both ends present.
  for (std::size_t i = 0; i < half; ++i) {
    int e = int(std::lround(unit_draw(engine) * b / 2));
    if (i == 0) e = top + 1;
    if (i + 1 == half) e = 0;
    x[i] = random_scaled(format, engine, e - shift);
    y[i] = random_scaled(format, engine, e - shift);
    so_far.add_product(x[i], y[i]);
  }
  // 2. The second half: exponents from b/2 down to 0; y_i makes the dot
  // product so far about r' 2^e_i.
  const std::size_t rest = n - half;
  for (std::size_t j = 0; j < rest; ++j) {
    const std::size_t i = half + j;
    const double fraction = double(j) / double(rest - 1);
    const int e = int(std::lround(b / 2 * (1 - fraction)));
    const Rational dot_so_far = to_rational(so_far.value());
    while (true) {
      x[i] = random_scaled(format, engine, e - shift);
      // In the units of the products (x and y each lowered by 2^shift).
      const std::uint64_t target = random_scaled(format, engine, e - 2 * shift);
      if ((x[i] & format.magnitude_mask()) == 0) continue;
      const Rational wanted =
          (to_rational(format, target) - dot_so_far) / to_rational(format, x[i]);
      y[i] = round_to_format(format, wanted, Rounding::NearestEven);
      if (is_finite_value(format, y[i])) break;
    }
    so_far.add_product(x[i], y[i]);
  }
  // 3. The same random permutation of both (Fisher-Yates; the modulo's bias
  // is below n 2^-64).
  for (std::size_t i = n - 1; i > 0; --i) {
    const std::size_t j = std::size_t(engine() % (i + 1));
    std::swap(x[i], x[j]);
    std::swap(y[i], y[j]);
  }
  GeneratedDot out;
  out.x = std::move(x);
  out.y = std::move(y);
  out.exact = to_rational(so_far.value());
  ExactAccumulator magnitudes(format);
  for (std::size_t i = 0; i < n; ++i)
    magnitudes.add_product(out.x[i] & format.magnitude_mask(), out.y[i] & format.magnitude_mask());
  if (out.exact != 0) {
    const Rational magnitude_exact = out.exact < 0 ? Rational(-out.exact) : out.exact;
    out.condition = 2 * to_rational(magnitudes.value()) / magnitude_exact;
  }
  return out;
}

}  // namespace fpx
