// Iterative refinement of a direct least-squares solution on the augmented
// system [I X; X^T 0] [r; w] = [y; 0] (Bjorck, "Iterative refinement of
// linear least squares solutions I", BIT 7, 1967; Higham, "Accuracy and
// Stability of Numerical Algorithms", 2nd ed., 20.5), written once for every
// factorization:
//   0. r = y - X w computed exactly (ExactAccumulator), rounded once;
//   1. f = y - r - X w and g = -X^T r computed exactly, rounded once;
//   2. the correction (dr, dw) solved in the working precision with the same
//      factorization (Factorization::correction);
//   3. r += dr, w += dw; stop when nothing changes or `steps` are done.
// Refining with r = y - X w alone stalls at about u ||r|| / sigma_min(X) for
// a nonzero residual; with the exact f and g it converges to the solution of
// the rounded problem whenever the working precision's solve contracts.
#pragma once

#include "fpx/linear_models/counted_arithmetic.hpp"
#include "fpx/linear_models/factorization.hpp"
#include "fpx/linear_models/matrix.hpp"
#include "fpx/linear_models/phase_log.hpp"

namespace fpx {

// Refines w in place by at most `steps` steps; returns the steps taken.
int refine(Arithmetic& arithmetic, Factorization& factorization, const Matrix& X, const Matrix& y,
           Matrix& w, int steps, PhaseLog& log);

}  // namespace fpx
