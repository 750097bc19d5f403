// Experiments: named, seeded computations of the library whose results are
// a tidy table (tidy_table.hpp), a figure drawn from it (figure.hpp) and a
// short text summary. `fpx experiment NAME` runs one and writes NAME.csv,
// NAME.gp and NAME.svg (docs/experiments.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/experiments/figure.hpp"
#include "fpx/experiments/gnuplot.hpp"
#include "fpx/experiments/tidy_table.hpp"
#include "fpx/summation/strategy.hpp"

namespace fpx {

// A format and the rounding of its operations ("bfloat16", "bfloat16:sr").
struct ArithmeticChoice {
  const Format* format = &binary32;
  Rounding rounding = Rounding::NearestEven;
  std::string name() const;  // "bfloat16", "bfloat16:sr"
  friend bool operator==(const ArithmeticChoice&, const ArithmeticChoice&) = default;
};
// "binary32,bfloat16:sr,e4m3": formats (any name find_format knows) with an
// optional ":MODE" (rne rna rtz rup rdn rto sr). Throws std::invalid_argument
// naming what it does not know.
std::vector<ArithmeticChoice> parse_arithmetic_list(std::string_view text);

// How to run an experiment. Zero and empty mean the experiment's default.
struct ExperimentSettings {
  int trials = 0;
  std::uint64_t seed = 1;
  std::size_t size = 0;
  std::vector<ArithmeticChoice> formats;
  std::vector<Strategy> strategies;
  // Called with the fraction done (0 .. 1), from one thread at a time.
  std::function<void(double)> progress;
};

struct ExperimentResult {
  std::string name;
  ExperimentSettings settings;  // as run: every default filled in
  TidyTable table;
  Figure figure;
  std::vector<std::string> summary;  // lines of text, the figure's findings
};

// The command that repeats a run: "fpx experiment NAME --size N --trials T
// --seed S --format F" (and --strategy where the experiment takes one).
std::string experiment_command(const ExperimentResult& result);

// One experiment of the catalog.
struct ExperimentDescription {
  std::string_view name;
  std::string_view summary;         // one line
  std::string_view size_meaning;    // what --size counts
  std::size_t default_size = 0;     // the full run
  std::size_t smallest_size = 0;    // the smallest that shows something
  std::size_t largest_size = 0;     // beyond this the run would not end in reasonable time
  std::string_view trials_meaning;  // what --trials repeats
  int default_trials = 1;
  int largest_trials = 1;               // 1 for a deterministic experiment
  std::string_view default_formats;     // as parse_arithmetic_list reads them
  std::string_view allowed_formats;     // in words, for --help and messages
  std::string_view default_strategies;  // empty: the experiment takes no --strategy
  bool dot_strategies = false;          // --strategy names dot-product strategies
  ExperimentResult (*run)(const ExperimentSettings& settings);  // settings complete
};

// The catalog, in the order `fpx experiment list` prints it: error-vs-n,
// stagnation, stochastic-rounding, dot-conditioning, gd-convergence,
// tensor-cores, nist.
std::span<const ExperimentDescription> experiment_catalog();
// Null when unknown.
const ExperimentDescription* find_experiment(std::string_view name);
// "error-vs-n, stagnation, ...": for messages.
std::string experiment_names();

// Fills in the defaults, checks the settings (std::invalid_argument naming
// the problem: a size or trial count out of range, a format or strategy the
// experiment does not take) and runs the experiment.
ExperimentResult run_experiment(const ExperimentDescription& experiment,
                                ExperimentSettings settings);

// What writing an experiment's files did.
struct ExperimentFiles {
  std::filesystem::path csv, script, svg;
  RenderOutcome render;
};
// Writes NAME.csv and NAME.gp into `directory` (created if missing) and runs
// gnuplot on the script, which writes NAME.svg. Throws std::runtime_error
// naming a file that cannot be written.
ExperimentFiles write_experiment(const ExperimentResult& result,
                                 const std::filesystem::path& directory);

}  // namespace fpx
