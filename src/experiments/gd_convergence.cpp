// gd-convergence: the lecture's gradient descent on a least-squares problem
// (gradient_descent.hpp), option 1 (A = X^T X and b = X^T y precomputed,
// g = A w - b) and option 2 (g = X^T (X w) - b), in each chosen format and
// rounding and in exact arithmetic: the exact loss of iterate w_k against k.
// Trial t solves gradient_descent_problem(32, derive_seed(seed,
// "gd-convergence", t)); stochastic rounding draws from
// derive_seed(seed, "gd-convergence NAME", t). The iterate w_k of a format is
// the library's solver (linear_models/solver.hpp) run for exactly k steps
// from w = 0 with the same seed, so that its random draws are those of one
// run; once w stops changing under a deterministic rounding it stays.
#include <cmath>
#include <optional>
#include <string>

#include "fpx/experiments/gradient_descent.hpp"
#include "fpx/experiments/random_data.hpp"
#include "fpx/experiments/statistics.hpp"
#include "fpx/linear_models/solver.hpp"
#include "runners.hpp"

namespace fpx::experiments {
namespace {

constexpr std::size_t problem_rows = 32;
constexpr Method options[] = {Method::GradientDescent1, Method::GradientDescent2};

struct Trajectory {
  std::vector<double> excess;      // [k], k = 0 .. steps: (loss - min) / min; NaN once diverged
  std::optional<int> stall_step;   // w no longer changes after this many steps
  std::optional<int> diverged_at;  // the step at which w overflowed
};

double excess_loss(const GradientDescentProblem& problem, const Rational& loss) {
  const Rational& least = problem.solution.residual_sum_of_squares;
  return to_double((loss - least) / least);
}

Trajectory run_format(const GradientDescentProblem& problem, const ArithmeticChoice& choice,
                      Method method, int steps, std::uint64_t seed) {
  const Format& format = *choice.format;
  const RoundedProblem rounded = round_problem(problem.problem, format);
  if (rounded.inexact != 0)
    throw std::invalid_argument("gd-convergence: " + std::string(format.name) +
                                " cannot hold the problem's e4m3 entries exactly");
  SolverSettings settings;
  settings.method = method;
  settings.step = round_to_format(format, problem.step);
  settings.max_steps = steps;
  settings.tolerance = 0;
  auto run = [&](int k, bool fixed) {
    Arithmetic arithmetic(format, choice.rounding, Strategy(StrategyKind::Serial), seed);
    SolverSettings s = settings;
    s.max_steps = k;
    s.fixed_steps = fixed;
    return solve(arithmetic, rounded.X, rounded.y, s);
  };
  auto loss_of = [&](const Matrix& w) {
    std::vector<Rational> values;
    for (std::size_t j = 0; j < w.size(); ++j) values.push_back(to_rational(format, w[j]));
    return excess_loss(problem, residual_sum_of_squares(problem.problem, values));
  };
  Trajectory out;
  out.excess.assign(std::size_t(steps) + 1, std::nan(""));
  out.excess[0] = excess_loss(problem, residual_sum_of_squares(problem.problem, {0, 0}));
  // One run with the stopping test: where w stops changing (tolerance 0).
  // Under stochastic rounding w may stay put for a step by chance and move
  // again, so it has no such step.
  const bool deterministic = choice.rounding != Rounding::Stochastic;
  const SolveResult whole = run(steps, false);
  if (whole.status == SolveStatus::Ok && deterministic) out.stall_step = whole.iterations - 1;
  if (whole.status == SolveStatus::Diverged) out.diverged_at = whole.iterations;
  for (int k = 1; k <= steps; ++k) {
    if (deterministic && out.stall_step && k >= *out.stall_step) {
      out.excess[std::size_t(k)] = loss_of(whole.w);
      continue;
    }
    if (out.diverged_at && k >= *out.diverged_at) break;
    const SolveResult result = run(k, true);
    if (result.w.size() == 0) break;
    out.excess[std::size_t(k)] = loss_of(result.w);
  }
  return out;
}

std::string option_name(Method method) {
  return method == Method::GradientDescent1 ? "option 1" : "option 2";
}

}  // namespace

ExperimentResult gd_convergence(const ExperimentSettings& settings) {
  const int steps = int(settings.size);
  const std::size_t trials = std::size_t(settings.trials), configs = settings.formats.size();
  std::vector<GradientDescentProblem> problems(trials);
  std::vector<std::vector<double>> exact(trials);
  for_each_in_parallel(trials, [&](std::size_t t) {
    problems[t] =
        gradient_descent_problem(problem_rows, derive_seed(settings.seed, "gd-convergence", t));
    for (const Rational& loss : exact_gradient_descent_losses(problems[t], steps))
      exact[t].push_back(excess_loss(problems[t], loss));
  });
  // Task: (option, configuration, trial).
  std::vector<Trajectory> runs(2 * configs * trials);
  SharedProgress progress(settings.progress, double(runs.size()));
  for_each_in_parallel(runs.size(), [&](std::size_t task) {
    const std::size_t t = task % trials, c = (task / trials) % configs, o = task / trials / configs;
    const ArithmeticChoice& choice = settings.formats[c];
    runs[task] = run_format(problems[t], choice, options[o], steps,
                            derive_seed(settings.seed, "gd-convergence " + choice.name(), t));
    progress.add(1);
  });

  ExperimentResult out;
  out.table = TidyTable({"option", "series", "kind", "step", "trials", "excess_loss",
                         "excess_loss_p05", "excess_loss_p95"});
  out.figure = figure_of("Gradient descent on least squares (N = " + std::to_string(problem_rows) +
                             ", d = 2, step a power of two <= 1/λ_{max}): the exact loss of each "
                             "iterate, median and 5-95% band over " +
                             std::to_string(trials) + " problems",
                         1, 2, 1400, 620);
  auto add_series_rows = [&](const std::string& option, const std::string& series,
                             const std::vector<std::vector<double>>& per_trial) {
    for (int k = 0; k <= steps; ++k) {
      std::vector<double> values;
      for (const auto& trajectory : per_trial) values.push_back(trajectory[std::size_t(k)]);
      const Spread s = spread(values);
      if (std::isnan(s.median) && std::isnan(s.low)) continue;
      out.table.add_row({option, series, "iterate", number_cell(std::size_t(k)),
                         number_cell(trials), number_cell(s.median), number_cell(s.low),
                         number_cell(s.high)});
    }
  };
  for (std::size_t o = 0; o < 2; ++o) {
    const std::string option = option_name(options[o]);
    FigurePanel panel;
    panel.title = o == 0 ? "option 1: A = X^T X, b = X^T y once; g = A w - b"
                         : "option 2: g = X^T (X w) - b every step";
    panel.x_label = "step k";
    panel.y_label = "(loss(w_k) - min loss) / min loss (exact losses of the data)";
    panel.log_y = true;
    panel.x_min = 0;
    panel.x_max = steps;
    panel.y_min = 1e-14;
    panel.y_max = 1e3;
    panel.legend = "right center";  // below the low formats' plateaus, above binary32's
    std::string summary = option + ":";
    for (std::size_t c = 0; c < configs; ++c) {
      const std::string name = settings.formats[c].name();
      std::vector<std::vector<double>> per_trial;
      std::vector<double> stalls, stalled_losses;
      std::size_t diverged = 0;
      for (std::size_t t = 0; t < trials; ++t) {
        const Trajectory& run = runs[(o * configs + c) * trials + t];
        per_trial.push_back(run.excess);
        if (run.stall_step) {
          stalls.push_back(*run.stall_step);
          stalled_losses.push_back(run.excess[std::size_t(*run.stall_step)]);
        }
        if (run.diverged_at) ++diverged;
      }
      add_series_rows(option, name, per_trial);
      std::vector<double> finals;
      for (const auto& trajectory : per_trial) finals.push_back(trajectory.back());
      if (!stalls.empty()) {
        const double stall = spread(stalls).median;
        out.table.add_row({option, name, "stall", number_cell(stall), number_cell(stalls.size()),
                           number_cell(spread(stalled_losses).median), "", ""});
        summary += " " + name + " stops changing after " + short_number(stall) + " steps (" +
                   short_number(spread(stalled_losses).median) + ")";
      } else {
        summary += " " + name + " does not stop in " + std::to_string(steps) + " steps (" +
                   short_number(spread(finals).median) + " at the end)";
      }
      if (diverged)
        summary +=
            " [diverged in " + std::to_string(diverged) + " of " + std::to_string(trials) + "]";
      summary += ";";
      panel.series.push_back(
          series_of(name + (settings.formats[c].rounding == Rounding::NearestEven ? " (rne)" : ""),
                    {{"option", option}, {"series", name}, {"kind", "iterate"}}, "step",
                    "excess_loss", SeriesStyle::Line, true));
    }
    add_series_rows(option, "exact", exact);
    summary += " exact arithmetic " +
               short_number(spread([&] {
                              std::vector<double> finals;
                              for (const auto& trajectory : exact)
                                finals.push_back(trajectory.back());
                              return finals;
                            }())
                                .median) +
               " after " + std::to_string(steps) + " steps (median excess loss)";
    FigureSeries line = series_of("exact arithmetic",
                                  {{"option", option}, {"series", "exact"}, {"kind", "iterate"}},
                                  "step", "excess_loss", SeriesStyle::Line, true);
    line.color = "#000000";
    panel.series.push_back(line);
    out.figure.panels.push_back(panel);
    out.summary.push_back(summary);
  }
  return out;
}

}  // namespace fpx::experiments
