// Least-squares solvers in emulated arithmetic: every operation through an
// fpx::Arithmetic (format, rounding mode, summation strategy, operation
// counter, memory account; see counted_arithmetic.hpp), so the same code runs
// counted or not. The direct methods are factorizations (factorization.hpp)
// refined by refinement.hpp; the iterative ones are iterative.hpp.
//
// Solvers for min ||y - Xw||^2, X (N x d), y (N):
//   cholesky     A = X^T X, b = X^T y, A = R^T R, R^T z = b, R w = z
//   lu           A w = b by LU with partial pivoting (Golub and Van Loan,
//                "Matrix Computations", 4th ed., algorithm 3.4.1) and two
//                triangular solves
//   inverse      C = A^{-1} by Gauss-Jordan with partial pivoting, w = C b
//   inverse-xt   the lecture's wrong order: w = ((X^T X)^{-1} X^T) y, the
//                d x N matrix C X^T formed first (2 d^2 N more FLOPs)
//   qr           Householder QR of X (Golub and Van Loan 5.2.2) applied to
//                y, R w = (Q^T y)[0:d]
//   gd1          gradient descent, option 1: A and b precomputed, each step
//                g = A w - b (2d^2 + d FLOPs), w = w - step * g (2d)
//   gd2          option 2: each step g = X^T (X w) - b (4dN + d), same update
//   jacobi       Jacobi on the normal equations A w = b
//   gauss-seidel Gauss-Seidel on the normal equations
// The lecture writes w_new = w - 2 eps (X^T X w - X^T y): `step` here is
// 2 eps. GD converges for 0 < step < 2 / lambda_max(A).
//
// Iterative refinement for the direct solvers, on the augmented system
// [I X; X^T 0] [r; w] = [y; 0] (Bjorck, "Iterative refinement of linear
// least squares solutions I", BIT 7, 1967; Higham, "Accuracy and Stability
// of Numerical Algorithms", 2nd ed., 20.5):
//   0. r = y - X w computed exactly (ExactAccumulator), rounded once;
//   1. f = y - r - X w and g = -X^T r computed exactly, rounded once;
//   2. the correction (dr, dw) solved in the working precision with the same
//      factorization (QR: h = R^{-T} g, z = Q^T f, dw = R^{-1}(z[0:d] - h),
//      dr = Q [h; z[d:N]]; normal equations: A dw = X^T f - g, dr = f - X dw);
//   3. r += dr, w += dw; stop when nothing changes or `refine` steps are done.
// Refining with r = y - X w alone stalls at about u ||r|| / sigma_min(X) for
// a nonzero residual; with the exact f and g it converges to the solution of
// the rounded problem whenever the working precision's solve contracts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/linear_models/counted_arithmetic.hpp"
#include "fpx/linear_models/matrix.hpp"

namespace fpx {

enum class Method : std::uint8_t {
  Cholesky,
  LU,
  Inverse,
  InverseWrongOrder,
  QR,
  GradientDescent1,
  GradientDescent2,
  Jacobi,
  GaussSeidel,
};

std::string_view method_name(Method method);  // cholesky lu inverse inverse-xt qr gd1 gd2 ...
std::optional<Method> parse_method(std::string_view name);
std::vector<Method> all_methods();
// Method names separated by commas, or "all" (empty items skipped). Throws
// std::invalid_argument naming an unknown one and the accepted names, or
// saying that no method was named.
std::vector<Method> parse_method_list(const std::string& names);
bool is_direct(Method method);

enum class SolveStatus : std::uint8_t {
  Ok,
  Singular,      // a zero pivot, or a matrix not positive definite in the format
  NonFinite,     // an overflow or NaN in the result
  Diverged,      // an iterative method blew up
  NotConverged,  // an iterative method stopped at its step limit (w is presented)
  // An iterative method whose last step left w unchanged although w does
  // not solve the normal equations of the rounded problem to working
  // precision: its normwise backward error ||A w - b|| / (||A|| ||w|| +
  // ||b||) (infinity norms, A = X^T X and b = X^T y computed exactly) is
  // above (d + 1) u, u the unit roundoff. Rounding (of the update, or of the
  // gradient: a rounded A, a stagnating sum) stopped it, not the solution
  // (w is presented). A backward-stable solve of the d x d system reaches
  // about (d + 1) u (Higham, "Accuracy and Stability of Numerical
  // Algorithms", 2nd ed., 3.1 and Theorem 7.1), and so does the fixed point
  // of a stationary iteration whose gradient is computed that accurately
  // (ibid., ch. 17). A stop by a positive tolerance while w still changes is Ok.
  Stalled,
};
std::string_view status_name(SolveStatus status);

struct SolverSettings {
  Method method = Method::QR;
  bool symmetric_gram = false;  // X^T X by its upper half: d(d+1)N FLOPs
  int refine = 0;               // iterative refinement steps (direct methods)
  // Iterative methods: the step (bits in the working format; default an
  // estimate of 1 / lambda_max(A)), the step limit, and the stopping test
  // max_i |w_new - w|_i <= tolerance * max_i |w_new|_i, evaluated exactly
  // (tolerance 0: stop when w no longer changes).
  std::optional<std::uint64_t> step;
  int max_steps = 1000;
  Rational tolerance = 0;  // stopping at tolerance 0 (or above) is checked: see Stalled
  // Run exactly max_steps steps (no stopping test): for counting.
  bool fixed_steps = false;
};

// The counts of one part of a solver (the "initial" work, "gradient",
// "update", "factor", "solve", "residual", "refine", ...).
struct Phase {
  std::string name;
  OperationCount count;
  std::uint64_t input_bytes = 0;  // memory account of the phase (see linear_algebra.hpp)
  std::uint64_t new_bytes = 0;
  std::uint64_t calls = 0;  // how many times the phase ran (steps for per-step phases)
};

struct SolveResult {
  SolveStatus status = SolveStatus::Ok;
  std::string message;  // what went wrong, in words
  Matrix w;             // d x 1; empty unless status is Ok or NotConverged
  OperationCount count;
  MemoryAccount memory;
  Flags flags;
  std::vector<Phase> phases;
  int iterations = 0;   // iterative methods: steps taken
  int refinements = 0;  // refinement steps taken
  // Iterative methods: lambda_max(A) estimated by power iteration in binary64
  // through the core, and a step that converges (1 / lambda_max), both as
  // binary64 bit patterns.
  std::optional<std::uint64_t> lambda_max;
  std::optional<std::uint64_t> converging_step;

  const Phase* phase(std::string_view name) const;
};

// Solves min ||y - Xw||^2 in `arithmetic` (X: N x d, y: N x 1, both in the
// arithmetic's format). The counts and memory are those of this call.
SolveResult solve(Arithmetic& arithmetic, const Matrix& X, const Matrix& y,
                  const SolverSettings& settings);

// lambda_max(X^T X) by power iteration in binary64 through the core (X's
// entries converted exactly), as a binary64 bit pattern.
std::uint64_t estimate_lambda_max(const Matrix& X, int iterations = 100);

// What the solver pieces (factorization.hpp, refinement.hpp, iterative.hpp)
// throw when a solve cannot go on; solve() turns it into the result's status
// and message.
struct SolveFailure {
  SolveStatus status;
  std::string message;
};

}  // namespace fpx
