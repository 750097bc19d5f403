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
// settings.epochs are done, one sample per step() so that several runs can
// go in lockstep. The policy gives score_sign(i), the sign of w^T x_i, and
// update(i, label), w = w + label x_i.
template <typename Policy>
class Training {
 public:
  Training(Policy& policy, std::size_t n, const std::vector<int>& labels,
           const PerceptronSettings& settings, PerceptronPath& path)
      : policy_(policy), n_(n), labels_(labels), settings_(settings), path_(path) {
    running_ = n_ > 0 && settings_.epochs > 0;
  }

  bool running() const { return running_; }
  int epoch() const { return epoch_; }

  // The next sample; true if it updated w (false once the run has ended).
  bool step() {
    if (!running_) return false;
    const bool update =
        needs_update(policy_.score_sign(sample_), labels_[sample_], settings_.condition);
    if (update) {
      policy_.update(sample_, labels_[sample_]);
      ++updates_in_epoch_;
      ++path_.updates;
      if (path_.update_steps.size() < PerceptronPath::kept_steps)
        path_.update_steps.push_back(std::size_t(epoch_) * n_ + sample_);
    }
    if (++sample_ == n_) {
      path_.epochs = epoch_ + 1;
      if (updates_in_epoch_ == 0) {
        path_.converged = true;
        running_ = false;
      } else if (++epoch_ == settings_.epochs) {
        running_ = false;
      }
      sample_ = 0;
      updates_in_epoch_ = 0;
    }
    return update;
  }

  void run() {
    while (running_) step();
  }

 private:
  Policy& policy_;
  std::size_t n_;
  const std::vector<int>& labels_;
  const PerceptronSettings& settings_;
  PerceptronPath& path_;
  bool running_ = false;
  int epoch_ = 0;
  std::size_t sample_ = 0, updates_in_epoch_ = 0;
};

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

// The emulated run around a training: the counts, the memory account and
// the final training error.
class EmulatedRun {
 public:
  EmulatedRun(Arithmetic& a, const Matrix& X, const std::vector<int>& labels,
              const PerceptronSettings& settings, PerceptronResult& result)
      : a_(a),
        X_(X),
        labels_(labels),
        result_(result),
        count_before_(a.count),
        memory_before_(a.memory),
        w_(X.cols(), 1, a),
        policy_(a, X, w_, result),
        training_(policy_, X.rows(), labels, settings, result) {
    if (labels.size() != X.rows()) throw std::invalid_argument("perceptron: one label per row");
    a.note_input(X);
  }

  Training<EmulatedPolicy>& training() { return training_; }

  void finish() {
    const std::size_t n = X_.rows(), d = X_.cols();
    // Not counted: the final training error.
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t s = 0;
      for (std::size_t j = 0; j < d; ++j)
        s = fpx::add(a_.format(), s,
                     fpx::multiply(a_.format(), w_[j], X_(i, j), Rounding::NearestEven).bits,
                     Rounding::NearestEven)
                .bits;
      const bool correct =
          a_.is_finite(s) && !a_.is_zero(s) && (a_.is_negative(s) == (labels_[i] < 0));
      if (!correct) ++result_.misclassified;
    }
    result_.w = w_;
    result_.count = a_.count - count_before_;
    result_.memory = a_.memory;
    result_.memory.input_bytes -= memory_before_.input_bytes;
    result_.memory.new_bytes -= memory_before_.new_bytes;
    result_.flags = a_.flags;
  }

 private:
  Arithmetic& a_;
  const Matrix& X_;
  const std::vector<int>& labels_;
  PerceptronResult& result_;
  OperationCount count_before_;
  MemoryAccount memory_before_;
  Matrix w_;
  EmulatedPolicy policy_;
  Training<EmulatedPolicy> training_;
};

// An exact run: w = 0 and its training.
class ExactRun {
 public:
  ExactRun(const std::vector<Rational>& X, std::size_t d, const std::vector<int>& labels,
           const PerceptronSettings& settings, ExactPerceptronResult& result)
      : policy_(X, d, result.w), training_(policy_, labels.size(), labels, settings, result) {
    if (X.size() != labels.size() * d)
      throw std::invalid_argument("perceptron_exact: sizes differ");
    result.w.assign(d, Rational(0));
  }

  Training<ExactPolicy>& training() { return training_; }

 private:
  ExactPolicy policy_;
  Training<ExactPolicy> training_;
};

}  // namespace

PerceptronResult perceptron(Arithmetic& a, const Matrix& X, const std::vector<int>& labels,
                            const PerceptronSettings& settings) {
  PerceptronResult result;
  EmulatedRun run(a, X, labels, settings, result);
  run.training().run();
  run.finish();
  return result;
}

ExactPerceptronResult perceptron_exact(const std::vector<Rational>& X, std::size_t d,
                                       const std::vector<int>& labels,
                                       const PerceptronSettings& settings) {
  ExactPerceptronResult result;
  ExactRun run(X, d, labels, settings, result);
  run.training().run();
  return result;
}

PerceptronPaths perceptron_compared(Arithmetic& a, const Matrix& X,
                                    const std::vector<Rational>& exact_rounded,
                                    const std::vector<Rational>& exact_decimal,
                                    const std::vector<int>& labels,
                                    const PerceptronSettings& settings,
                                    const ProgressCallback& progress) {
  PerceptronPaths out;
  const std::size_t n = X.rows(), d = X.cols();
  EmulatedRun emulated(a, X, labels, settings, out.result);
  ExactRun exact(exact_rounded, d, labels, settings, out.exact);
  ExactRun decimal(exact_decimal, d, labels, settings, out.exact_decimal);
  for (std::size_t step = 0;
       emulated.training().running() || exact.training().running() || decimal.training().running();
       ++step) {
    if (progress && n > 0 && step % n == 0)
      progress("perceptron", step / n, std::uint64_t(settings.epochs), "epochs");
    const bool updated = emulated.training().step();
    if (exact.training().step() != updated && !out.first_difference) out.first_difference = step;
    if (decimal.training().step() != updated && !out.first_difference_decimal)
      out.first_difference_decimal = step;
  }
  emulated.finish();
  return out;
}

}  // namespace fpx
