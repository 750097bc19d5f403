// The lecture's cost table (include/fpx/linear_models/cost_table.hpp).
#include "fpx/linear_models/cost_table.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "fpx/core/operations.hpp"
#include "fpx/linear_models/kernels.hpp"
#include "fpx/linear_models/perceptron.hpp"
#include "fpx/linear_models/solver.hpp"

namespace fpx {

std::vector<CostRow> cost_table(std::size_t N, std::size_t d, std::size_t steps,
                                const Format& format, Rounding rounding, Strategy strategy,
                                std::uint64_t seed) {
  if (N == 0 || d == 0) throw std::invalid_argument("cost: N and d must be positive");
  StochasticSource random(seed);
  Arithmetic constants(format);
  auto random_value = [&] { return constants.integer(long(random.next_bits() % 256) - 128); };
  // Entries k/128, k in [-128, 128): exact in 8 significant bits.
  const std::uint64_t scale = *power_of_two(format, std::max(-7, format.min_exponent()));
  Matrix X(N, d, format), y(N, 1, format), w(d, 1, format), x(d, 1, format);
  auto fill = [&](Matrix& m) {
    for (std::size_t i = 0; i < m.size(); ++i)
      m[i] = fpx::multiply(format, random_value(), scale, Rounding::NearestEven).bits;
  };
  fill(X);
  fill(y);
  fill(w);
  fill(x);
  for (std::size_t i = 0; i < N; ++i) X(i, 0) = constants.one();  // an intercept column
  const std::uint64_t n = N, dd = d, S = steps;
  std::vector<CostRow> rows;
  auto add_row = [&](std::string step, std::string formula, std::optional<std::uint64_t> value,
                     std::uint64_t counted, std::uint64_t input_bytes, std::uint64_t new_bytes,
                     std::string note) {
    rows.push_back(CostRow{std::move(step), std::move(formula), value, counted, input_bytes,
                           new_bytes, std::move(note)});
  };
  auto kernel = [&](auto&& body) {
    Arithmetic a(format, rounding, strategy, seed);
    body(a);
    return std::pair{a.count.flops(), a.memory};
  };

  {
    auto [flops, memory] = kernel([&](Arithmetic& a) { dot(a, w, x); });
    add_row("inference", "2d", 2 * dd, flops, memory.input_bytes, memory.new_bytes,
            "w^T x: d multiplies, d additions from a zero accumulator");
  }
  {
    auto [flops, memory] = kernel([&](Arithmetic& a) { gram(a, X); });
    add_row("xtx", "2d^2 N", 2 * dd * dd * n, flops, memory.input_bytes, memory.new_bytes,
            "A = X^T X, naive: d^2 dot products of length N");
  }
  {
    auto [flops, memory] = kernel([&](Arithmetic& a) { transpose_times(a, X, y); });
    add_row("xty", "2dN", 2 * dd * n, flops, memory.input_bytes, memory.new_bytes, "b = X^T y");
  }
  // The solvers themselves, run on the same data: the rows below are their
  // own phase counts.
  auto run = [&](Method method, std::size_t max_steps) {
    Arithmetic a(format, rounding, strategy, seed);
    SolverSettings settings;
    settings.method = method;
    settings.max_steps = int(max_steps);
    settings.fixed_steps = true;
    settings.step = constants.integer(0);  // a zero step keeps w at 0; the count is the same
    SolveResult result = solve(a, X, y, settings);
    if (result.status == SolveStatus::Singular)
      throw std::domain_error("cost: the random X^T X is singular in " + std::string(format.name) +
                              ": " + result.message);
    return result;
  };
  auto phase_row = [&](const SolveResult& result, std::string_view name, std::string step,
                       std::string formula, std::optional<std::uint64_t> value, std::uint64_t per,
                       std::string note) {
    const Phase* phase = result.phase(name);
    Phase empty;
    if (!phase) phase = &empty;
    const std::uint64_t divisor = per ? per : 1;
    add_row(std::move(step), std::move(formula), value, phase->count.flops() / divisor,
            phase->input_bytes / divisor, phase->new_bytes / divisor, std::move(note));
  };
  {
    SolveResult inverse = run(Method::Inverse, 0);
    phase_row(inverse, "solve", "cb", "2d^2", 2 * dd * dd, 1, "w = C b with C = (X^T X)^{-1}");
    phase_row(inverse, "inverse", "inverse", "~(2/3)d^3 (lecture)", std::nullopt, 1,
              "Gauss-Jordan on [A | I] as written: about 2d^3; the lecture's (2/3)d^3 is the LU "
              "factorization alone");
    SolveResult lu = run(Method::LU, 0);
    phase_row(lu, "factor", "lu_factor", "~(2/3)d^3", std::nullopt, 1,
              "LU with partial pivoting of A = X^T X");
    phase_row(lu, "solve", "lu_solve", "~2d^2", std::nullopt, 1, "two triangular solves");
    SolveResult cholesky = run(Method::Cholesky, 0);
    phase_row(cholesky, "factor", "cholesky_factor", "~(1/3)d^3", std::nullopt, 1,
              "A = R^T R (d square roots)");
    SolveResult qr = run(Method::QR, 0);
    phase_row(qr, "factor", "qr_factor", "~2Nd^2 - (2/3)d^3", std::nullopt, 1,
              "Householder QR of X, on a copy of X");
    SolveResult wrong = run(Method::InverseWrongOrder, 0);
    phase_row(wrong, "cxt", "wrong_order_cxt", "2d^2 N", 2 * dd * dd * n, 1,
              "((X^T X)^{-1} X^T) y: the d x N product C X^T (and a transposed copy of X)");
    phase_row(wrong, "solve", "wrong_order_apply", "2dN", 2 * dd * n, 1,
              "(C X^T) y; the right order, C (X^T y), costs 2dN + 2d^2");
  }
  {
    const std::uint64_t per = S ? S : 1;
    SolveResult gd1 = run(Method::GradientDescent1, steps);
    phase_row(gd1, "initial", "gd1_initial", "2d^2 N + 2dN", 2 * dd * dd * n + 2 * dd * n, 1,
              "precompute A = X^T X and b = X^T y; X is no longer needed");
    phase_row(gd1, "gradient", "gd1_step", "2d^2 + d", 2 * dd * dd + dd, per, "g = A w - b");
    phase_row(gd1, "update", "gd1_update", "2d (left out)", 2 * dd, per,
              "w = w - step * g: the scaling and update of w");
    add_row("gd1_total", "2d^2 N + 2dN + S(2d^2 + 3d)",
            2 * dd * dd * n + 2 * dd * n + S * (2 * dd * dd + 3 * dd), gd1.count.flops(),
            gd1.memory.input_bytes, gd1.memory.new_bytes,
            "S steps with their updates (the lecture's total leaves out 2dS)");
    SolveResult gd2 = run(Method::GradientDescent2, steps);
    phase_row(gd2, "initial", "gd2_initial", "2dN", 2 * dd * n, 1, "b = X^T y");
    phase_row(gd2, "gradient", "gd2_step", "4dN + d", 4 * dd * n + dd, per, "g = X^T (X w) - b");
    phase_row(gd2, "update", "gd2_update", "2d (left out)", 2 * dd, per, "w = w - step * g");
    add_row("gd2_total", "2dN + S(4dN + 3d)", 2 * dd * n + S * (4 * dd * n + 3 * dd),
            gd2.count.flops(), gd2.memory.input_bytes, gd2.memory.new_bytes,
            "S steps with their updates");
  }
  {
    std::vector<int> labels(N);
    for (std::size_t i = 0; i < N; ++i) labels[i] = (random.next_bits() & 1) ? 1 : -1;
    Arithmetic a(format, rounding, strategy, seed);
    PerceptronSettings settings;
    settings.epochs = 1;
    const PerceptronResult result = perceptron(a, X, labels, settings);
    const std::uint64_t element = element_bytes(format);
    add_row("perceptron_step", "2d", 2 * dd, result.scoring.flops() / n, 2 * dd * element, 0,
            "w^T x for one sample");
    add_row("perceptron_update", "d per update (left out)", dd,
            result.updates ? result.updating.flops() / result.updates : dd, 0, 0,
            "w = w + y x: d additions (y = +-1 is a sign flip); " + std::to_string(result.updates) +
                " updates in this epoch");
    add_row("perceptron_epoch", "2dN + d * updates", 2 * dd * n + dd * result.updates,
            result.count.flops(), result.memory.input_bytes, result.memory.new_bytes,
            "one pass over the N samples");
  }
  return rows;
}

}  // namespace fpx
