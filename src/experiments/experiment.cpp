// The catalog of experiments, their settings and their files
// (include/fpx/experiments/experiment.hpp).
#include "fpx/experiments/experiment.hpp"

#include <fstream>
#include <stdexcept>

#include "fpx/core/text.hpp"
#include "fpx/summation/comparison.hpp"
#include "runners.hpp"

namespace fpx {
namespace {

constexpr ExperimentDescription catalog[] = {
    {"error-vs-n",
     "relative error of summation strategies against n, binary32 and bfloat16, with Higham's "
     "worst-case bound and the probabilistic sqrt(n) u",
     "the largest n", 10'000'000, 100, 100'000'000, "random data sets", 10, 1000,
     "binary32,bfloat16", "any format", "serial,pairwise,stochastic,exact", false,
     &experiments::error_vs_n},
    {"stagnation",
     "the running serial sum of ones and of 0.1: where round to nearest stalls, beside "
     "stochastic rounding, Kahan and pairwise",
     "the largest index (each format stops at 2^(p+2), p its precision)", 33'554'432, 4096,
     268'435'456, "stochastic-rounding seeds", 3, 100, "binary32,bfloat16,binary16", "any format",
     "", false, &experiments::stagnation},
    {"stochastic-rounding",
     "the distribution of a stochastically rounded sum over many seeds, with the exact value and "
     "the round-to-nearest result",
     "the number of terms", 1000, 10, 1'000'000, "stochastic-rounding seeds", 1000, 100'000,
     "bfloat16", "any format", "", false, &experiments::stochastic_rounding},
    {"dot-conditioning",
     "relative error of dot products against the condition number 10^0 .. 10^40 (Ogita, Rump and "
     "Oishi's GenDot), with u cond and u + u^2 cond",
     "the vector length", 100, 10, 10'000, "generated vector pairs per condition number", 10, 1000,
     "binary64", "binary64, binary32 or bfloat16", "serial,fma,pairwise,kahan,neumaier,dot2,exact",
     true, &experiments::dot_conditioning},
    {"gd-convergence",
     "the lecture's gradient descent, options 1 and 2: the exact loss of each iterate against "
     "the step, in each format and in exact arithmetic",
     "the number of steps", 200, 10, 2000, "random least-squares problems", 5, 100,
     "binary32,bfloat16,bfloat16:sr,e4m3", "formats, each with an optional :MODE, e.g. bfloat16:sr",
     "", false, &experiments::gd_convergence},
    {"tensor-cores",
     "relative error of dot products against K on H100 tensor cores (bf16, fp16, TF32, fp8 "
     "inputs) beside a binary32 FMA chain on the same data",
     "the largest K (a power of two from 16)", 4096, 64, 1'048'576, "random data sets", 10, 1000,
     "bfloat16,binary16,tf32,e4m3", "tensor-core inputs: bfloat16, binary16, tf32, e4m3, e5m2", "",
     false, &experiments::tensor_cores},
    {"nist",
     "the minimum LRE of every solver on every NIST StRD linear-regression set, beside the "
     "format's ceiling",
     "the number of data sets, in NIST's order", 11, 1, 11, "none (deterministic)", 1, 1,
     "binary32,bfloat16", "any format", "", false, &experiments::nist},
};

std::string range_text(std::size_t low, std::size_t high) {
  return std::to_string(low) + " .. " + std::to_string(high);
}

}  // namespace

std::string ArithmeticChoice::name() const {
  std::string out(format->name);
  if (rounding != Rounding::NearestEven) out += ":" + std::string(short_name(rounding));
  return out;
}

std::vector<ArithmeticChoice> parse_arithmetic_list(std::string_view text) {
  std::vector<ArithmeticChoice> out;
  for (const std::string& item : split_list(text)) {
    if (item.empty())
      throw std::invalid_argument("an empty format name in '" + std::string(text) + "'");
    const std::size_t colon = item.find(':');
    const std::string name = item.substr(0, colon);
    ArithmeticChoice choice;
    choice.format = find_format(name);
    if (!choice.format) throw std::invalid_argument("unknown format '" + name + "'");
    if (colon != std::string::npos) {
      const auto mode = parse_rounding(item.substr(colon + 1));
      if (!mode)
        throw std::invalid_argument("unknown rounding mode '" + item.substr(colon + 1) +
                                    "' (expected rne rna rtz rup rdn rto sr)");
      choice.rounding = *mode;
    }
    out.push_back(choice);
  }
  if (out.empty()) throw std::invalid_argument("no format given");
  return out;
}

std::span<const ExperimentDescription> experiment_catalog() { return catalog; }

const ExperimentDescription* find_experiment(std::string_view name) {
  for (const ExperimentDescription& experiment : catalog)
    if (experiment.name == name) return &experiment;
  return nullptr;
}

std::string experiment_names() {
  std::string out;
  for (const ExperimentDescription& experiment : catalog)
    out += (out.empty() ? "" : ", ") + std::string(experiment.name);
  return out;
}

ExperimentResult run_experiment(const ExperimentDescription& experiment,
                                ExperimentSettings settings) {
  const std::string name(experiment.name);
  if (settings.trials == 0) settings.trials = experiment.default_trials;
  if (settings.trials < 1 || settings.trials > experiment.largest_trials)
    throw std::invalid_argument(experiment.largest_trials == 1
                                    ? name + ": --trials must be 1: the experiment is deterministic"
                                    : name + ": --trials must be " +
                                          range_text(1, std::size_t(experiment.largest_trials)) +
                                          " (" + std::string(experiment.trials_meaning) + ")");
  if (settings.size == 0) settings.size = experiment.default_size;
  if (settings.size < experiment.smallest_size || settings.size > experiment.largest_size)
    throw std::invalid_argument(name + ": --size (" + std::string(experiment.size_meaning) +
                                ") must be " +
                                range_text(experiment.smallest_size, experiment.largest_size));
  if (settings.formats.empty())
    settings.formats = parse_arithmetic_list(experiment.default_formats);
  if (experiment.default_strategies.empty()) {
    if (!settings.strategies.empty()) throw std::invalid_argument(name + " takes no --strategy");
  } else if (settings.strategies.empty()) {
    settings.strategies =
        parse_strategy_list(std::string(experiment.default_strategies), experiment.dot_strategies);
  }
  ExperimentResult result = experiment.run(settings);
  result.name = name;
  result.settings = settings;
  result.settings.progress = nullptr;
  return result;
}

std::string experiment_command(const ExperimentResult& result) {
  const ExperimentSettings& s = result.settings;
  std::string formats, strategies;
  for (const ArithmeticChoice& choice : s.formats)
    formats += (formats.empty() ? "" : ",") + choice.name();
  const ExperimentDescription* experiment = find_experiment(result.name);
  for (const Strategy& strategy : s.strategies)
    strategies +=
        (strategies.empty() ? "" : ",") + strategy.name(experiment && experiment->dot_strategies);
  std::string out = "fpx experiment " + result.name + " --size " + std::to_string(s.size) +
                    " --trials " + std::to_string(s.trials) + " --seed " + std::to_string(s.seed) +
                    " --format " + formats;
  if (!strategies.empty()) out += " --strategy " + strategies;
  return out;
}

ExperimentFiles write_experiment(const ExperimentResult& result,
                                 const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error)
    throw std::runtime_error("cannot create the folder '" + directory.string() +
                             "': " + error.message());
  ExperimentFiles files;
  files.csv = directory / (result.name + ".csv");
  files.script = directory / (result.name + ".gp");
  files.svg = directory / (result.name + ".svg");
  auto write = [](const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) throw std::runtime_error("cannot write '" + path.string() + "'");
  };
  write(files.csv, csv_text(result.table));
  const std::string description = "fpx experiment " + result.name + ": " +
                                  std::string(find_experiment(result.name)->summary) +
                                  "\nMade by: " + experiment_command(result);
  write(files.script, gnuplot_script(result.figure, files.csv.filename().string(),
                                     files.svg.filename().string(), description));
  std::filesystem::remove(files.svg, error);  // no stale figure beside new data
  files.render = run_gnuplot(files.script);
  return files;
}

}  // namespace fpx
