// Regression problems stated exactly
// (include/fpx/linear_models/regression_problem.hpp).
#include "fpx/linear_models/regression_problem.hpp"

#include <boost/multiprecision/integer.hpp>
#include <map>
#include <stdexcept>

#include "fpx/core/text.hpp"
#include "fpx/core/unpacked.hpp"

namespace fpx {
namespace {

Rational power(const Rational& base, int exponent) {
  Rational out = 1;
  for (int k = 0; k < exponent; ++k) out *= base;
  return out;
}

bool fits_64_bits(const BigInteger& value) {
  return value == 0 || boost::multiprecision::msb(abs(value)) < 63;
}

// The column of values value(0) .. value(n - 1) over the least common
// multiple of their denominators. Decimal data repeats a few denominators
// (powers of two and five), so the quotient scale / denominator is kept for
// the last one seen.
template <typename Value>
ExactColumn column_of(std::size_t n, Value value) {
  BigInteger scale = 1;
  for (std::size_t i = 0; i < n; ++i) {
    const BigInteger& denominator = boost::multiprecision::denominator(value(i));
    if (denominator != 1 && scale % denominator != 0)
      scale = boost::multiprecision::lcm(scale, denominator);
  }
  std::vector<BigInteger> numerators(n);
  BigInteger last_denominator = 1, factor = scale;
  for (std::size_t i = 0; i < n; ++i) {
    const Rational& entry = value(i);
    const BigInteger& denominator = boost::multiprecision::denominator(entry);
    if (denominator != last_denominator) {
      last_denominator = denominator;
      factor = scale / denominator;
    }
    numerators[i] = boost::multiprecision::numerator(entry) * factor;
  }
  return exact_column(std::move(numerators), Rational(scale));
}

// The rounding of one exact value into a format, checked to stay finite.
class EntryRounder {
 public:
  EntryRounder(const Format& format, Rounding mode) : format_(format), mode_(mode) {}

  // numerator / denominator (denominator > 0) rounded once.
  std::uint64_t round(const BigInteger& numerator, const BigInteger& denominator,
                      std::size_t& inexact) const {
    const bool negative = numerator < 0;
    StochasticSource random(0);  // as round_to_format: every entry from seed 0
    const Rounded rounded =
        round_rational(format_, negative, negative ? BigInteger(-numerator) : numerator,
                       denominator, 0, mode_, RoundingOptions{Tininess::AfterRounding, &random});
    const FloatClass value_class = classify(format_, rounded.bits);
    if (value_class == FloatClass::Infinity || value_class == FloatClass::QuietNaN ||
        value_class == FloatClass::SignalingNaN)
      throw std::domain_error("the value " +
                              decimal_string(Rational(numerator) / Rational(denominator), 6) +
                              " overflows " + std::string(format_.name));
    if (rounded.flags.has(Flags::inexact)) ++inexact;
    return rounded.bits;
  }

 private:
  const Format& format_;
  Rounding mode_;
};

// The terms parsed against the table's columns.
std::vector<Term> parse_terms(const DataTable& table, const std::vector<std::string>& terms) {
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
  return parsed;
}

}  // namespace

ExactColumn exact_column(const std::vector<Rational>& values) {
  return column_of(values.size(), [&](std::size_t i) -> const Rational& { return values[i]; });
}

ExactColumn exact_column(std::vector<BigInteger> numerators, Rational scale) {
  ExactColumn column;
  column.scale = std::move(scale);
  for (const BigInteger& value : numerators)
    if (!fits_64_bits(value)) {
      column.large = std::move(numerators);
      return column;
    }
  column.small.reserve(numerators.size());
  for (const BigInteger& value : numerators) column.small.push_back(std::int64_t(value));
  return column;
}

ExactColumn exact_column(const Format& format, const std::uint64_t* bits, std::size_t stride,
                         std::size_t count) {
  // value_i = (-1)^s_i m_i 2^e_i; over 2^-e_min the numerators are
  // m_i 2^(e_i - e_min).
  std::vector<Unpacked> values(count);
  int least = 0;
  bool any = false;
  int widest = 0;  // the most bits a numerator needs
  for (std::size_t i = 0; i < count; ++i) {
    values[i] = unpack(format, bits[i * stride]);
    if (!values[i].is_finite()) throw std::domain_error("exact_column: a value is not finite");
    if (values[i].is_zero()) continue;
    least = any ? std::min(least, values[i].exponent) : values[i].exponent;
    any = true;
  }
  for (const Unpacked& value : values)
    if (!value.is_zero())
      widest = std::max(widest, int(boost::multiprecision::msb(value.significand)) + 1 +
                                    (value.exponent - least));
  ExactColumn column;
  column.scale = least <= 0 ? Rational(BigInteger(1) << -least)
                            : Rational(1) / Rational(BigInteger(1) << least);
  if (widest < 63) {
    column.small.reserve(count);
    for (const Unpacked& value : values) {
      const std::int64_t magnitude =
          value.is_zero() ? 0 : std::int64_t(value.significand << (value.exponent - least));
      column.small.push_back(value.negative ? -magnitude : magnitude);
    }
  } else {
    column.large.reserve(count);
    for (const Unpacked& value : values) {
      BigInteger magnitude = value.is_zero()
                                 ? BigInteger(0)
                                 : BigInteger(value.significand) << (value.exponent - least);
      column.large.push_back(value.negative ? BigInteger(-magnitude) : magnitude);
    }
  }
  return column;
}

ScaledProblem scaled_problem(const ExactProblem& problem) {
  ScaledProblem out;
  out.rows = problem.rows;
  out.cols = problem.cols;
  out.column_names = problem.column_names;
  for (std::size_t j = 0; j < problem.cols; ++j)
    out.X.push_back(column_of(problem.rows, [&](std::size_t i) -> const Rational& {
      return problem.X[i * problem.cols + j];
    }));
  out.y = exact_column(problem.y);
  return out;
}

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

RoundedInputs round_problem(const ScaledProblem& problem, const Format& format, Rounding mode) {
  RoundedInputs out;
  out.X = Matrix(problem.rows, problem.cols, format);
  out.y = Matrix(problem.rows, 1, format);
  const EntryRounder rounder(format, mode);
  // value = numerator / scale = numerator * den(scale) / num(scale).
  auto round_column = [&](const ExactColumn& column, std::uint64_t* out_bits, std::size_t stride) {
    const BigInteger& top = boost::multiprecision::numerator(column.scale);
    const BigInteger& bottom = boost::multiprecision::denominator(column.scale);
    for (std::size_t i = 0; i < problem.rows; ++i) {
      BigInteger numerator = column.numerator(i);
      if (bottom != 1) numerator *= bottom;
      out_bits[i * stride] = rounder.round(numerator, top, out.inexact);
    }
  };
  for (std::size_t j = 0; j < problem.cols; ++j)
    round_column(problem.X[j], out.X.data() + j, problem.cols);
  round_column(problem.y, out.y.data(), 1);
  return out;
}

ExactProblem build_problem(const DataTable& table, const std::vector<std::string>& terms,
                           const std::string& response) {
  const std::vector<Term> parsed = parse_terms(table, terms);
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

ScaledProblem build_scaled_problem(const DataTable& table, const std::vector<std::string>& terms,
                                   const std::string& response, const ProgressCallback& progress) {
  const std::vector<Term> parsed = parse_terms(table, terms);
  const std::size_t response_column = table.column(response);
  const std::size_t n = table.rows.size();
  ScaledProblem problem;
  problem.rows = n;
  problem.cols = parsed.size();
  problem.column_names = terms;
  // Each data column once, over its common denominator; a term is a power of it.
  std::map<std::size_t, ExactColumn> columns;
  auto data_column = [&](std::size_t k) -> const ExactColumn& {
    auto found = columns.find(k);
    if (found == columns.end())
      found = columns
                  .emplace(
                      k, column_of(
                             n, [&](std::size_t i) -> const Rational& { return table.rows[i][k]; }))
                  .first;
    return found->second;
  };
  std::size_t done = 0;
  for (const Term& term : parsed) {
    if (progress) progress("exact data columns", done++, parsed.size() + 1, "columns");
    if (term.column < 0) {
      ExactColumn ones;
      ones.small.assign(n, 1);
      problem.X.push_back(std::move(ones));
      continue;
    }
    const ExactColumn& base = data_column(std::size_t(term.column));
    if (term.power == 1) {
      problem.X.push_back(base);
      continue;
    }
    std::vector<BigInteger> numerators(n);
    for (std::size_t i = 0; i < n; ++i)
      numerators[i] = boost::multiprecision::pow(base.numerator(i), unsigned(term.power));
    Rational scale = 1;
    for (int k = 0; k < term.power; ++k) scale *= base.scale;
    problem.X.push_back(exact_column(std::move(numerators), std::move(scale)));
  }
  problem.y = data_column(response_column);
  return problem;
}

}  // namespace fpx
