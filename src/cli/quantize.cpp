// fpx quantize: a vector in block-scaled formats (MX, NVFP4), the scales,
// elements, dequantized values and errors, schemes side by side.
#include <fstream>
#include <iostream>
#include <memory>

#include "fpx/core/block_scaling.hpp"
#include "fpx/core/integer_quantization.hpp"
#include "fpx/core/text.hpp"
#include "fpx/explain/block_quantization_report.hpp"
#include "fpx/io/data_file_error.hpp"
#include "options.hpp"

namespace fpx::cli {
namespace {

struct QuantizeSettings {
  std::string file;
  std::string values;
  std::string schemes = "mxfp4";
  std::string rounding = "rne";
  std::uint64_t seed = 1;
  OutputOptions output;
};

std::vector<std::string> read_tokens(const QuantizeSettings& settings) {
  std::vector<std::string> tokens;
  auto add_from = [&](std::istream& input) {
    std::string token;
    while (input >> token) {
      if (token.front() == '#') {
        std::getline(input, token);
        continue;
      }
      tokens.push_back(token);
    }
  };
  if (!settings.values.empty()) {
    if (!settings.file.empty()) throw UsageError("give either FILE or --values, not both");
    for (std::string& token : split_list(settings.values, ' '))
      if (!token.empty()) tokens.push_back(token);
  } else if (settings.file.empty() || settings.file == "-") {
    add_from(std::cin);
  } else {
    std::ifstream input(settings.file);
    if (!input) throw DataFileError("cannot open " + quote(settings.file));
    add_from(input);
  }
  if (tokens.empty()) throw DataFileError("no values to quantize");
  return tokens;
}

int run_quantize(const QuantizeSettings& settings) {
  const Rounding mode = require_rounding(settings.rounding, true);
  std::vector<const BlockScheme*> schemes;
  std::vector<const IntegerScheme*> integer;
  for (const std::string& name : split_list(settings.schemes)) {
    if (const BlockScheme* scheme = find_block_scheme(name)) {
      schemes.push_back(scheme);
    } else if (const IntegerScheme* integer_scheme = find_integer_scheme(name)) {
      integer.push_back(integer_scheme);
    } else {
      std::vector<std::string_view> names;
      for (const BlockScheme& known : block_schemes()) names.push_back(known.name);
      for (const IntegerScheme& known : integer_schemes()) names.push_back(known.name);
      throw UsageError(unknown_name_message("scheme", name, names));
    }
  }
  BlockQuantizationReport report;
  report.rounding = mode;
  report.inputs = read_tokens(settings);
  for (std::size_t i = 0; i < report.inputs.size(); ++i) {
    try {
      report.exact.push_back(read_number(report.inputs[i]));
    } catch (const ParseError& e) {
      throw DataFileError("value " + std::to_string(i + 1) + ": " + quote(report.inputs[i]) +
                          " is not a number (" + e.what() + ")");
    }
  }
  for (const BlockScheme* scheme : schemes) {
    StochasticSource source(settings.seed);
    report.schemes.push_back(quantize_blocks(*scheme, report.exact, mode,
                                             RoundingOptions{Tininess::AfterRounding, &source}));
  }
  for (const IntegerScheme* scheme : integer) {
    StochasticSource source(settings.seed);
    report.integer_schemes.push_back(quantize_integers(
        *scheme, report.exact, mode, RoundingOptions{Tininess::AfterRounding, &source}));
  }
  print_result(
      settings.output, [&] { return block_quantization_json(report); },
      [&](bool color) { return block_quantization_text(block_quantization_json(report), color); });
  return 0;
}

}  // namespace

void register_quantize(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<QuantizeSettings>();
  CLI::App* command = app.add_subcommand(
      "quantize",
      "Quantize values in block-scaled formats: the OCP MX schemes mxfp8-e4m3, mxfp8-e5m2, "
      "mxfp6-e2m3, mxfp6-e3m2, mxfp4 (blocks of 32, E8M0 scales), nvfp4 (E2M1 in blocks of 16, "
      "E4M3 scales, a binary32 tensor scale), tensor-e4m3, tensor-e5m2 (one binary32 scale), and "
      "int8-symmetric, int4-symmetric, int8-affine, int4-affine, mxint8; "
      "the scales, elements, dequantized values and their errors against the exact inputs.\n"
      "Example: fpx quantize --values '0.1 -2 3.5 20' --scheme mxfp4,nvfp4");
  command->add_option("file", settings->file, "Values, whitespace-separated, or - for stdin");
  command->add_option("--values", settings->values,
                      "The values on the command line: '1.5 -2 3e-3'");
  command->add_option("--scheme", settings->schemes, "A scheme or a comma list (side by side)");
  command->add_option("--round", settings->rounding,
                      "Rounding of the elements: rne rna rtz rup rdn rto sr");
  add_seed_option(command, settings->seed, "Seed of stochastic rounding");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_quantize(*settings); }; });
}

}  // namespace fpx::cli
