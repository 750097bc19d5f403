// Regression problems stated exactly
// (include/fpx/linear_models/regression_problem.hpp).
#include "fpx/linear_models/regression_problem.hpp"

#include <stdexcept>

#include "fpx/core/text.hpp"

namespace fpx {
namespace {

Rational power(const Rational& base, int exponent) {
  Rational out = 1;
  for (int k = 0; k < exponent; ++k) out *= base;
  return out;
}

}  // namespace

RoundedProblem round_problem(const ExactProblem& problem, const Format& format, Rounding mode) {
  RoundedProblem out;
  out.X = Matrix(problem.rows, problem.cols, format);
  out.y = Matrix(problem.rows, 1, format);
  out.exact.rows = problem.rows;
  out.exact.cols = problem.cols;
  out.exact.column_names = problem.column_names;
  auto round_one = [&](const Rational& value) {
    const std::uint64_t bits = round_to_format(format, value, mode);
    const FloatClass value_class = classify(format, bits);
    if (value_class == FloatClass::Infinity || value_class == FloatClass::QuietNaN ||
        value_class == FloatClass::SignalingNaN)
      throw std::domain_error("the value " + decimal_string(value, 6) + " overflows " +
                              std::string(format.name));
    Rational rounded = to_rational(format, bits);
    if (rounded != value) ++out.inexact;
    return std::pair{bits, rounded};
  };
  for (std::size_t i = 0; i < problem.X.size(); ++i) {
    auto [bits, rounded] = round_one(problem.X[i]);
    out.X[i] = bits;
    out.exact.X.push_back(std::move(rounded));
  }
  for (std::size_t i = 0; i < problem.rows; ++i) {
    auto [bits, rounded] = round_one(problem.y[i]);
    out.y[i] = bits;
    out.exact.y.push_back(std::move(rounded));
  }
  return out;
}

ExactProblem build_problem(const DataTable& table, const std::vector<std::string>& terms,
                           const std::string& response) {
  std::vector<Term> parsed;
  for (const std::string& text : terms) {
    Term term;
    term.text = text;
    if (text == "1") {
      term.column = -1;
      term.power = 0;
    } else {
      const std::size_t caret = text.find('^');
      std::string name = text.substr(0, caret);
      if (caret != std::string::npos) {
        const std::string exponent = text.substr(caret + 1);
        if (exponent.empty() || exponent.size() > 3 ||
            exponent.find_first_not_of("0123456789") != std::string::npos)
          throw DataFileError("term " + quote(text) + ": the power must be a small integer");
        term.power = std::stoi(exponent);
      }
      term.column = int(table.column(name));
    }
    parsed.push_back(term);
  }
  const std::size_t response_column = table.column(response);
  ExactProblem problem;
  problem.rows = table.rows.size();
  problem.cols = parsed.size();
  problem.column_names = terms;
  for (const auto& row : table.rows) {
    for (const Term& term : parsed)
      problem.X.push_back(term.column < 0 ? Rational(1) : power(row[term.column], term.power));
    problem.y.push_back(row[response_column]);
  }
  return problem;
}

}  // namespace fpx
