// Iterative refinement on the augmented system
// (include/fpx/linear_models/refinement.hpp).
#include "fpx/linear_models/refinement.hpp"

#include "fpx/linear_models/kernels.hpp"
#include "fpx/summation/exact_accumulator.hpp"

namespace fpx {

int refine(Arithmetic& a, Factorization& factorization, const Matrix& X, const Matrix& y, Matrix& w,
           int steps, PhaseLog& log) {
  const std::size_t n = X.rows(), d = X.cols();
  const Format& format = a.format();
  // An exact accumulation rounded once in the working format and mode.
  auto exact_round = [&](const ExactAccumulator& exact) {
    const Rounded rounded = exact.round(format, a.rounding(), a.rounding_options());
    a.flags |= rounded.flags;
    return rounded.bits;
  };
  // Step 0: r = y - X w.
  log.start();
  a.note_input(X);
  a.note_input(y);
  Matrix r(n, 1, a);
  for (std::size_t i = 0; i < n; ++i) {
    ExactAccumulator exact(format);
    exact.add(y[i]);
    for (std::size_t j = 0; j < d; ++j) exact.add_product(a.negate(X(i, j)), w[j]);
    a.count.exact_terms += d;
    r[i] = exact_round(exact);
  }
  log.stop("residual");
  int taken = 0;
  for (int step = 0; step < steps; ++step) {
    // Step 1: f = y - r - X w and g = -X^T r exactly, rounded once.
    log.start();
    a.note_input(X);
    a.note_input(y);
    Matrix f(n, 1, a), g(d, 1, a);
    bool all_zero = true;
    for (std::size_t i = 0; i < n; ++i) {
      ExactAccumulator exact(format);
      exact.add(y[i]);
      exact.subtract(r[i]);
      for (std::size_t j = 0; j < d; ++j) exact.add_product(a.negate(X(i, j)), w[j]);
      a.count.exact_terms += d + 1;
      f[i] = exact_round(exact);
      all_zero = all_zero && exact.is_zero();
    }
    for (std::size_t j = 0; j < d; ++j) {
      ExactAccumulator exact(format);
      for (std::size_t i = 0; i < n; ++i) exact.add_product(a.negate(X(i, j)), r[i]);
      a.count.exact_terms += n;
      g[j] = exact_round(exact);
      all_zero = all_zero && exact.is_zero();
    }
    log.stop("residual");
    if (all_zero) break;
    // Step 2: the correction in the working precision.
    auto [dr, dw] = factorization.correction(f, g);
    if (!all_finite(a, dw) || !all_finite(a, dr)) break;
    // Step 3: r += dr, w += dw.
    log.start();
    bool changed = false;
    for (std::size_t j = 0; j < d; ++j) {
      if (a.is_zero(dw[j])) continue;
      const std::uint64_t updated = a.add(w[j], dw[j]);
      changed = changed || updated != w[j];
      w[j] = updated;
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (a.is_zero(dr[i])) continue;
      const std::uint64_t updated = a.add(r[i], dr[i]);
      changed = changed || updated != r[i];
      r[i] = updated;
    }
    log.stop("update");
    ++taken;
    if (!changed) break;
  }
  return taken;
}

}  // namespace fpx
