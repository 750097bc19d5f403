// Least squares as `fpx regress` and `fpx nist` run it, as a library: a
// problem read from a data file (a NIST set's own model, or a model chosen
// by columns and degree), its two exact references (the data as written,
// and the data rounded into the working format), and solvers scored
// against them and against certified values by the log relative error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/linear_models/exact_least_squares.hpp"
#include "fpx/linear_models/nist.hpp"
#include "fpx/linear_models/regression_problem.hpp"
#include "fpx/linear_models/solver.hpp"
#include "fpx/summation/strategy.hpp"

namespace fpx {

// How to build the model from a data table. Without any choice, a file
// NAME.csv with NAME.certified.json beside it is a NIST set with its model.
struct ModelChoice {
  int degree = -1;                      // a polynomial in the one predictor (1 .. 30)
  std::vector<std::string> predictors;  // names or 0-based indices; default all but the response
  std::string response;                 // default: the last column
  bool intercept = true;
  bool is_default() const {
    return degree < 0 && predictors.empty() && response.empty() && intercept;
  }
};

struct RegressionData {
  std::vector<std::string> terms;   // "1", "x", "x^2", ...
  std::string model_source;         // "NIST model from ...", "response y"
  std::vector<Rational> certified;  // NIST certified coefficients (else empty)
  ExactProblem problem;
};
// Throws DataFileError (the data) or std::invalid_argument (the choice).
RegressionData read_regression_data(const std::string& path, const ModelChoice& choice);

// The exact solutions of the data as written and of the data rounded into
// `format`. Throws DataFileError (naming `source`) when X is rank deficient,
// an entry overflows the format, or (when `require_rounded_full_rank`) the
// rounded X is rank deficient.
struct RegressionReferences {
  ExactSolution decimal;
  RoundedProblem rounded;
  ExactSolution rounded_solution;
};
RegressionReferences regression_references(const ExactProblem& problem, const Format& format,
                                           Rounding rounding, const std::string& source,
                                           bool require_rounded_full_rank = true);

// How every solver of a comparison runs.
struct SolverRun {
  const Format* format = &binary32;
  Rounding rounding = Rounding::NearestEven;
  Strategy strategy;
  std::uint64_t seed = 0;
  SolverSettings settings;  // method is set per solver; refine applies to direct methods
};

// One solver's result scored against up to three references (LRE per
// coefficient and the minimum): `cap` for the exact references, 15 for the
// certified values.
struct SolverScore {
  std::string name;  // "qr", "qr+ir"
  SolveResult result;
  bool has_values = false;       // finite coefficients to score
  std::vector<Rational> values;  // the coefficients, exactly
  std::vector<double> lre_decimal, lre_rounded, lre_certified;
  double min_decimal = 0, min_rounded = 0, min_certified = 0;
};
SolverScore score_solver(const SolverRun& run, Method method, const RoundedProblem& rounded,
                         const std::vector<Rational>* exact_decimal,
                         const std::vector<Rational>* exact_rounded,
                         const std::vector<Rational>* certified, double cap,
                         double certified_cap = 15);

// One row of the NIST table: every solver (and, with settings.refine > 0,
// every direct one refined) on a NIST set, scored against the certified
// values, beside two references: the ceiling, the certified values
// rounded once into the format (a result stored in the format is at best
// the nearest such number to each certified coefficient, so no solver
// scores above it), and the rounded-data reference, the exact solution of
// the data rounded into the format, rounded once (what a perfect solver
// gives on the rounded data; a solver may beat it when its errors happen
// to offset those of the data's rounding).
struct NistRow {
  std::string dataset, difficulty;
  std::size_t rows = 0, parameters = 0;
  double ceiling = 0, rounded_data_lre = 0, exact_decimal_lre = 0;
  bool rounded_problem_full_rank = true;
  std::optional<double> best_lre;
  std::string best_solver;
  bool within_half_of_rounded_data = false;  // best >= rounded_data_lre - 0.5
  std::vector<SolverScore> solvers;
};
NistRow score_nist_dataset(const NistDataset& dataset, const std::vector<Method>& methods,
                           const SolverRun& run);

// The NIST folder: `given` if not empty, else $FPX_DATA_DIR/nist, else
// data/nist under the current folder or beside the executable. Throws
// DataFileError.
std::string find_nist_directory(const std::string& given);

}  // namespace fpx
