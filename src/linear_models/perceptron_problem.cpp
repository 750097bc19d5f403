// The perceptron as `fpx perceptron` runs it
// (include/fpx/linear_models/perceptron_problem.hpp).
#include "fpx/linear_models/perceptron_problem.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "fpx/core/text.hpp"
#include "fpx/io/data_table.hpp"

namespace fpx {

PerceptronProblem read_perceptron_problem(const std::string& path, const std::string& label,
                                          const std::string& positive_value,
                                          const std::vector<std::string>& features, bool bias,
                                          const Format& format, Rounding rounding) {
  DataTable table;
  try {
    table = read_data_table(path, {label});
  } catch (const DataFileError& e) {
    const std::string what = e.what();
    if (what.rfind("no column " + quote(label) + "", 0) == 0)
      throw DataFileError(path + ": missing label column: " + what);
    throw;
  }
  const std::size_t label_column = table.column(label);
  std::vector<std::size_t> feature_columns;
  if (features.empty()) {
    for (std::size_t k = 0; k < table.header.size(); ++k)
      if (k != label_column) feature_columns.push_back(k);
  } else {
    for (const std::string& name : features) feature_columns.push_back(table.column(name));
  }
  if (std::find(feature_columns.begin(), feature_columns.end(), label_column) !=
      feature_columns.end())
    throw std::invalid_argument("the label column cannot be a feature");
  if (feature_columns.empty()) throw DataFileError(path + ": no feature columns");

  PerceptronProblem problem;
  problem.label = table.header[label_column];
  // Labels: +1 for the positive value, -1 otherwise.
  std::vector<std::string> distinct;
  for (const auto& row : table.text)
    if (std::find(distinct.begin(), distinct.end(), row[label_column]) == distinct.end())
      distinct.push_back(row[label_column]);
  auto list = [&] {
    std::string text;
    for (std::size_t k = 0; k < distinct.size() && k < 6; ++k)
      text += (k ? ", " : "") + quote(distinct[k]);
    if (distinct.size() > 6) text += ", ...";
    return text;
  };
  problem.positive = positive_value;
  if (problem.positive.empty()) {
    if (distinct.size() != 2)
      throw DataFileError(path + ": labels not two-valued: column " + quote(problem.label) +
                          " has " + std::to_string(distinct.size()) + " values (" + list() +
                          "); pick the positive class with --positive VALUE");
    problem.positive = distinct[0];
  } else if (std::find(distinct.begin(), distinct.end(), problem.positive) == distinct.end() ||
             distinct.size() < 2) {
    throw DataFileError(path + ": labels not two-valued: " + quote(problem.positive) + " is " +
                        (distinct.size() < 2 ? "the only value" : "not a value") + " of column " +
                        quote(problem.label) + " (" + list() + ")");
  }
  const std::size_t n = table.rows.size();
  problem.labels.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    problem.labels[i] = table.text[i][label_column] == problem.positive ? 1 : -1;
    if (problem.labels[i] > 0) ++problem.positives;
  }
  for (std::size_t k : feature_columns) problem.feature_names.push_back(table.header[k]);
  if (bias) problem.feature_names.push_back("bias");
  std::vector<Rational> values;
  values.reserve(n * feature_columns.size());
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k : feature_columns) values.push_back(table.rows[i][k]);
  round_features(problem, values, n, feature_columns.size(), bias, format, rounding, path);
  return problem;
}

void round_features(PerceptronProblem& problem, const std::vector<Rational>& features,
                    std::size_t samples, std::size_t count, bool bias, const Format& format,
                    Rounding rounding, const std::string& source) {
  const std::size_t d = count + (bias ? 1 : 0);
  problem.X = Matrix(samples, d, format);
  problem.exact_decimal.clear();
  problem.exact_rounded.clear();
  problem.inexact = 0;
  for (std::size_t i = 0; i < samples; ++i) {
    for (std::size_t k = 0; k < d; ++k) {
      const Rational value = k < count ? features[i * count + k] : Rational(1);
      const std::uint64_t bits = round_to_format(format, value, rounding);
      const FloatClass value_class = classify(format, bits);
      if (value_class == FloatClass::Infinity || value_class == FloatClass::QuietNaN)
        throw DataFileError(source + ": row " + std::to_string(i + 1) + ": " +
                            decimal_string(value, 6) + " overflows " + std::string(format.name));
      problem.X(i, k) = bits;
      problem.exact_decimal.push_back(value);
      problem.exact_rounded.push_back(to_rational(format, bits));
      if (problem.exact_rounded.back() != value) ++problem.inexact;
    }
  }
}

PerceptronComparison compare_perceptron(const PerceptronProblem& problem, const Format& format,
                                        Rounding rounding, const Strategy& strategy,
                                        std::uint64_t seed, const PerceptronSettings& settings) {
  PerceptronComparison out;
  const std::size_t d = problem.X.cols();
  Arithmetic arithmetic(format, rounding, strategy, seed);
  out.result = perceptron(arithmetic, problem.X, problem.labels, settings);
  out.exact = perceptron_exact(problem.exact_rounded, d, problem.labels, settings);
  out.exact_decimal = perceptron_exact(problem.exact_decimal, d, problem.labels, settings);
  const auto& emulated = out.result.update_steps;
  const auto& exact = out.exact.update_steps;
  out.same_path = emulated == exact;
  for (std::size_t k = 0; k < std::max(exact.size(), emulated.size()); ++k) {
    const std::size_t a = k < emulated.size() ? emulated[k] : SIZE_MAX;
    const std::size_t b = k < exact.size() ? exact[k] : SIZE_MAX;
    if (a != b) {
      out.first_difference = std::min(a, b);
      break;
    }
  }
  return out;
}

}  // namespace fpx
