// Least-squares solvers and the perceptron in emulated arithmetic: see
// include/fpx/solvers.hpp.
#include "fpx/solvers.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "fpx/decimal.hpp"
#include "fpx/exact_accumulator.hpp"
#include "fpx/operations.hpp"

namespace fpx {
namespace {

// Records what the arithmetic did between start() and stop() under a name.
class PhaseLog {
 public:
  explicit PhaseLog(Arithmetic& arithmetic) : arithmetic_(arithmetic) {}
  void start() {
    mark_ = arithmetic_.count;
    memory_mark_ = arithmetic_.memory;
  }
  void stop(const std::string& name) {
    const OperationCount delta = arithmetic_.count - mark_;
    auto found = std::find_if(phases.begin(), phases.end(),
                              [&](const Phase& phase) { return phase.name == name; });
    if (found == phases.end()) {
      phases.push_back(Phase{name, {}, 0});
      found = phases.end() - 1;
    }
    found->count += delta;
    found->input_bytes += arithmetic_.memory.input_bytes - memory_mark_.input_bytes;
    found->new_bytes += arithmetic_.memory.new_bytes - memory_mark_.new_bytes;
    ++found->calls;
    start();
  }
  std::vector<Phase> phases;

 private:
  Arithmetic& arithmetic_;
  OperationCount mark_;
  MemoryAccount memory_mark_;
};

// x = x - f * v on n entries (mul and subtract, or one fma under the fma strategy).
void subtract_scaled(Arithmetic& a, std::uint64_t* x, std::size_t stride_x, std::uint64_t f,
                     const std::uint64_t* v, std::size_t stride_v, std::size_t n) {
  const bool fused = a.strategy().kind == StrategyKind::Fma;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t& target = x[i * stride_x];
    target = fused ? a.fused_multiply_add(a.negate(f), v[i * stride_v], target)
                   : a.subtract(target, a.multiply(f, v[i * stride_v]));
  }
}

// value - dot, the dot skipped when empty (so nothing is counted for it).
std::uint64_t minus_dot(Arithmetic& a, std::uint64_t value, const std::uint64_t* x,
                        std::size_t stride_x, const std::uint64_t* y, std::size_t stride_y,
                        std::size_t n) {
  if (n == 0) return value;
  return a.subtract(value, a.dot(x, stride_x, y, stride_y, n));
}

bool all_finite(const Arithmetic& a, const Matrix& m) {
  return std::all_of(m.values().begin(), m.values().end(),
                     [&](std::uint64_t bits) { return a.is_finite(bits); });
}

struct SolverError {
  SolveStatus status;
  std::string message;
};

// A direct solver's factorization, reused by refinement.
class DirectSolver {
 public:
  DirectSolver(Arithmetic& a, const Matrix& X, const SolverSettings& settings, PhaseLog& log)
      : a_(a), X_(X), settings_(settings), log_(log), d_(X.cols()) {}

  void factor() {
    switch (settings_.method) {
      case Method::Cholesky: factor_cholesky(); break;
      case Method::LU: factor_lu(); break;
      case Method::Inverse:
      case Method::InverseWrongOrder: factor_inverse(); break;
      case Method::QR: factor_qr(); break;
      default: throw std::logic_error("not a direct method");
    }
  }

  // The first solution, from y.
  Matrix initial(const Matrix& y) {
    log_.start();
    switch (settings_.method) {
      case Method::Cholesky:
      case Method::LU:
      case Method::Inverse: {
        Matrix b = transpose_times(a_, X_, y);
        log_.stop("xty");
        Matrix w = solve_normal(b);
        log_.stop("solve");
        return w;
      }
      case Method::InverseWrongOrder: {
        Matrix w = times(a_, CXt_, y);
        log_.stop("solve");
        return w;
      }
      case Method::QR: {
        Matrix z = apply_qt(y);
        log_.stop("qty");
        Matrix w = back_substitute_qr(z);
        log_.stop("solve");
        return w;
      }
      default: throw std::logic_error("not a direct method");
    }
  }

  // The correction of Bjorck's refinement on the augmented system
  // [I X; X^T 0] [dr; dw] = [f; g] in the working precision.
  //   QR (Bjorck 1967; Higham 20.5): h = R^{-T} g, z = Q^T f,
  //      dw = R^{-1} (z[0:d] - h), dr = Q [h; z[d:N]];
  //   normal equations: A dw = X^T f - g, dr = f - X dw.
  std::pair<Matrix, Matrix> correction(const Matrix& f, const Matrix& g) {
    log_.start();
    const std::size_t n = X_.rows();
    if (settings_.method == Method::QR) {
      Matrix h(d_, 1, a_);
      for (std::size_t i = 0; i < d_; ++i)
        h[i] = a_.divide(minus_dot(a_, g[i], QR_.data() + i, d_, h.data(), 1, i), diagonal_[i]);
      Matrix z = apply_qt(f);
      for (std::size_t i = 0; i < d_; ++i) z[i] = a_.subtract(z[i], h[i]);
      Matrix dw = back_substitute_qr(z);
      for (std::size_t i = 0; i < d_; ++i) z[i] = h[i];
      Matrix dr = apply_q(z);
      log_.stop("correction");
      return {std::move(dr), std::move(dw)};
    }
    Matrix t = transpose_times(a_, X_, f);
    for (std::size_t i = 0; i < d_; ++i) t[i] = a_.subtract(t[i], g[i]);
    Matrix dw = solve_normal(t);
    Matrix xdw = times(a_, X_, dw);
    Matrix dr(n, 1, a_);
    for (std::size_t i = 0; i < n; ++i) dr[i] = a_.subtract(f[i], xdw[i]);
    log_.stop("correction");
    return {std::move(dr), std::move(dw)};
  }

 private:
  void gram_phase() {
    log_.start();
    A_ = gram(a_, X_, settings_.symmetric_gram);
    log_.stop("xtx");
  }

  // A w = b with the factorization of A (the inverse methods: w = C b).
  Matrix solve_normal(const Matrix& b) {
    switch (settings_.method) {
      case Method::Cholesky: return solve_cholesky(b);
      case Method::LU: return solve_lu(b);
      default: return times(a_, C_, b);
    }
  }

  // Cholesky, A = R^T R with R upper triangular (Golub and Van Loan 4.2.5, gaxpy form):
  //   1. s = A_jj - sum_{k<j} R_kj^2; not positive: not positive definite;
  //   2. R_jj = sqrt(s);
  //   3. R_ji = (A_ji - sum_{k<j} R_kj R_ki) / R_jj for i > j.
  void factor_cholesky() {
    gram_phase();
    log_.start();
    R_ = Matrix(d_, d_, a_);
    for (std::size_t j = 0; j < d_; ++j) {
      const std::uint64_t s = minus_dot(a_, A_(j, j), R_.data() + j, d_, R_.data() + j, d_, j);
      if (!a_.is_finite(s) || a_.is_zero(s) || a_.is_negative(s))
        throw SolverError{SolveStatus::Singular,
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

  Matrix solve_cholesky(const Matrix& b) {
    Matrix z(d_, 1, a_);
    for (std::size_t i = 0; i < d_; ++i)
      z[i] = a_.divide(minus_dot(a_, b[i], R_.data() + i, d_, z.data(), 1, i), R_(i, i));
    Matrix w(d_, 1, a_);
    for (std::size_t i = d_; i-- > 0;)
      w[i] = a_.divide(
          minus_dot(a_, z[i], R_.data() + i * d_ + i + 1, 1, w.data() + i + 1, 1, d_ - 1 - i),
          R_(i, i));
    return w;
  }

  std::size_t pivot_row(const Matrix& M, std::size_t k) const {
    std::size_t best = k;
    for (std::size_t i = k + 1; i < M.rows(); ++i)
      if (a_.magnitude_less(M(best, k), M(i, k))) best = i;
    if (a_.is_zero(M(best, k)))
      throw SolverError{SolveStatus::Singular,
                        "X^T X is singular in " + std::string(a_.format().name) +
                            " (no nonzero pivot in column " + std::to_string(k + 1) +
                            "): X is rank deficient"};
    return best;
  }

  // LU with partial pivoting, PA = LU, L unit lower (below the diagonal), U upper.
  void factor_lu() {
    gram_phase();
    log_.start();
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

  Matrix solve_lu(const Matrix& b) {
    Matrix z(d_, 1, a_);
    for (std::size_t i = 0; i < d_; ++i)
      z[i] = minus_dot(a_, b[permutation_[i]], LU_.data() + i * d_, 1, z.data(), 1, i);
    Matrix w(d_, 1, a_);
    for (std::size_t i = d_; i-- > 0;)
      w[i] = a_.divide(
          minus_dot(a_, z[i], LU_.data() + i * d_ + i + 1, 1, w.data() + i + 1, 1, d_ - 1 - i),
          LU_(i, i));
    return w;
  }

  // Gauss-Jordan on [A | I] with partial pivoting: every row operation over
  // the whole remaining width (the identity's zeros included, as a plain
  // implementation does), leaving C = A^{-1} in the right half.
  void factor_inverse() {
    gram_phase();
    log_.start();
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
    if (settings_.method == Method::InverseWrongOrder) {
      // The wrong order: (C X^T) first, a d x N matrix, then times y.
      Matrix Xt(X_.cols(), X_.rows(), a_);
      a_.note_input(X_);
      for (std::size_t i = 0; i < X_.rows(); ++i)
        for (std::size_t j = 0; j < X_.cols(); ++j) Xt(j, i) = X_(i, j);
      CXt_ = multiply(a_, C_, Xt);
      log_.stop("cxt");
    }
  }

  // Householder QR of X (Golub and Van Loan 5.2.2): for each column k,
  //   1. nrm = sqrt(x^T x) over rows k..N-1, alpha = -sign(x_k) nrm;
  //   2. v = x with v_k = x_k - alpha (no cancellation), h = v^T v / 2 = -alpha v_k;
  //   3. every later column c: c = c - (v^T c / h) v; R_kk = alpha.
  // v is kept below the diagonal for Q^T r.
  void factor_qr() {
    log_.start();
    const std::size_t n = X_.rows();
    if (n < d_)
      throw SolverError{SolveStatus::Singular, "X has fewer rows than columns: rank deficient"};
    a_.note_input(X_);
    QR_ = Matrix(n, d_, a_);
    for (std::size_t i = 0; i < n * d_; ++i) QR_[i] = X_[i];
    diagonal_.assign(d_, 0);
    h_.assign(d_, 0);
    for (std::size_t k = 0; k < d_; ++k) {
      std::uint64_t* x = QR_.data() + k * d_ + k;
      const std::uint64_t norm2 = a_.dot(x, d_, x, d_, n - k);
      if (a_.is_zero(norm2) || !a_.is_finite(norm2))
        throw SolverError{
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
        throw SolverError{SolveStatus::Singular,
                          "Householder vector vanished: X is rank deficient"};
      for (std::size_t j = k + 1; j < d_; ++j) {
        std::uint64_t* c = QR_.data() + k * d_ + j;
        const std::uint64_t s = a_.dot(x, d_, c, d_, n - k);
        const std::uint64_t f = a_.divide(s, h_[k]);
        subtract_scaled(a_, c, d_, f, x, d_, n - k);
      }
    }
    log_.stop("factor");
  }

  Matrix apply_qt(const Matrix& r) {
    const std::size_t n = X_.rows();
    a_.note_input(r);
    Matrix z(n, 1, a_);
    for (std::size_t i = 0; i < n; ++i) z[i] = r[i];
    for (std::size_t k = 0; k < d_; ++k) reflect(z, k);
    return z;
  }

  // Q z: the reflectors in reverse order.
  Matrix apply_q(const Matrix& r) {
    const std::size_t n = X_.rows();
    Matrix z(n, 1, a_);
    for (std::size_t i = 0; i < n; ++i) z[i] = r[i];
    for (std::size_t k = d_; k-- > 0;) reflect(z, k);
    return z;
  }

  // z = H_k z for the k-th stored reflector H_k = I - v v^T / h_k.
  void reflect(Matrix& z, std::size_t k) {
    const std::size_t n = X_.rows();
    const std::uint64_t* v = QR_.data() + k * d_ + k;
    const std::uint64_t s = a_.dot(v, d_, z.data() + k, 1, n - k);
    const std::uint64_t f = a_.divide(s, h_[k]);
    subtract_scaled(a_, z.data() + k, 1, f, v, d_, n - k);
  }

  Matrix back_substitute_qr(const Matrix& z) {
    Matrix w(d_, 1, a_);
    for (std::size_t i = d_; i-- > 0;)
      w[i] = a_.divide(
          minus_dot(a_, z[i], QR_.data() + i * d_ + i + 1, 1, w.data() + i + 1, 1, d_ - 1 - i),
          diagonal_[i]);
    return w;
  }

  Arithmetic& a_;
  const Matrix& X_;
  const SolverSettings& settings_;
  PhaseLog& log_;
  std::size_t d_;
  Matrix A_, R_, LU_, C_, CXt_, QR_;
  std::vector<std::size_t> permutation_;
  std::vector<std::uint64_t> diagonal_, h_;
};

std::string decimal64(std::uint64_t bits) { return shortest_decimal(binary64, bits); }

// max_i |v_i| exactly.
Rational max_magnitude(const std::vector<Rational>& values) {
  Rational best = 0;
  for (const Rational& value : values) best = std::max(best, Rational(abs(value)));
  return best;
}

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
        throw SolverError{SolveStatus::Singular, "X^T X is zero: no step size"};
      step = fpx::convert(binary64, format, *result.converging_step, Rounding::NearestEven).bits;
    }
  }

  Matrix w(d, 1, a);
  std::vector<Rational> previous(d, Rational(0));
  Rational first_change = -1;
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
      throw SolverError{SolveStatus::Diverged, ""};
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
      throw SolverError{SolveStatus::Diverged, ""};
    }
  }
  result.iterations = s;
  result.w = w;
  if (!converged && !settings.fixed_steps) {
    result.status = SolveStatus::NotConverged;
    result.message = std::string(method_name(method)) + " did not converge in " +
                     std::to_string(settings.max_steps) + " steps";
  }
}

}  // namespace

std::string_view method_name(Method method) {
  switch (method) {
    case Method::Cholesky: return "cholesky";
    case Method::LU: return "lu";
    case Method::Inverse: return "inverse";
    case Method::InverseWrongOrder: return "inverse-xt";
    case Method::QR: return "qr";
    case Method::GradientDescent1: return "gd1";
    case Method::GradientDescent2: return "gd2";
    case Method::Jacobi: return "jacobi";
    case Method::GaussSeidel: return "gauss-seidel";
  }
  return "?";
}

std::optional<Method> parse_method(std::string_view name) {
  for (Method method : all_methods())
    if (method_name(method) == name) return method;
  if (name == "gs") return Method::GaussSeidel;
  if (name == "wrong-order") return Method::InverseWrongOrder;
  return std::nullopt;
}

std::vector<Method> all_methods() {
  return {Method::Cholesky,          Method::LU,     Method::Inverse,
          Method::InverseWrongOrder, Method::QR,     Method::GradientDescent1,
          Method::GradientDescent2,  Method::Jacobi, Method::GaussSeidel};
}

bool is_direct(Method method) {
  return method == Method::Cholesky || method == Method::LU || method == Method::Inverse ||
         method == Method::InverseWrongOrder || method == Method::QR;
}

std::string_view status_name(SolveStatus status) {
  switch (status) {
    case SolveStatus::Ok: return "ok";
    case SolveStatus::Singular: return "singular";
    case SolveStatus::NonFinite: return "non-finite";
    case SolveStatus::Diverged: return "diverged";
    case SolveStatus::NotConverged: return "not-converged";
  }
  return "?";
}

const Phase* SolveResult::phase(std::string_view name) const {
  for (const Phase& p : phases)
    if (p.name == name) return &p;
  return nullptr;
}

std::uint64_t estimate_lambda_max(const Matrix& X, int iterations) {
  Arithmetic a(binary64);
  Matrix X64(X.rows(), X.cols(), binary64);
  for (std::size_t i = 0; i < X.size(); ++i)
    X64[i] = fpx::convert(X.format(), binary64, X[i], Rounding::NearestEven).bits;
  const Matrix A = gram(a, X64, true);
  Matrix v(A.rows(), 1, binary64);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = a.one();
  std::uint64_t lambda = 0;
  for (int it = 0; it < iterations; ++it) {
    Matrix u = times(a, A, v);
    std::uint64_t largest = 0;
    for (std::size_t i = 0; i < u.size(); ++i)
      if (a.magnitude_less(largest, u[i])) largest = a.absolute(u[i]);
    if (largest == 0 || !a.is_finite(largest)) return largest;
    for (std::size_t i = 0; i < u.size(); ++i) v[i] = a.divide(u[i], largest);
    lambda = largest;
  }
  return lambda;
}

SolveResult solve(Arithmetic& a, const Matrix& X, const Matrix& y, const SolverSettings& settings) {
  if (y.size() != X.rows()) throw std::invalid_argument("solve: X and y have different rows");
  const OperationCount count_before = a.count;
  const MemoryAccount memory_before = a.memory;
  const Flags flags_before = a.flags;
  a.flags = Flags{};
  SolveResult result;
  PhaseLog log(a);
  const std::size_t d = X.cols(), n = X.rows();
  const Format& format = a.format();

  const Matrix* design = &X;

  try {
    if (is_direct(settings.method)) {
      DirectSolver solver(a, *design, settings, log);
      solver.factor();
      Matrix w = solver.initial(y);
      if (!all_finite(a, w))
        throw SolverError{SolveStatus::NonFinite,
                          "the solution overflowed or is NaN in " + std::string(format.name) +
                              " (X is rank deficient or too ill-conditioned for this format)"};
      if (settings.refine > 0) {
        // Refinement on the augmented system [I X; X^T 0] [r; w] = [y; 0]
        // (Bjorck, "Iterative refinement of linear least squares solutions
        // I", BIT 7, 1967): r and w in the working format, the residuals
        //   f = y - r - X w,  g = -X^T r
        // computed exactly (ExactAccumulator) and rounded once, the
        // correction solved in the working precision. For a nonzero residual
        // this converges to the solution of the rounded problem, where
        // refining with r = y - X w alone stalls at u ||r|| / sigma_min.
        const Format& f_format = format;
        auto exact_round = [&](const ExactAccumulator& exact) {
          const Rounded rounded = exact.round(f_format, a.rounding(), a.rounding_options());
          a.flags |= rounded.flags;
          return rounded.bits;
        };
        log.start();
        a.note_input(*design);
        a.note_input(y);
        Matrix r(n, 1, a);
        for (std::size_t i = 0; i < n; ++i) {
          ExactAccumulator exact(format);
          exact.add(y[i]);
          for (std::size_t j = 0; j < d; ++j) exact.add_product(a.negate((*design)(i, j)), w[j]);
          a.count.exact_terms += d;
          r[i] = exact_round(exact);
        }
        log.stop("residual");
        for (int it = 0; it < settings.refine; ++it) {
          // Step 1: f and g exactly, rounded once.
          log.start();
          a.note_input(*design);
          a.note_input(y);
          Matrix f(n, 1, a), g(d, 1, a);
          bool all_zero = true;
          for (std::size_t i = 0; i < n; ++i) {
            ExactAccumulator exact(format);
            exact.add(y[i]);
            exact.subtract(r[i]);
            for (std::size_t j = 0; j < d; ++j) exact.add_product(a.negate((*design)(i, j)), w[j]);
            a.count.exact_terms += d + 1;
            f[i] = exact_round(exact);
            all_zero = all_zero && exact.is_zero();
          }
          for (std::size_t j = 0; j < d; ++j) {
            ExactAccumulator exact(format);
            for (std::size_t i = 0; i < n; ++i) exact.add_product(a.negate((*design)(i, j)), r[i]);
            a.count.exact_terms += n;
            g[j] = exact_round(exact);
            all_zero = all_zero && exact.is_zero();
          }
          log.stop("residual");
          if (all_zero) break;
          // Step 2: the correction in the working precision.
          auto [dr, dw] = solver.correction(f, g);
          if (!all_finite(a, dw) || !all_finite(a, dr)) break;
          // Step 3: update r and w.
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
          ++result.refinements;
          if (!changed) break;
        }
      }
      result.w = w;
    } else {
      iterate(a, *design, y, settings, log, result);
    }
  } catch (const SolverError& error) {
    result.status = error.status;
    result.message = error.message;
    result.w = Matrix();
    if (error.status == SolveStatus::Diverged) {
      result.message = std::string(method_name(settings.method)) + " diverged after " +
                       std::to_string(result.iterations) + " steps";
      if (settings.step) result.message += " with step " + shortest_decimal(format, *settings.step);
      if (result.lambda_max && (*result.lambda_max & binary64.magnitude_mask())) {
        result.message += "; lambda_max(X^T X) is about " + decimal64(*result.lambda_max);
        if (result.converging_step)
          result.message += ", so a step below 2/lambda_max converges, e.g. " +
                            decimal64(*result.converging_step);
      }
      if (settings.method == Method::Jacobi)
        result.message += " (Jacobi needs a diagonally dominant X^T X; use gauss-seidel)";
    }
  }
  result.phases = std::move(log.phases);
  result.count = a.count - count_before;
  result.memory = a.memory;
  result.memory.input_bytes -= memory_before.input_bytes;
  result.memory.new_bytes -= memory_before.new_bytes;
  result.flags = a.flags;
  a.flags |= flags_before;
  return result;
}

PerceptronResult perceptron(Arithmetic& a, const Matrix& X, const std::vector<int>& labels,
                            const PerceptronSettings& settings) {
  const std::size_t n = X.rows(), d = X.cols();
  if (labels.size() != n) throw std::invalid_argument("perceptron: one label per row");
  const OperationCount count_before = a.count;
  const MemoryAccount memory_before = a.memory;
  PerceptronResult result;
  a.note_input(X);
  Matrix w(d, 1, a);
  for (int epoch = 0; epoch < settings.epochs; ++epoch) {
    std::size_t updates = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t* x = X.data() + i * d;
      OperationCount mark = a.count;
      const std::uint64_t s = a.dot(w.data(), 1, x, 1, d);
      result.scoring += a.count - mark;
      // -y s >= 0 (or > 0): for y = +1, s <= 0 (s < 0); for y = -1, s >= 0 (s > 0).
      const bool zero = a.is_zero(s);
      const bool wrong_side =
          labels[i] > 0 ? a.is_negative(s) && !zero : !a.is_negative(s) && !zero;
      const bool update = wrong_side ||
                          (zero && settings.condition == UpdateCondition::GreaterEqual) ||
                          !a.is_finite(s);
      if (!update) continue;
      mark = a.count;
      for (std::size_t j = 0; j < d; ++j)
        w[j] = labels[i] > 0 ? a.add(w[j], x[j]) : a.subtract(w[j], x[j]);
      result.updating += a.count - mark;
      ++updates;
      result.update_steps.push_back(std::size_t(epoch) * n + i);
    }
    result.updates += updates;
    result.epochs = epoch + 1;
    if (updates == 0) {
      result.converged = true;
      break;
    }
  }
  // Not counted: the final training error.
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t s = 0;
    for (std::size_t j = 0; j < d; ++j)
      s = fpx::add(a.format(), s,
                   fpx::multiply(a.format(), w[j], X(i, j), Rounding::NearestEven).bits,
                   Rounding::NearestEven)
              .bits;
    const bool correct = a.is_finite(s) && !a.is_zero(s) && (a.is_negative(s) == (labels[i] < 0));
    if (!correct) ++result.misclassified;
  }
  result.w = w;
  result.count = a.count - count_before;
  result.memory = a.memory;
  result.memory.input_bytes -= memory_before.input_bytes;
  result.memory.new_bytes -= memory_before.new_bytes;
  result.flags = a.flags;
  return result;
}

ExactPerceptronResult perceptron_exact(const std::vector<Rational>& X, std::size_t d,
                                       const std::vector<int>& labels,
                                       const PerceptronSettings& settings) {
  const std::size_t n = labels.size();
  if (X.size() != n * d) throw std::invalid_argument("perceptron_exact: sizes differ");
  ExactPerceptronResult result;
  result.w.assign(d, Rational(0));
  for (int epoch = 0; epoch < settings.epochs; ++epoch) {
    std::size_t updates = 0;
    for (std::size_t i = 0; i < n; ++i) {
      Rational s = 0;
      for (std::size_t j = 0; j < d; ++j) s += result.w[j] * X[i * d + j];
      const Rational margin = labels[i] > 0 ? Rational(-s) : s;  // -y s
      const bool update =
          settings.condition == UpdateCondition::GreaterEqual ? margin >= 0 : margin > 0;
      if (!update) continue;
      for (std::size_t j = 0; j < d; ++j) {
        if (labels[i] > 0)
          result.w[j] += X[i * d + j];
        else
          result.w[j] -= X[i * d + j];
      }
      ++updates;
      result.update_steps.push_back(std::size_t(epoch) * n + i);
    }
    result.updates += updates;
    result.epochs = epoch + 1;
    if (updates == 0) {
      result.converged = true;
      break;
    }
  }
  return result;
}

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
