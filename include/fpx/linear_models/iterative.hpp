// The iterative least-squares methods on the normal equations A w = b,
// A = X^T X, b = X^T y, from w = 0:
//   gd1          gradient descent, option 1: A and b precomputed, each step
//                g = A w - b (2d^2 + d FLOPs), w = w - step * g (2d)
//   gd2          option 2: each step g = X^T (X w) - b (4dN + d), same update
//   jacobi       Jacobi sweeps
//   gauss-seidel Gauss-Seidel sweeps
// The lecture writes w_new = w - 2 eps (X^T X w - X^T y): `step` here is
// 2 eps. GD converges for 0 < step < 2 / lambda_max(A).
#pragma once

#include "fpx/linear_models/counted_arithmetic.hpp"
#include "fpx/linear_models/matrix.hpp"
#include "fpx/linear_models/phase_log.hpp"
#include "fpx/linear_models/solver.hpp"

namespace fpx {

// Runs settings.method (not a direct one) and fills result.w, iterations,
// status, lambda_max and converging_step; throws SolveFailure when it
// diverges.
void iterate(Arithmetic& arithmetic, const Matrix& X, const Matrix& y,
             const SolverSettings& settings, PhaseLog& log, SolveResult& result);

}  // namespace fpx
