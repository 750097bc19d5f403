// The lecture's online perceptron, in emulated arithmetic and in exact
// rational arithmetic: one training loop (perceptron.cpp) over two
// arithmetic policies, so that the two runs can only differ by rounding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/linear_models/counted_arithmetic.hpp"
#include "fpx/linear_models/matrix.hpp"
#include "fpx/linear_models/progress.hpp"

namespace fpx {

// The online perceptron (the lecture: batch size 1, learning rate 1, ReLU
// loss [-y w^T x]_+): for each sample in order, s = w^T x (2d FLOPs), and if
// -y s >= 0 (or > 0) then w = w + y x (d additions or subtractions; y x is a
// sign flip). From w = 0, the condition > never updates: the w = 0 trap.
enum class UpdateCondition : std::uint8_t { GreaterEqual, Greater };

struct PerceptronSettings {
  UpdateCondition condition = UpdateCondition::GreaterEqual;
  int epochs = 100;  // stop earlier after an epoch without updates
};

// The path of a training run, the same for both arithmetics. Memory does
// not grow with the run: the steps of the first `kept_steps` updates are
// kept, the rest only counted.
struct PerceptronPath {
  static constexpr std::size_t kept_steps = 1000;
  std::size_t updates = 0;
  int epochs = 0;          // epochs run
  bool converged = false;  // an epoch without updates
  // The global sample indices (epoch * N + i) of the first kept_steps updates.
  std::vector<std::size_t> update_steps;
};

struct PerceptronResult : PerceptronPath {
  Matrix w;
  std::size_t misclassified = 0;  // training samples with y w^T x <= 0 at the end (in F)
  OperationCount scoring;         // the w^T x of every step
  OperationCount updating;        // the updates
  OperationCount count;
  MemoryAccount memory;
  Flags flags;
};
// X: N x d in the arithmetic's format; labels: +1 or -1.
PerceptronResult perceptron(Arithmetic& arithmetic, const Matrix& X, const std::vector<int>& labels,
                            const PerceptronSettings& settings);

// The same algorithm in exact rational arithmetic.
struct ExactPerceptronResult : PerceptronPath {
  std::vector<Rational> w;
};
ExactPerceptronResult perceptron_exact(const std::vector<Rational>& X, std::size_t d,
                                       const std::vector<int>& labels,
                                       const PerceptronSettings& settings);

// The emulated run on X (N x d) and the exact runs on `exact_rounded` (X's
// values) and `exact_decimal` (the data as written), in lockstep, sample by
// sample: each path is compared with the emulated one as they go, so that
// only the first step where they part is kept (the first global step where
// one of them updates and the other does not, or has stopped).
struct PerceptronPaths {
  PerceptronResult result;
  ExactPerceptronResult exact, exact_decimal;
  std::optional<std::size_t> first_difference, first_difference_decimal;
};
// `progress` is told the epochs of the emulated run.
PerceptronPaths perceptron_compared(Arithmetic& arithmetic, const Matrix& X,
                                    const std::vector<Rational>& exact_rounded,
                                    const std::vector<Rational>& exact_decimal,
                                    const std::vector<int>& labels,
                                    const PerceptronSettings& settings,
                                    const ProgressCallback& progress = {});

}  // namespace fpx
