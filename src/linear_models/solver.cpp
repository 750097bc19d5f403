// Least-squares solvers (include/fpx/linear_models/solver.hpp): the direct
// methods as a factorization and its refinement, the iterative ones by
// iterate().
#include "fpx/linear_models/solver.hpp"

#include <stdexcept>
#include <utility>

#include "fpx/core/decimal.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/text.hpp"
#include "fpx/linear_models/factorization.hpp"
#include "fpx/linear_models/iterative.hpp"
#include "fpx/linear_models/kernels.hpp"
#include "fpx/linear_models/phase_log.hpp"
#include "fpx/linear_models/refinement.hpp"

namespace fpx {
namespace {

std::string decimal64(std::uint64_t bits) { return shortest_decimal(binary64, bits); }

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

std::optional<Method> parse_method(std::string_view given) {
  // Names are case-insensitive.
  const std::string lowered = to_lower(given);
  const std::string_view name = lowered;
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

std::vector<Method> parse_method_list(const std::string& names) {
  if (names == "all") return all_methods();
  std::vector<Method> methods;
  for (const std::string& name : split_list(names)) {
    if (name.empty()) continue;
    const auto method = parse_method(name);
    if (!method) {
      std::vector<std::string_view> known;
      for (Method each : all_methods()) known.push_back(method_name(each));
      known.push_back("all");
      throw std::invalid_argument(unknown_name_message("solver", name, known));
    }
    methods.push_back(*method);
  }
  if (methods.empty()) throw std::invalid_argument("no solver named");
  return methods;
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
    case SolveStatus::Stalled: return "stalled";
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
  const Format& format = a.format();

  try {
    if (is_direct(settings.method)) {
      const auto factorization = make_factorization(a, X, settings, log);
      factorization->factor();
      Matrix w = factorization->solve(y);
      if (!all_finite(a, w))
        throw SolveFailure{SolveStatus::NonFinite,
                           "the solution overflowed or is NaN in " + std::string(format.name) +
                               " (X is rank deficient or too ill-conditioned for this format)"};
      if (settings.refine > 0)
        result.refinements = refine(a, *factorization, X, y, w, settings.refine, log);
      result.w = w;
    } else {
      iterate(a, X, y, settings, log, result);
    }
  } catch (const SolveFailure& error) {
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

}  // namespace fpx
