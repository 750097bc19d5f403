// The direct least-squares methods (include/fpx/linear_models/factorization.hpp).
#include "fpx/linear_models/factorization.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/linear_models/kernels.hpp"

namespace fpx {
namespace {

// The methods on the normal equations A w = b, A = X^T X, b = X^T y: the
// subclass factors A and solves with it; the correction is the same for all:
//   A dw = X^T f - g, dr = f - X dw.
class NormalEquations : public Factorization {
 public:
  NormalEquations(Arithmetic& a, const Matrix& X, const SolverSettings& settings, PhaseLog& log)
      : a_(a), X_(X), settings_(settings), log_(log), d_(X.cols()) {}

  void factor() override {
    log_.start();
    A_ = gram(a_, X_, settings_.symmetric_gram);
    log_.stop("xtx");
    log_.start();
    factor_gram();
  }

  Matrix solve(const Matrix& y) override {
    log_.start();
    Matrix b = transpose_times(a_, X_, y);
    log_.stop("xty");
    Matrix w = solve_gram(b);
    log_.stop("solve");
    return w;
  }

  std::pair<Matrix, Matrix> correction(const Matrix& f, const Matrix& g) override {
    log_.start();
    Matrix t = transpose_times(a_, X_, f);
    for (std::size_t i = 0; i < d_; ++i) t[i] = a_.subtract(t[i], g[i]);
    Matrix dw = solve_gram(t);
    Matrix xdw = times(a_, X_, dw);
    Matrix dr(X_.rows(), 1, a_);
    for (std::size_t i = 0; i < X_.rows(); ++i) dr[i] = a_.subtract(f[i], xdw[i]);
    log_.stop("correction");
    return {std::move(dr), std::move(dw)};
  }

 protected:
  // Factors A_ (its phase is logged by the subclass).
  virtual void factor_gram() = 0;
  // A w = b with the factorization of A.
  virtual Matrix solve_gram(const Matrix& b) = 0;

  // The row of the largest magnitude in column k from row k down.
  std::size_t pivot_row(const Matrix& M, std::size_t k) const {
    std::size_t best = k;
    for (std::size_t i = k + 1; i < M.rows(); ++i)
      if (a_.magnitude_less(M(best, k), M(i, k))) best = i;
    if (a_.is_zero(M(best, k)))
      throw SolveFailure{SolveStatus::Singular,
                         "X^T X is singular in " + std::string(a_.format().name) +
                             " (no nonzero pivot in column " + std::to_string(k + 1) +
                             "): X is rank deficient"};
    return best;
  }

  Arithmetic& a_;
  const Matrix& X_;
  const SolverSettings& settings_;
  PhaseLog& log_;
  std::size_t d_;
  Matrix A_;
};

// Cholesky, A = R^T R with R upper triangular (Golub and Van Loan 4.2.5):
//   1. s = A_jj - sum_{k<j} R_kj^2; not positive: not positive definite;
//   2. R_jj = sqrt(s);
//   3. R_ji = (A_ji - sum_{k<j} R_kj R_ki) / R_jj for i > j.
class Cholesky : public NormalEquations {
 public:
  using NormalEquations::NormalEquations;

 protected:
  void factor_gram() override {
    R_ = Matrix(d_, d_, a_);
    for (std::size_t j = 0; j < d_; ++j) {
      const std::uint64_t s = minus_dot(a_, A_(j, j), R_.data() + j, d_, R_.data() + j, d_, j);
      if (!a_.is_finite(s) || a_.is_zero(s) || a_.is_negative(s))
        throw SolveFailure{SolveStatus::Singular,
                           "X^T X is not positive definite in " + std::string(a_.format().name) +
                               " (pivot " + std::to_string(j + 1) + " is " +
                               shortest_decimal(a_.format(), s) +
                               "): X is rank deficient or too "
                               "ill-conditioned for the normal equations in this format"};
      R_(j, j) = a_.square_root(s);
      for (std::size_t i = j + 1; i < d_; ++i) {
        const std::uint64_t t = minus_dot(a_, A_(j, i), R_.data() + j, d_, R_.data() + i, d_, j);
        R_(j, i) = a_.divide(t, R_(j, j));
      }
    }
    log_.stop("factor");
  }

  // R^T z = b, then R w = z.
  Matrix solve_gram(const Matrix& b) override {
    Matrix z(d_, 1, a_);
    for (std::size_t i = 0; i < d_; ++i)
      z[i] = a_.divide(minus_dot(a_, b[i], R_.data() + i, d_, z.data(), 1, i), R_(i, i));
    return back_substitute(a_, R_.data(), d_, 1, R_.data(), d_ + 1, z, d_);
  }

 private:
  Matrix R_;
};

// LU with partial pivoting, P A = L U, L unit lower (below the diagonal), U
// upper (Golub and Van Loan 3.4.1).
class LowerUpper : public NormalEquations {
 public:
  using NormalEquations::NormalEquations;

 protected:
  void factor_gram() override {
    LU_ = Matrix(d_, d_, a_);
    for (std::size_t i = 0; i < d_ * d_; ++i) LU_[i] = A_[i];
    permutation_.resize(d_);
    for (std::size_t i = 0; i < d_; ++i) permutation_[i] = i;
    for (std::size_t k = 0; k < d_; ++k) {
      const std::size_t p = pivot_row(LU_, k);
      if (p != k) {
        for (std::size_t j = 0; j < d_; ++j) std::swap(LU_(p, j), LU_(k, j));
        std::swap(permutation_[p], permutation_[k]);
      }
      for (std::size_t i = k + 1; i < d_; ++i) {
        const std::uint64_t l = a_.divide(LU_(i, k), LU_(k, k));
        LU_(i, k) = l;
        subtract_scaled(a_, LU_.data() + i * d_ + k + 1, 1, l, LU_.data() + k * d_ + k + 1, 1,
                        d_ - 1 - k);
      }
    }
    log_.stop("factor");
  }

  // L z = P b, then U w = z.
  Matrix solve_gram(const Matrix& b) override {
    Matrix z(d_, 1, a_);
    for (std::size_t i = 0; i < d_; ++i)
      z[i] = minus_dot(a_, b[permutation_[i]], LU_.data() + i * d_, 1, z.data(), 1, i);
    return back_substitute(a_, LU_.data(), d_, 1, LU_.data(), d_ + 1, z, d_);
  }

 private:
  Matrix LU_;
  std::vector<std::size_t> permutation_;
};

// Gauss-Jordan on [A | I] with partial pivoting: every row operation over
// the whole remaining width (the identity's zeros included, as a plain
// implementation does), leaving C = A^{-1} in the right half; w = C b. The
// wrong order forms (C X^T) first, a d x N matrix, and applies it to y.
class GaussJordanInverse : public NormalEquations {
 public:
  GaussJordanInverse(Arithmetic& a, const Matrix& X, const SolverSettings& settings, PhaseLog& log,
                     bool wrong_order)
      : NormalEquations(a, X, settings, log), wrong_order_(wrong_order) {}

  Matrix solve(const Matrix& y) override {
    if (!wrong_order_) return NormalEquations::solve(y);
    log_.start();
    Matrix w = times(a_, CXt_, y);
    log_.stop("solve");
    return w;
  }

 protected:
  void factor_gram() override {
    Matrix M(d_, 2 * d_, a_);
    for (std::size_t i = 0; i < d_; ++i) {
      for (std::size_t j = 0; j < d_; ++j) M(i, j) = A_(i, j);
      M(i, d_ + i) = a_.one();
    }
    const std::size_t width = 2 * d_;
    for (std::size_t k = 0; k < d_; ++k) {
      const std::size_t p = pivot_row(M, k);
      if (p != k)
        for (std::size_t j = 0; j < width; ++j) std::swap(M(p, j), M(k, j));
      const std::uint64_t pivot = M(k, k);
      for (std::size_t j = k + 1; j < width; ++j) M(k, j) = a_.divide(M(k, j), pivot);
      M(k, k) = a_.one();
      for (std::size_t i = 0; i < d_; ++i) {
        if (i == k) continue;
        const std::uint64_t f = M(i, k);
        subtract_scaled(a_, M.data() + i * width + k + 1, 1, f, M.data() + k * width + k + 1, 1,
                        width - k - 1);
        M(i, k) = 0;
      }
    }
    C_ = Matrix(d_, d_, a_);
    for (std::size_t i = 0; i < d_; ++i)
      for (std::size_t j = 0; j < d_; ++j) C_(i, j) = M(i, d_ + j);
    log_.stop("inverse");
    if (wrong_order_) {
      Matrix Xt(X_.cols(), X_.rows(), a_);
      a_.note_input(X_);
      for (std::size_t i = 0; i < X_.rows(); ++i)
        for (std::size_t j = 0; j < X_.cols(); ++j) Xt(j, i) = X_(i, j);
      CXt_ = multiply(a_, C_, Xt);
      log_.stop("cxt");
    }
  }

  Matrix solve_gram(const Matrix& b) override { return times(a_, C_, b); }

 private:
  bool wrong_order_;
  Matrix C_, CXt_;
};

// Householder QR of X (Golub and Van Loan 5.2.2): for each column k,
//   1. nrm = sqrt(x^T x) over rows k..N-1, alpha = -sign(x_k) nrm;
//   2. v = x with v_k = x_k - alpha (no cancellation), h = v^T v / 2 = -alpha v_k;
//   3. every later column c: c = c - (v^T c / h) v; R_kk = alpha.
// v is kept below the diagonal for Q^T r. The working copy of X is stored by
// columns (transposed), so that every dot product and update of the
// factorization runs along contiguous memory; the operations are the same.
class HouseholderQR : public Factorization {
 public:
  HouseholderQR(Arithmetic& a, const Matrix& X, PhaseLog& log)
      : a_(a), X_(X), log_(log), d_(X.cols()) {}

  void factor() override {
    log_.start();
    const std::size_t n = X_.rows();
    if (n < d_)
      throw SolveFailure{SolveStatus::Singular, "X has fewer rows than columns: rank deficient"};
    a_.note_input(X_);
    QR_ = Matrix(d_, n, a_);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < d_; ++j) QR_(j, i) = X_(i, j);
    diagonal_.assign(d_, 0);
    h_.assign(d_, 0);
    for (std::size_t k = 0; k < d_; ++k) {
      std::uint64_t* x = QR_.data() + k * n + k;
      const std::uint64_t norm2 = a_.dot(x, 1, x, 1, n - k);
      if (a_.is_zero(norm2) || !a_.is_finite(norm2))
        throw SolveFailure{
            SolveStatus::Singular,
            "column " + std::to_string(k + 1) + " of X is " +
                (a_.is_zero(norm2) ? "zero after orthogonalization in " +
                                         std::string(a_.format().name) + ": X is rank deficient"
                                   : "not finite")};
      const std::uint64_t norm = a_.square_root(norm2);
      const std::uint64_t alpha = a_.is_negative(x[0]) ? norm : a_.negate(norm);
      x[0] = a_.subtract(x[0], alpha);
      h_[k] = a_.multiply(a_.negate(alpha), x[0]);
      diagonal_[k] = alpha;
      if (a_.is_zero(h_[k]))
        throw SolveFailure{SolveStatus::Singular,
                           "Householder vector vanished: X is rank deficient"};
      for (std::size_t j = k + 1; j < d_; ++j) {
        std::uint64_t* c = QR_.data() + j * n + k;
        const std::uint64_t s = a_.dot(x, 1, c, 1, n - k);
        const std::uint64_t f = a_.divide(s, h_[k]);
        subtract_scaled(a_, c, 1, f, x, 1, n - k);
      }
    }
    log_.stop("factor");
  }

  Matrix solve(const Matrix& y) override {
    log_.start();
    Matrix z = apply_qt(y);
    log_.stop("qty");
    Matrix w = back_substitute(z);
    log_.stop("solve");
    return w;
  }

  // Bjorck 1967; Higham 20.5: h = R^{-T} g, z = Q^T f,
  // dw = R^{-1} (z[0:d] - h), dr = Q [h; z[d:N]].
  std::pair<Matrix, Matrix> correction(const Matrix& f, const Matrix& g) override {
    log_.start();
    Matrix h(d_, 1, a_);
    for (std::size_t i = 0; i < d_; ++i)
      h[i] = a_.divide(minus_dot(a_, g[i], QR_.data() + i * X_.rows(), 1, h.data(), 1, i),
                       diagonal_[i]);
    Matrix z = apply_qt(f);
    for (std::size_t i = 0; i < d_; ++i) z[i] = a_.subtract(z[i], h[i]);
    Matrix dw = back_substitute(z);
    for (std::size_t i = 0; i < d_; ++i) z[i] = h[i];
    Matrix dr = apply_q(z);
    log_.stop("correction");
    return {std::move(dr), std::move(dw)};
  }

 private:
  Matrix apply_qt(const Matrix& r) {
    a_.note_input(r);
    Matrix z = copy(r);
    for (std::size_t k = 0; k < d_; ++k) reflect(z, k);
    return z;
  }

  // Q z: the reflectors in reverse order.
  Matrix apply_q(const Matrix& r) {
    Matrix z = copy(r);
    for (std::size_t k = d_; k-- > 0;) reflect(z, k);
    return z;
  }

  Matrix copy(const Matrix& r) {
    Matrix z(X_.rows(), 1, a_);
    for (std::size_t i = 0; i < X_.rows(); ++i) z[i] = r[i];
    return z;
  }

  // z = H_k z for the k-th stored reflector H_k = I - v v^T / h_k.
  void reflect(Matrix& z, std::size_t k) {
    const std::size_t n = X_.rows();
    const std::uint64_t* v = QR_.data() + k * n + k;
    const std::uint64_t s = a_.dot(v, 1, z.data() + k, 1, n - k);
    const std::uint64_t f = a_.divide(s, h_[k]);
    subtract_scaled(a_, z.data() + k, 1, f, v, 1, n - k);
  }

  Matrix back_substitute(const Matrix& z) {
    // R_ij = QR_(j, i) for j > i.
    return fpx::back_substitute(a_, QR_.data(), 1, X_.rows(), diagonal_.data(), 1, z, d_);
  }

  Arithmetic& a_;
  const Matrix& X_;
  PhaseLog& log_;
  std::size_t d_;
  Matrix QR_;  // d x N: column k of the working copy of X is row k
  std::vector<std::uint64_t> diagonal_, h_;
};

}  // namespace

std::unique_ptr<Factorization> make_factorization(Arithmetic& arithmetic, const Matrix& X,
                                                  const SolverSettings& settings, PhaseLog& log) {
  switch (settings.method) {
    case Method::Cholesky: return std::make_unique<Cholesky>(arithmetic, X, settings, log);
    case Method::LU: return std::make_unique<LowerUpper>(arithmetic, X, settings, log);
    case Method::Inverse:
      return std::make_unique<GaussJordanInverse>(arithmetic, X, settings, log, false);
    case Method::InverseWrongOrder:
      return std::make_unique<GaussJordanInverse>(arithmetic, X, settings, log, true);
    case Method::QR: return std::make_unique<HouseholderQR>(arithmetic, X, log);
    default: break;
  }
  throw std::logic_error("make_factorization: not a direct method");
}

}  // namespace fpx
