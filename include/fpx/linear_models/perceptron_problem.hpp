// The perceptron as `fpx perceptron` runs it, as a library: a labelled
// problem read from a data table (labels +1 for the positive class, -1 for
// the rest; features rounded once into the working format), trained in
// emulated arithmetic and, on the same inputs and on the data as written, in
// exact arithmetic, with where the paths part.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/linear_models/matrix.hpp"
#include "fpx/linear_models/perceptron.hpp"
#include "fpx/summation/strategy.hpp"

namespace fpx {

struct PerceptronProblem {
  std::string label;     // the label column's name
  std::string positive;  // the label value that is +1
  std::size_t positives = 0;
  std::vector<std::string> feature_names;  // "bias" last when appended
  std::vector<int> labels;                 // +1 or -1 per sample
  Matrix X;                                // samples x features, rounded into the format
  std::vector<Rational> exact_decimal;     // X as written (row-major)
  std::vector<Rational> exact_rounded;     // X as rounded
  std::size_t inexact = 0;                 // entries changed by rounding
};

// Reads `path` with the label column kept as text. Without `positive` the
// label column must hold exactly two values (the first one seen is +1).
// Throws DataFileError (the data) or std::invalid_argument (the options).
PerceptronProblem read_perceptron_problem(const std::string& path, const std::string& label,
                                          const std::string& positive,
                                          const std::vector<std::string>& features, bool bias,
                                          const Format& format, Rounding rounding);

// The features (samples x count, row-major, the values as written) rounded
// once into `format`, with a constant 1 feature appended when `bias`: sets
// problem.X, exact_decimal, exact_rounded and inexact. Throws DataFileError
// naming `source` and the row when an entry overflows the format.
void round_features(PerceptronProblem& problem, const std::vector<Rational>& features,
                    std::size_t samples, std::size_t count, bool bias, const Format& format,
                    Rounding rounding, const std::string& source);

struct PerceptronComparison {
  PerceptronResult result;                      // emulated
  ExactPerceptronResult exact;                  // exact, on the rounded inputs
  ExactPerceptronResult exact_decimal;          // exact, on the data as written
  bool same_path = false;                       // the emulated updates are the exact ones
  std::optional<std::size_t> first_difference;  // the first step where they part
};
PerceptronComparison compare_perceptron(const PerceptronProblem& problem, const Format& format,
                                        Rounding rounding, const Strategy& strategy,
                                        std::uint64_t seed, const PerceptronSettings& settings);

}  // namespace fpx
