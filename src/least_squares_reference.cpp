// The exact least-squares reference: see include/fpx/least_squares_reference.hpp.
#include "fpx/least_squares_reference.hpp"

#include <algorithm>
#include <bit>
#include <boost/multiprecision/gmp.hpp>
#include <cctype>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fpx/decimal.hpp"

namespace fpx {
namespace {

using boost::multiprecision::mpq_rational;
using boost::multiprecision::mpz_int;

// cpp_int <-> mpz through hexadecimal text: exact, and fast enough for the
// sizes here (one conversion per entry).
mpz_int to_mpz(const BigInteger& value) {
  if (value == 0) return 0;
  const bool negative = value < 0;
  const BigInteger magnitude = negative ? BigInteger(-value) : value;
  mpz_int out("0x" + magnitude.str(0, std::ios_base::hex));
  return negative ? mpz_int(-out) : out;
}

BigInteger to_big_integer(const mpz_int& value) {
  if (value == 0) return 0;
  const bool negative = value < 0;
  const mpz_int magnitude = negative ? mpz_int(-value) : value;
  BigInteger out("0x" + magnitude.str(0, std::ios_base::hex));
  return negative ? BigInteger(-out) : out;
}

mpq_rational to_mpq(const Rational& value) {
  return mpq_rational(to_mpz(boost::multiprecision::numerator(value)),
                      to_mpz(boost::multiprecision::denominator(value)));
}

Rational to_cpp(const mpq_rational& value) {
  return Rational(to_big_integer(boost::multiprecision::numerator(value)),
                  to_big_integer(boost::multiprecision::denominator(value)));
}

struct NormalEquations {
  std::size_t d = 0;
  std::vector<mpq_rational> A;  // d x d
  std::vector<mpq_rational> b;  // d
};

NormalEquations normal_equations(const ExactProblem& problem) {
  const std::size_t n = problem.rows, d = problem.cols;
  std::vector<mpq_rational> X(n * d), y(n);
  for (std::size_t i = 0; i < n * d; ++i) X[i] = to_mpq(problem.X[i]);
  for (std::size_t i = 0; i < n; ++i) y[i] = to_mpq(problem.y[i]);
  NormalEquations out;
  out.d = d;
  out.A.assign(d * d, 0);
  out.b.assign(d, 0);
  for (std::size_t j = 0; j < d; ++j) {
    for (std::size_t k = j; k < d; ++k) {
      mpq_rational sum = 0;
      for (std::size_t i = 0; i < n; ++i) sum += X[i * d + j] * X[i * d + k];
      out.A[j * d + k] = sum;
      out.A[k * d + j] = sum;
    }
    mpq_rational sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += X[i * d + j] * y[i];
    out.b[j] = sum;
  }
  return out;
}

// Gauss-Jordan elimination over the rationals on [A | b]; returns the rank
// and leaves the solution in b when A is nonsingular.
std::size_t eliminate(NormalEquations& system) {
  const std::size_t d = system.d;
  auto& A = system.A;
  auto& b = system.b;
  std::size_t rank = 0;
  std::vector<std::size_t> pivot_column;
  for (std::size_t col = 0; col < d && rank < d; ++col) {
    std::size_t pivot = rank;
    while (pivot < d && A[pivot * d + col] == 0) ++pivot;
    if (pivot == d) continue;
    if (pivot != rank) {
      for (std::size_t k = 0; k < d; ++k) std::swap(A[pivot * d + k], A[rank * d + k]);
      std::swap(b[pivot], b[rank]);
    }
    const mpq_rational inverse = 1 / A[rank * d + col];
    for (std::size_t k = col; k < d; ++k) A[rank * d + k] *= inverse;
    b[rank] *= inverse;
    for (std::size_t i = 0; i < d; ++i) {
      if (i == rank || A[i * d + col] == 0) continue;
      const mpq_rational factor = A[i * d + col];
      for (std::size_t k = col; k < d; ++k) A[i * d + k] -= factor * A[rank * d + k];
      b[i] -= factor * b[rank];
    }
    ++rank;
  }
  return rank;
}

std::string trim(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

std::vector<std::string> split_fields(const std::string& line) {
  char delimiter = ' ';
  for (char candidate : {',', ';', '\t'})
    if (line.find(candidate) != std::string::npos) {
      delimiter = candidate;
      break;
    }
  std::vector<std::string> fields;
  if (delimiter == ' ') {
    std::istringstream stream(line);
    std::string field;
    while (stream >> field) fields.push_back(field);
    return fields;
  }
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = line.find(delimiter, start);
    fields.push_back(
        trim(line.substr(start, end == std::string::npos ? std::string::npos : end - start)));
    if (end == std::string::npos) return fields;
    start = end + 1;
  }
}

bool read_rational(const std::string& text, Rational& value) {
  ExactNumber number;
  try {
    number = read_number(text);
  } catch (const ParseError&) {
    return false;
  }
  if (number.kind != ExactNumber::Kind::Finite) return false;
  Rational magnitude(number.numerator, number.denominator);
  if (number.binary_exponent > 0) magnitude *= Rational(BigInteger(1) << number.binary_exponent);
  if (number.binary_exponent < 0) magnitude /= Rational(BigInteger(1) << -number.binary_exponent);
  value = number.negative ? Rational(-magnitude) : magnitude;
  return true;
}

Rational power(const Rational& base, int exponent) {
  Rational out = 1;
  for (int k = 0; k < exponent; ++k) out *= base;
  return out;
}

// log10 of a positive rational.
double log10_of(const BigInteger& numerator, const BigInteger& denominator) {
  const long exponent =
      long(boost::multiprecision::msb(numerator)) - long(boost::multiprecision::msb(denominator));
  const Rounded scaled =
      round_rational(binary64, false, numerator, denominator, -exponent, Rounding::NearestEven);
  return std::log10(std::bit_cast<double>(scaled.bits)) + double(exponent) * std::log10(2.0);
}

}  // namespace

Rational parse_rational(const std::string& text) {
  Rational value;
  if (!read_rational(text, value)) throw DataFileError("'" + text + "' is not a finite number");
  return value;
}

ExactSolution exact_least_squares(const ExactProblem& problem) {
  NormalEquations system = normal_equations(problem);
  ExactSolution solution;
  solution.rank = eliminate(system);
  solution.full_rank = solution.rank == problem.cols;
  if (solution.full_rank) {
    solution.w.reserve(problem.cols);
    for (const mpq_rational& value : system.b) solution.w.push_back(to_cpp(value));
    solution.residual_sum_of_squares = residual_sum_of_squares(problem, solution.w);
  }
  return solution;
}

std::size_t exact_rank(const ExactProblem& problem) {
  NormalEquations system = normal_equations(problem);
  return eliminate(system);
}

Rational residual_sum_of_squares(const ExactProblem& problem, const std::vector<Rational>& w) {
  std::vector<mpq_rational> weights;
  for (const Rational& value : w) weights.push_back(to_mpq(value));
  mpq_rational total = 0;
  for (std::size_t i = 0; i < problem.rows; ++i) {
    mpq_rational r = to_mpq(problem.y[i]);
    for (std::size_t j = 0; j < problem.cols; ++j) r -= to_mpq(problem.at(i, j)) * weights[j];
    total += r * r;
  }
  return to_cpp(total);
}

std::uint64_t round_to_format(const Format& format, const Rational& value, Rounding mode) {
  const BigInteger numerator = boost::multiprecision::numerator(value);
  const bool negative = numerator < 0;
  StochasticSource random(0);
  return round_rational(format, negative, negative ? BigInteger(-numerator) : numerator,
                        boost::multiprecision::denominator(value), 0, mode,
                        RoundingOptions{Tininess::AfterRounding, &random})
      .bits;
}

std::string decimal_string(const Rational& value, int significant_digits) {
  const BigInteger numerator = boost::multiprecision::numerator(value);
  const bool negative = numerator < 0;
  return approximate_decimal(negative, negative ? BigInteger(-numerator) : numerator,
                             boost::multiprecision::denominator(value), 0, significant_digits);
}

double to_double(const Rational& value) {
  return std::bit_cast<double>(round_to_format(binary64, value));
}

double log_relative_error(const Rational& estimate, const Rational& exact, double cap) {
  const Rational difference = estimate - exact;
  if (difference == 0) return cap;
  const BigInteger difference_numerator = abs(boost::multiprecision::numerator(difference));
  const BigInteger difference_denominator = boost::multiprecision::denominator(difference);
  double lre = 0;
  if (exact == 0) {
    lre = -log10_of(difference_numerator, difference_denominator);
  } else {
    const BigInteger exact_numerator = abs(boost::multiprecision::numerator(exact));
    const BigInteger exact_denominator = boost::multiprecision::denominator(exact);
    lre = -log10_of(difference_numerator * exact_denominator,
                    difference_denominator * exact_numerator);
  }
  return std::clamp(lre, 0.0, cap) + 0.0;  // + 0.0: no -0
}

double format_digits(const Format& format) { return format.precision * std::log10(2.0); }

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

std::size_t DataTable::column(const std::string& name_or_index) const {
  auto found = std::find(header.begin(), header.end(), name_or_index);
  if (found != header.end()) return std::size_t(found - header.begin());
  if (!name_or_index.empty() && std::all_of(name_or_index.begin(), name_or_index.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
      })) {
    const std::size_t index = std::stoul(name_or_index);
    if (index < header.size()) return index;
  }
  std::string names;
  for (const std::string& name : header) names += (names.empty() ? "" : ", ") + name;
  throw DataFileError("no column '" + name_or_index + "' (the columns are " + names + ")");
}

DataTable read_data_table(const std::string& path, const std::vector<std::string>& text_columns) {
  std::ifstream file(path);
  if (!file) throw DataFileError("cannot open '" + path + "'");
  DataTable table;
  std::string line;
  std::size_t line_number = 0;
  std::vector<bool> is_text;
  bool first = true;
  while (std::getline(file, line)) {
    ++line_number;
    const std::string content = trim(line);
    if (content.empty() || content[0] == '#') continue;
    std::vector<std::string> fields = split_fields(content);
    if (first) {
      first = false;
      Rational ignored;
      const bool numeric = std::all_of(fields.begin(), fields.end(), [&](const std::string& field) {
        return read_rational(field, ignored);
      });
      if (!numeric) {
        table.header = fields;
      } else {
        for (std::size_t k = 0; k < fields.size(); ++k) table.header.push_back(std::to_string(k));
      }
      is_text.assign(table.header.size(), false);
      for (const std::string& name : text_columns) is_text[table.column(name)] = true;
      if (!numeric) continue;
    }
    const std::string where = path + ":" + std::to_string(line_number) + ": ";
    if (fields.size() != table.header.size())
      throw DataFileError(where + "expected " + std::to_string(table.header.size()) +
                          " fields, found " + std::to_string(fields.size()));
    std::vector<Rational> values(fields.size());
    for (std::size_t k = 0; k < fields.size(); ++k) {
      if (is_text[k]) continue;
      if (!read_rational(fields[k], values[k]))
        throw DataFileError(where + "column '" + table.header[k] + "': '" + fields[k] +
                            "' is not a finite number");
    }
    table.rows.push_back(std::move(values));
    table.text.push_back(std::move(fields));
  }
  if (table.rows.empty()) throw DataFileError(path + ": no data rows");
  return table;
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
          throw DataFileError("term '" + text + "': the power must be a small integer");
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

const std::vector<std::string>& nist_dataset_names() {
  static const std::vector<std::string> names = {"Norris",   "Pontius",  "NoInt1",   "NoInt2",
                                                 "Filip",    "Longley",  "Wampler1", "Wampler2",
                                                 "Wampler3", "Wampler4", "Wampler5"};
  return names;
}

NistDataset load_nist_dataset(const std::string& directory, const std::string& name) {
  const std::string json_path = directory + "/" + name + ".certified.json";
  std::ifstream json_file(json_path);
  if (!json_file) throw DataFileError("cannot open '" + json_path + "'");
  nlohmann::json certified;
  try {
    certified = nlohmann::json::parse(json_file);
  } catch (const nlohmann::json::exception& e) {
    throw DataFileError(json_path + ": " + e.what());
  }
  NistDataset dataset;
  dataset.name = name;
  try {
    for (const auto& term : certified.at("model").at("terms")) dataset.terms.push_back(term);
    dataset.intercept = certified.at("model").at("intercept");
    dataset.difficulty = certified.value("difficulty", "");
    for (const auto& coefficient : certified.at("certified").at("coefficients"))
      dataset.certified.push_back(coefficient.at("estimate"));
  } catch (const nlohmann::json::exception& e) {
    throw DataFileError(json_path + ": " + e.what());
  }
  const DataTable table = read_data_table(directory + "/" + name + ".csv");
  dataset.problem = build_problem(table, dataset.terms, certified.value("response", "y"));
  return dataset;
}

SyntheticProblem synthetic_problem(std::size_t rows, std::size_t cols, int log2_condition,
                                   const Rational& noise, std::uint64_t seed) {
  if (cols == 0 || rows < cols)
    throw std::invalid_argument("synthetic problem: need rows >= cols >= 1");
  if (log2_condition < 0 || log2_condition > 200)
    throw std::invalid_argument(
        "synthetic problem: log2 of the condition number must be in [0, 200]");
  StochasticSource random(seed);
  auto small_integer = [&random](int bound) {  // uniform in [-bound, bound]
    return long(random.next_bits() % std::uint32_t(2 * bound + 1)) - bound;
  };
  auto random_vector = [&](std::size_t n) {
    std::vector<Rational> v(n);
    bool nonzero = false;
    while (!nonzero)
      for (auto& x : v) nonzero = (x = small_integer(3)) != 0 || nonzero;
    return v;
  };
  SyntheticProblem out;
  out.rows = rows;
  out.cols = cols;
  out.log2_condition = log2_condition;
  // Singular values: powers of two from 1 down to 2^-k.
  for (std::size_t i = 0; i < cols; ++i) {
    const long step =
        cols == 1 ? 0
                  : long((2 * long(i) * log2_condition + long(cols - 1)) / (2 * long(cols - 1)));
    out.singular_values.push_back(Rational(1) / Rational(BigInteger(1) << step));
  }
  // Step 1: M = diag(s) H2, d x d, with H2 = I - 2 v v^T / (v^T v).
  const std::vector<Rational> v2 = random_vector(cols);
  Rational v2_norm = 0;
  for (const auto& x : v2) v2_norm += x * x;
  std::vector<Rational> top(cols * cols);
  for (std::size_t i = 0; i < cols; ++i)
    for (std::size_t j = 0; j < cols; ++j)
      top[i * cols + j] = out.singular_values[i] *
                          ((i == j ? Rational(1) : Rational(0)) - 2 * v2[i] * v2[j] / v2_norm);
  // Step 2: X = H1 [M; 0] = [M; 0] - 2 v1 (v1^T [M; 0]) / (v1^T v1).
  const std::vector<Rational> v1 = random_vector(rows);
  Rational v1_norm = 0;
  for (const auto& x : v1) v1_norm += x * x;
  std::vector<Rational> projection(cols, Rational(0));
  for (std::size_t i = 0; i < cols; ++i)
    for (std::size_t j = 0; j < cols; ++j) projection[j] += v1[i] * top[i * cols + j];
  out.X.assign(rows * cols, Rational(0));
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j)
      out.X[i * cols + j] =
          (i < cols ? top[i * cols + j] : Rational(0)) - 2 * v1[i] * projection[j] / v1_norm;
  // Step 3: w and y.
  for (std::size_t j = 0; j < cols; ++j) {
    long value = 0;
    while (value == 0) value = small_integer(9);
    out.w.push_back(value);
  }
  for (std::size_t i = 0; i < rows; ++i) {
    Rational yi = noise * small_integer(1);
    for (std::size_t j = 0; j < cols; ++j) yi += out.X[i * cols + j] * out.w[j];
    out.y.push_back(yi);
  }
  return out;
}

}  // namespace fpx
