// fpx sum and fpx dot: every summation strategy on data from a file, stdin or
// the command line, each result against the exact sum of the data and of the
// rounded inputs; in several formats, over several seeds, or along an axis.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "fpx/core/text.hpp"
#include "fpx/explain/summation_report.hpp"
#include "fpx/explain/tensor_core_report.hpp"
#include "fpx/io/number_columns.hpp"
#include "options.hpp"
#include "progress.hpp"

namespace fpx::cli {
namespace {

struct SummationSettings {
  bool dot = false;
  std::string file;
  std::string a, b;  // dot: values on the command line
  std::string strategies = "all";
  std::string format = "binary32";
  std::string accumulator_format, product_format;
  std::string rounding = "rne";
  std::uint64_t seed = 0;
  std::size_t trials = 1;
  int axis = -1;  // sum: 0 or 1 for np.sum(X, axis)
  bool explain = false;
  bool raw = false;
  std::vector<std::string> columns;
  OutputOptions output;
};

// One comparison per input format and trial, fed the same data.
class Comparisons {
 public:
  Comparisons(const SummationSettings& settings, const std::vector<const Format*>& formats,
              const SummationOptions& base, const std::vector<Strategy>& strategies)
      : dot_(settings.dot), formats_(formats), rounding_(read_rounding(base.rounding)) {
    for (const Format* format : formats) {
      std::vector<StrategyComparison> trials;
      for (std::size_t trial = 0; trial < settings.trials; ++trial) {
        SummationOptions options = base;
        options.input_format = format;
        options.seed = base.seed + trial;
        trials.emplace_back(settings.dot, options, strategies);
      }
      comparisons_.push_back(std::move(trials));
    }
  }

  // Inputs are read in --round, or to nearest even under stochastic rounding.
  static Rounding read_rounding(Rounding mode) {
    return mode == Rounding::Stochastic ? Rounding::NearestEven : mode;
  }

  // Encodings of the first format and the exact numbers they came from
  // (null for bit patterns); the other formats round the exact numbers.
  void add(const std::uint64_t* values, const ExactNumber* exact) {
    const int count = dot_ ? 2 : 1;
    for (std::size_t f = 0; f < formats_.size(); ++f) {
      std::uint64_t rounded[2] = {values[0], count == 2 ? values[1] : 0};
      if (f > 0)
        for (int k = 0; k < count; ++k)
          rounded[k] = round_number(*formats_[f], exact[k], rounding_).bits;
      for (StrategyComparison& comparison : comparisons_[f]) comparison.add(rounded, exact);
    }
  }

  const std::vector<std::vector<StrategyComparison>>& all() const { return comparisons_; }

 private:
  bool dot_;
  std::vector<const Format*> formats_;
  Rounding rounding_;
  std::vector<std::vector<StrategyComparison>> comparisons_;
};

// The pairs of --a and --b.
NumberReadSummary read_lists(const SummationSettings& settings, const NumberReadOptions& read,
                             Comparisons& comparisons, std::vector<std::uint64_t>& a,
                             std::vector<std::uint64_t>& b) {
  if (!settings.dot) throw UsageError("--a and --b are for fpx dot");
  if (!settings.file.empty()) throw UsageError("give either FILE or --a and --b, not both");
  if (settings.a.empty() || settings.b.empty()) throw UsageError("--a and --b go together");
  NumberReadSummary summary, b_summary;
  std::vector<ExactNumber> exact_a, exact_b;
  try {
    a = read_number_list(settings.a, "--a", read, summary, &exact_a);
    b = read_number_list(settings.b, "--b", read, b_summary, &exact_b);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (a.size() != b.size())
    throw UsageError("--a has " + std::to_string(a.size()) + " values but --b has " +
                     std::to_string(b.size()));
  summary.inexact += b_summary.inexact;
  summary.non_finite += b_summary.non_finite;
  summary.truncated += b_summary.truncated;
  summary.source = "--a and --b";
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::uint64_t pair[2] = {a[i], b[i]};
    const ExactNumber written[2] = {exact_a.empty() ? ExactNumber{} : exact_a[i],
                                    exact_b.empty() ? ExactNumber{} : exact_b[i]};
    comparisons.add(pair, exact_a.empty() ? nullptr : written);
  }
  return summary;
}

// FILE, or - for stdin; a sum or dot without FILE reads a piped stdin.
std::string input_path(const SummationSettings& settings) {
  if (!settings.file.empty()) return settings.file;
  if (isatty(STDIN_FILENO) == 0) return "-";
  throw UsageError("give a FILE, or - for stdin" +
                   std::string(settings.dot ? ", or --a and --b" : ""));
}

// The rows of the file into the comparisons, as they are read.
NumberReadSummary read_file(const SummationSettings& settings, const NumberReadOptions& read,
                            Comparisons& comparisons, std::vector<std::uint64_t>* a,
                            std::vector<std::uint64_t>* b) {
  InputFile input = open_input(input_path(settings));
  Progress progress;
  std::size_t rows = 0;
  return read_number_rows(*input.stream, input.source, read,
                          [&](const std::uint64_t* values, const ExactNumber* exact) {
                            comparisons.add(values, exact);
                            if (a) {
                              a->push_back(values[0]);
                              if (settings.dot) b->push_back(values[1]);
                            }
                            progress.tick(++rows);
                          });
}

// np.sum(X, axis) of every column of the file.
int run_axis_sums(const SummationSettings& settings, const NumberReadOptions& read,
                  const SummationOptions& options) {
  if (!settings.columns.empty()) throw UsageError("--axis sums every column: drop --columns");
  InputFile input = open_input(input_path(settings));
  const NumberMatrix matrix = read_number_matrix(*input.stream, input.source, read);
  const AxisSums sums = numpy_axis_sums(matrix.bits, matrix.exact, matrix.rows, matrix.cols,
                                        settings.axis, matrix.names, options);
  const nlohmann::json report = axis_sums_json(sums, options);
  print_result(
      settings.output, [&] { return report; },
      [&](bool color) { return axis_sums_text(report, color); });
  return 0;
}

// --explain: the blocks of every tensor-core strategy.
std::string tensor_core_explanations(const std::vector<Strategy>& strategies,
                                     const SummationOptions& options,
                                     const std::vector<std::uint64_t>& a,
                                     const std::vector<std::uint64_t>& b, bool color) {
  std::string out;
  for (const Strategy& strategy : strategies) {
    if (strategy.kind != StrategyKind::TensorCore) continue;
    const auto input = tensor_core_input_for(*options.input_format);
    if (!input) {
      out += "\n" + strategy.name(true) +
             ": binary32 data go through TF32 first; --explain shows tensor cores fed bf16, "
             "f16, tf32 or fp8 directly (use --format tf32)\n";
      continue;
    }
    const TensorCoreModel model({strategy.tensor_core.arch, strategy.tensor_core.instruction,
                                 *input, TensorCoreOutput::F32});
    out += "\n" + tensor_core_explanation_text(model, a, b, 0, 1, color);
  }
  return out;
}

int run_summation(const SummationSettings& settings) {
  SummationOptions options;
  const std::vector<const Format*> formats = require_formats(settings.format);
  options.input_format = formats.front();
  if (!settings.accumulator_format.empty())
    options.accumulator_format = &require_format(settings.accumulator_format);
  if (!settings.product_format.empty())
    options.product_format = &require_format(settings.product_format);
  options.rounding = require_rounding(settings.rounding, true);
  options.seed = settings.seed;
  const std::vector<Strategy> strategies = require_strategies(settings.strategies, settings.dot);
  if (settings.raw && formats.size() > 1)
    throw UsageError("--raw reads bit patterns of one format: give one --format");
  if (settings.explain && (formats.size() > 1 || settings.trials > 1))
    throw UsageError("--explain shows one run: give one --format and no --trials");

  NumberReadOptions read;
  read.format = options.input_format;
  read.rounding = Comparisons::read_rounding(options.rounding);
  read.raw = settings.raw;
  read.columns = settings.columns;
  read.needed = settings.dot ? 2 : 1;
  if (settings.axis >= 0) return run_axis_sums(settings, read, options);

  Comparisons comparisons = [&] {
    try {
      return Comparisons(settings, formats, options, strategies);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());  // a strategy that cannot run with these formats
    }
  }();
  std::vector<std::uint64_t> a, b;
  const bool from_lists = !settings.a.empty() || !settings.b.empty();
  const NumberReadSummary summary =
      from_lists ? read_lists(settings, read, comparisons, a, b)
                 : read_file(settings, read, comparisons, settings.explain ? &a : nullptr,
                             settings.explain ? &b : nullptr);
  if (settings.explain && a.size() > 1024)
    throw UsageError("--explain shows every block: at most 1024 terms (the data has " +
                     std::to_string(a.size()) + ")");
  if (settings.trials > 1) {
    std::vector<nlohmann::json> reports;
    for (const auto& trials : comparisons.all()) {
      std::vector<ComparisonReport> runs;
      for (const StrategyComparison& trial : trials) runs.push_back(trial.report());
      reports.push_back(summation_trials_json(runs));
    }
    print_result(
        settings.output, [&] { return reports.size() == 1 ? reports[0] : nlohmann::json(reports); },
        [&](bool color) {
          std::string out;
          for (const auto& report : reports)
            out += (out.empty() ? "" : "\n") + summation_trials_text(report, color);
          return out;
        });
    return 0;
  }
  std::vector<nlohmann::json> reports;
  for (const auto& trials : comparisons.all())
    reports.push_back(summation_report_json(trials.front().report(), summary));
  print_result(
      settings.output,
      [&] {
        return reports.size() == 1 ? reports[0] : nlohmann::json{{"formats", reports}};
      },
      [&](bool color) {
        std::string out = reports.size() == 1 ? summation_report_text(reports[0], color)
                                              : summation_reports_text(reports, color);
        if (settings.explain) {
          if (b.empty())
            b.assign(a.size(),
                     parse_number(*options.input_format, "1", Rounding::NearestEven).bits);
          out += tensor_core_explanations(strategies, options, a, b, color);
        }
        return out;
      });
  return 0;
}

void register_summation(CLI::App& app, Runner& run, bool dot) {
  auto settings = std::make_shared<SummationSettings>();
  settings->dot = dot;
  CLI::App* command = app.add_subcommand(
      dot ? "dot" : "sum",
      dot ? "Dot product a . b by every summation strategy, each against the exact value.\n"
            "Example: fpx dot --a '1.907607 -0.7862027 1.147311 0.9604002' --b '-0.9355 -0.6915108 "
            "1.72447 -0.7097529'"
          : "Sum a column of numbers by every summation strategy, each against the exact sum.\n"
            "Example: fpx sum data.csv --strategy serial,pairwise,kahan --format bfloat16 "
            "--acc-format binary32");
  command->add_option("file", settings->file,
                      dot ? "CSV with two columns, or - for stdin (read when piped)"
                          : "One number per line (or a CSV column), or - for stdin (read when "
                            "piped)");
  if (dot) {
    command->add_option("--a", settings->a, "The first vector on the command line: '1.5 -2 3e-3'");
    command->add_option("--b", settings->b, "The second vector");
  }
  command->add_option("--strategy", settings->strategies,
                      "Comma list or all: " + strategy_spellings(dot));
  command->add_option("--format", settings->format,
                      "Format of the inputs: a name, a comma list (one table), or all");
  command->add_option("--acc-format", settings->accumulator_format,
                      "Accumulator format (default: the input format)");
  if (dot)
    command->add_option("--product-format", settings->product_format,
                        "Format products are rounded to (default: accumulator)");
  command->add_option(
      "--round", settings->rounding,
      "rne rna rtz rup rdn rto sr (inputs and every operation; sr: stochastic, inputs to nearest)");
  add_seed_option(command, settings->seed,
                  "Seed of the stochastic rounding (the first, with --trials)");
  add_integer_option(command, "--trials", settings->trials, 1, 10000,
                     "Run with this many consecutive seeds: the distribution of each result");
  if (!dot)
    add_integer_option(command, "--axis", settings->axis, 0, 1,
                       "Sum every column (0) or every row (1) of the file in numpy's order");
  command->add_flag("--explain", settings->explain,
                    "Show the blocks of the tensor-core strategies (mma:ARCH)");
  command->add_flag("--raw", settings->raw, "Values are hex bit patterns of --format");
  command
      ->add_option("--columns", settings->columns,
                   dot ? "Two columns, by 0-based index or header name"
                       : "The column, by 0-based index or header name")
      ->delimiter(',');
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_summation(*settings); }; });
}

}  // namespace

void register_sum(CLI::App& app, Runner& run) { register_summation(app, run, false); }
void register_dot(CLI::App& app, Runner& run) { register_summation(app, run, true); }

}  // namespace fpx::cli
