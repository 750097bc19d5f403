// fpx sum and fpx dot: every summation strategy on data from a file, stdin or
// the command line, each result against the exact sum.
#include <fstream>
#include <iostream>
#include <memory>

#include "fpx/core/text.hpp"
#include "fpx/explain/summation_report.hpp"
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
  bool raw = false;
  std::vector<std::string> columns;
  OutputOptions output;
};

// The pairs of --a and --b into the comparison.
NumberReadSummary read_lists(const SummationSettings& settings, const NumberReadOptions& read,
                             StrategyComparison& comparison) {
  if (!settings.dot) throw UsageError("--a and --b are for fpx dot");
  if (!settings.file.empty()) throw UsageError("give either FILE or --a and --b, not both");
  if (settings.a.empty() || settings.b.empty()) throw UsageError("--a and --b go together");
  NumberReadSummary summary, b_summary;
  std::vector<std::uint64_t> a, b;
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
    comparison.add(pair, exact_a.empty() ? nullptr : written);
  }
  return summary;
}

// The rows of FILE (or stdin for -) into the comparison, as they are read.
NumberReadSummary read_file(const SummationSettings& settings, const NumberReadOptions& read,
                            StrategyComparison& comparison) {
  if (settings.file.empty())
    throw UsageError("give a FILE, or - for stdin" +
                     std::string(settings.dot ? ", or --a and --b" : ""));
  InputFile input = open_input(settings.file);
  Progress progress;
  std::size_t rows = 0;
  return read_number_rows(*input.stream, input.source, read,
                          [&](const std::uint64_t* values, const ExactNumber* exact) {
                            comparison.add(values, exact);
                            progress.tick(++rows);
                          });
}

int run_summation(const SummationSettings& settings) {
  SummationOptions options;
  options.input_format = &require_format(settings.format);
  if (!settings.accumulator_format.empty())
    options.accumulator_format = &require_format(settings.accumulator_format);
  if (!settings.product_format.empty())
    options.product_format = &require_format(settings.product_format);
  options.rounding = require_rounding(settings.rounding, true);
  options.seed = settings.seed;
  const std::vector<Strategy> strategies = require_strategies(settings.strategies, settings.dot);

  NumberReadOptions read;
  read.format = options.input_format;
  // Inputs are read in --round, or to nearest even under stochastic rounding.
  read.rounding =
      options.rounding == Rounding::Stochastic ? Rounding::NearestEven : options.rounding;
  read.raw = settings.raw;
  read.columns = settings.columns;
  read.needed = settings.dot ? 2 : 1;

  StrategyComparison comparison(settings.dot, options, strategies);
  const bool from_lists = !settings.a.empty() || !settings.b.empty();
  const NumberReadSummary summary =
      from_lists ? read_lists(settings, read, comparison) : read_file(settings, read, comparison);
  const nlohmann::json report = summation_report_json(comparison.report(), summary);
  print_result(
      settings.output, [&] { return report; },
      [&](bool color) { return summation_report_text(report, color); });
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
                      dot ? "CSV with two columns, or - for stdin"
                          : "One number per line (or a CSV column), or - for stdin");
  if (dot) {
    command->add_option("--a", settings->a, "The first vector on the command line: '1.5 -2 3e-3'");
    command->add_option("--b", settings->b, "The second vector");
  }
  command->add_option("--strategy", settings->strategies,
                      "Comma list or all: " + strategy_spellings(dot));
  command->add_option("--format", settings->format, "Format of the inputs");
  command->add_option("--acc-format", settings->accumulator_format,
                      "Accumulator format (default: the input format)");
  if (dot)
    command->add_option("--product-format", settings->product_format,
                        "Format products are rounded to (default: accumulator)");
  command->add_option(
      "--round", settings->rounding,
      "rne rna rtz rup rdn rto sr (inputs and every operation; sr: stochastic, inputs to nearest)");
  add_seed_option(command, settings->seed, "Seed of the stochastic strategy");
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
