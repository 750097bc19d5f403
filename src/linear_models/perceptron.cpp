// The online perceptron (include/fpx/linear_models/perceptron.hpp): one
// training loop, run by an emulated and an exact arithmetic policy.
#include "fpx/linear_models/perceptron.hpp"

#include <stdexcept>

#include "fpx/core/operations.hpp"
#include "fpx/linear_models/kernels.hpp"

namespace fpx {
namespace {

// The sign of a score s = w^T x, which is all the update rule looks at.
enum class ScoreSign : std::uint8_t { Negative, Zero, Positive, NotFinite };

// The lecture's rule: update when -y s >= 0 (or > 0). For y = +1 that is
// s <= 0 (s < 0), for y = -1, s >= 0 (s > 0); a score that is not a number
// (emulated overflow) always updates.
bool needs_update(ScoreSign sign, int label, UpdateCondition condition) {
  switch (sign) {
    case ScoreSign::NotFinite: return true;
    case ScoreSign::Zero: return condition == UpdateCondition::GreaterEqual;
    case ScoreSign::Negative: return label > 0;
    case ScoreSign::Positive: return label < 0;
  }
  return false;
}

// Epochs over the samples in order until one has no update or
// settings.epochs are done. The policy gives score_sign(i), the sign of
// w^T x_i, and update(i, label), w = w + label x_i.
template <typename Policy>
void train(Policy& policy, std::size_t n, const std::vector<int>& labels,
           const PerceptronSettings& settings, PerceptronPath& path) {
  for (int epoch = 0; epoch < settings.epochs; ++epoch) {
    std::size_t updates = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!needs_update(policy.score_sign(i), labels[i], settings.condition)) continue;
      policy.update(i, labels[i]);
      ++updates;
      path.update_steps.push_back(std::size_t(epoch) * n + i);
    }
    path.updates += updates;
    path.epochs = epoch + 1;
    if (updates == 0) {
      path.converged = true;
      break;
    }
  }
}

// w^T x and w + y x in the emulated arithmetic, counted.
class EmulatedPolicy {
 public:
  EmulatedPolicy(Arithmetic& a, const Matrix& X, Matrix& w, PerceptronResult& result)
      : a_(a), X_(X), w_(w), result_(result), d_(X.cols()) {}

  ScoreSign score_sign(std::size_t i) {
    const OperationCount mark = a_.count;
    const std::uint64_t s = a_.dot(w_.data(), 1, X_.data() + i * d_, 1, d_);
    result_.scoring += a_.count - mark;
    if (!a_.is_finite(s)) return ScoreSign::NotFinite;
    if (a_.is_zero(s)) return ScoreSign::Zero;
    return a_.is_negative(s) ? ScoreSign::Negative : ScoreSign::Positive;
  }

  void update(std::size_t i, int label) {
    const OperationCount mark = a_.count;
    const std::uint64_t* x = X_.data() + i * d_;
    for (std::size_t j = 0; j < d_; ++j)
      w_[j] = label > 0 ? a_.add(w_[j], x[j]) : a_.subtract(w_[j], x[j]);
    result_.updating += a_.count - mark;
  }

 private:
  Arithmetic& a_;
  const Matrix& X_;
  Matrix& w_;
  PerceptronResult& result_;
  std::size_t d_;
};

// The same in exact rational arithmetic.
class ExactPolicy {
 public:
  ExactPolicy(const std::vector<Rational>& X, std::size_t d, std::vector<Rational>& w)
      : X_(X), d_(d), w_(w) {}

  ScoreSign score_sign(std::size_t i) const {
    Rational s = 0;
    for (std::size_t j = 0; j < d_; ++j) s += w_[j] * X_[i * d_ + j];
    return s == 0 ? ScoreSign::Zero : s < 0 ? ScoreSign::Negative : ScoreSign::Positive;
  }

  void update(std::size_t i, int label) {
    for (std::size_t j = 0; j < d_; ++j) {
      if (label > 0)
        w_[j] += X_[i * d_ + j];
      else
        w_[j] -= X_[i * d_ + j];
    }
  }

 private:
  const std::vector<Rational>& X_;
  std::size_t d_;
  std::vector<Rational>& w_;
};

}  // namespace

PerceptronResult perceptron(Arithmetic& a, const Matrix& X, const std::vector<int>& labels,
                            const PerceptronSettings& settings) {
  const std::size_t n = X.rows(), d = X.cols();
  if (labels.size() != n) throw std::invalid_argument("perceptron: one label per row");
  const OperationCount count_before = a.count;
  const MemoryAccount memory_before = a.memory;
  PerceptronResult result;
  a.note_input(X);
  Matrix w(d, 1, a);
  EmulatedPolicy policy(a, X, w, result);
  train(policy, n, labels, settings, result);
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
  ExactPolicy policy(X, d, result.w);
  train(policy, n, labels, settings, result);
  return result;
}

}  // namespace fpx
