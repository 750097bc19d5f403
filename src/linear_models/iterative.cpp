// The iterative least-squares methods (include/fpx/linear_models/iterative.hpp).
#include "fpx/linear_models/iterative.hpp"

#include <algorithm>

#include "fpx/core/decimal.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/linear_models/exact_least_squares.hpp"
#include "fpx/linear_models/kernels.hpp"

namespace fpx {
namespace {

// max_i |v_i| exactly.
Rational max_magnitude(const std::vector<Rational>& values) {
  Rational best = 0;
  for (const Rational& value : values) best = std::max(best, Rational(abs(value)));
  return best;
}

// The unit roundoff of the arithmetic: 2^-p to nearest, 2^(1-p) for the
// other modes (Higham, "Accuracy and Stability of Numerical Algorithms",
// 2nd ed., 2.1).
Rational unit_roundoff(const Format& format, Rounding rounding) {
  const bool nearest = rounding == Rounding::NearestEven || rounding == Rounding::NearestAway;
  return Rational(1) / Rational(BigInteger(1) << (format.precision - (nearest ? 0 : 1)));
}

}  // namespace

void iterate(Arithmetic& a, const Matrix& X, const Matrix& y, const SolverSettings& settings,
             PhaseLog& log, SolveResult& result) {
  const std::size_t d = X.cols();
  const Format& format = a.format();
  const Method method = settings.method;
  Matrix A, b;
  log.start();
  if (method != Method::GradientDescent2) A = gram(a, X, settings.symmetric_gram);
  b = transpose_times(a, X, y);
  log.stop("initial");

  // Not counted: an estimate for the report and the default step.
  const std::uint64_t lambda = estimate_lambda_max(X);
  result.lambda_max = lambda;
  const bool gd = method == Method::GradientDescent1 || method == Method::GradientDescent2;
  std::uint64_t step = 0;
  if (gd) {
    const std::uint64_t one64 = std::uint64_t(binary64.bias) << binary64.fraction_bits();
    if ((lambda & binary64.magnitude_mask()) != 0) {
      result.converging_step = fpx::divide(binary64, one64, lambda, Rounding::NearestEven).bits;
    }
    if (settings.step) {
      step = *settings.step;
    } else {
      if (!result.converging_step)
        throw SolveFailure{SolveStatus::Singular, "X^T X is zero: no step size"};
      step = fpx::convert(binary64, format, *result.converging_step, Rounding::NearestEven).bits;
    }
  }

  Matrix w(d, 1, a);
  std::vector<Rational> previous(d, Rational(0));
  Rational first_change = -1, last_change = -1;
  int s = 0;
  bool converged = false;
  for (; s < settings.max_steps; ++s) {
    if (gd) {
      log.start();
      Matrix g;
      if (method == Method::GradientDescent1) {
        g = times(a, A, w);
      } else {
        Matrix u = times(a, X, w);
        g = transpose_times(a, X, u);
      }
      for (std::size_t i = 0; i < d; ++i) g[i] = a.subtract(g[i], b[i]);
      log.stop("gradient");
      subtract_scaled(a, w.data(), 1, step, g.data(), 1, d);
      log.stop("update");
    } else if (method == Method::Jacobi) {
      log.start();
      Matrix next(d, 1, a);
      for (std::size_t i = 0; i < d; ++i) {
        std::uint64_t t = minus_dot(a, b[i], A.data() + i * d, 1, w.data(), 1, i);
        t = minus_dot(a, t, A.data() + i * d + i + 1, 1, w.data() + i + 1, 1, d - 1 - i);
        next[i] = a.divide(t, A(i, i));
      }
      w = std::move(next);
      log.stop("sweep");
    } else {
      log.start();
      for (std::size_t i = 0; i < d; ++i) {
        std::uint64_t t = minus_dot(a, b[i], A.data() + i * d, 1, w.data(), 1, i);
        t = minus_dot(a, t, A.data() + i * d + i + 1, 1, w.data() + i + 1, 1, d - 1 - i);
        w[i] = a.divide(t, A(i, i));
      }
      log.stop("sweep");
    }
    if (!all_finite(a, w)) {
      result.iterations = s + 1;
      throw SolveFailure{SolveStatus::Diverged, ""};
    }
    if (settings.fixed_steps) continue;
    // The stopping and divergence tests, exactly (not counted).
    std::vector<Rational> current(d);
    std::vector<Rational> change(d);
    for (std::size_t i = 0; i < d; ++i) {
      current[i] = to_rational(format, w[i]);
      change[i] = current[i] - previous[i];
    }
    const Rational largest_change = max_magnitude(change);
    last_change = largest_change;
    if (first_change < 0) first_change = largest_change;
    previous = std::move(current);
    if (largest_change <= settings.tolerance * max_magnitude(previous)) {
      converged = true;
      ++s;
      break;
    }
    if (first_change > 0 && largest_change > first_change * Rational(BigInteger(1) << 40)) {
      ++s;
      result.iterations = s;
      throw SolveFailure{SolveStatus::Diverged, ""};
    }
  }
  result.iterations = s;
  result.w = w;
  if (converged && last_change == 0) {
    // w stopped changing: a solution to working precision, or a stall.
    std::vector<Rational> current(d);
    for (std::size_t i = 0; i < d; ++i) current[i] = to_rational(format, w[i]);
    const Rational error = NormalEquations(X, y).backward_error(current);
    const Rational limit = Rational(BigInteger(d + 1)) * unit_roundoff(format, a.rounding());
    if (error > limit) {
      result.status = SolveStatus::Stalled;
      result.message = std::string(method_name(method)) + " stalled after " + std::to_string(s) +
                       " steps: w no longer changes in " + std::string(format.name) +
                       ", but its backward error for the normal equations is " +
                       decimal_string(error / unit_roundoff(format, a.rounding()), 3) +
                       " u, more than (d + 1) u = " + std::to_string(d + 1) + " u";
    }
  }
  if (!converged && !settings.fixed_steps) {
    result.status = SolveStatus::NotConverged;
    result.message = std::string(method_name(method)) + " did not converge in " +
                     std::to_string(settings.max_steps) + " steps";
  }
}

}  // namespace fpx
