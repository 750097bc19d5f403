// The direct least-squares methods behind one interface: each factors X (or
// A = X^T X) once, then solves for w from y and, during iterative refinement
// (refinement.hpp), for corrections from residuals. Every operation goes
// through the arithmetic, and every phase is logged.
//
//   cholesky     A = R^T R (Golub and Van Loan, "Matrix Computations", 4th ed.,
//                4.2.5, gaxpy form), R^T z = b, R w = z
//   lu           P A = L U with partial pivoting (Golub and Van Loan 3.4.1),
//                two triangular solves
//   inverse      C = A^{-1} by Gauss-Jordan on [A | I] with partial
//                pivoting, w = C b
//   inverse-xt   the lecture's wrong order: w = ((X^T X)^{-1} X^T) y, the
//                d x N matrix C X^T formed first (2 d^2 N more FLOPs)
//   qr           Householder QR of X (Golub and Van Loan 5.2.2) applied to y,
//                R w = (Q^T y)[0:d]
#pragma once

#include <memory>
#include <utility>

#include "fpx/linear_models/counted_arithmetic.hpp"
#include "fpx/linear_models/matrix.hpp"
#include "fpx/linear_models/phase_log.hpp"
#include "fpx/linear_models/solver.hpp"

namespace fpx {

class Factorization {
 public:
  virtual ~Factorization() = default;
  // Factors the problem; throws SolveFailure (singular in the format).
  virtual void factor() = 0;
  // The first solution w (d x 1) from y (N x 1).
  virtual Matrix solve(const Matrix& y) = 0;
  // The correction (dr, dw) of refinement on the augmented system
  // [I X; X^T 0] [dr; dw] = [f; g], in the working precision.
  virtual std::pair<Matrix, Matrix> correction(const Matrix& f, const Matrix& g) = 0;
};

// The factorization of a direct method (is_direct(settings.method)) of X,
// which must outlive it.
std::unique_ptr<Factorization> make_factorization(Arithmetic& arithmetic, const Matrix& X,
                                                  const SolverSettings& settings, PhaseLog& log);

}  // namespace fpx
