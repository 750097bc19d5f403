// fpx synthetic: a seeded regression problem whose X has a chosen condition
// number, printed as CSV for fpx regress.
#include "fpx/linear_models/synthetic.hpp"

#include <iostream>
#include <memory>

#include "fpx/core/decimal.hpp"
#include "fpx/io/data_table.hpp"
#include "options.hpp"

namespace fpx::cli {
namespace {

struct SyntheticSettings {
  std::size_t rows = 100, cols = 4;
  std::string condition = "1e3";
  std::string noise = "0";
  std::uint64_t seed = 1;
  int digits = 17;
};

int run_synthetic(const SyntheticSettings& settings) {
  const Rational condition = parse_rational(settings.condition);
  const Rational noise = parse_rational(settings.noise);
  if (condition < 1) throw UsageError("--condition must be at least 1");
  if (noise < 0) throw UsageError("--noise must not be negative");
  if (settings.cols < 1 || settings.rows < settings.cols || settings.rows > 100000 ||
      settings.cols > 100)
    throw UsageError("need 1 <= d <= 100 and d <= N <= 100000");
  if (settings.digits < 1 || settings.digits > 40) throw UsageError("--digits must be in [1, 40]");
  const int k = rounded_log2(condition);
  if (k > 200) throw UsageError("--condition too large (at most about 2^200)");
  const SyntheticProblem problem =
      synthetic_problem(settings.rows, settings.cols, k, noise, settings.seed);
  std::string line;
  for (std::size_t j = 0; j < problem.cols; ++j) line += "x" + std::to_string(j + 1) + ",";
  std::cout << "# fpx synthetic: N = " << problem.rows << ", d = " << problem.cols
            << ", cond_2(X) = 2^" << k << ", seed " << settings.seed << ", noise " << settings.noise
            << ", w =";
  for (const auto& w : problem.w) std::cout << ' ' << decimal_string(w, 17);
  std::cout << '\n' << line << "y\n";
  for (std::size_t i = 0; i < problem.rows; ++i) {
    line.clear();
    for (std::size_t j = 0; j < problem.cols; ++j)
      line += decimal_string(problem.X[i * problem.cols + j], settings.digits) + ",";
    std::cout << line << decimal_string(problem.y[i], settings.digits) << '\n';
  }
  return 0;
}

}  // namespace

void register_synthetic(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<SyntheticSettings>();
  CLI::App* command = app.add_subcommand(
      "synthetic",
      "Print a seeded synthetic regression problem (CSV x1..xd,y) whose X has the chosen\n"
      "condition number (the nearest power of two), for fpx regress.\n"
      "Example: fpx synthetic --N 200 --d 6 --condition 1e6 > problem.csv");
  add_integer_option(command, "--N", settings->rows, 1, 100000, "Rows");
  add_integer_option(command, "--d", settings->cols, 1, 100, "Columns");
  command->add_option("--condition", settings->condition, "2-norm condition number of X (>= 1)");
  command->add_option("--noise", settings->noise,
                      "Scale of the noise added to y (0: y = X w exactly)");
  add_seed_option(command, settings->seed, "Seed");
  add_integer_option(command, "--digits", settings->digits, 1, 40,
                     "Significant digits printed (the data as given)");
  command->callback([settings, &run] { run = [settings] { return run_synthetic(*settings); }; });
}

}  // namespace fpx::cli
