// fpx table whitepaper: the lecture's dot-product rounding table (from
// Whitehead and Fit-Florea, "Precision & Performance: Floating Point and IEEE
// 754 Compliance for NVIDIA GPUs"), every strategy, twice: from the printed
// 7-digit inputs and from the binary32 inputs that reproduce the slide
// (../shared/lecture/facts.md).
#include "table.hpp"

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "fpx/exact_accumulator.hpp"
#include "fpx/operations.hpp"
#include "fpx/printing.hpp"
#include "summation_report.hpp"

namespace fpx::cli {
namespace {

struct TableInput {
  const char* title;
  std::vector<std::string> a, b;
  bool raw;
};

// The slide's column "float value", by the strategy that computes it.
const std::map<std::string, std::string> slide_values = {{"exact", "0x3D65350158..."},
                                                         {"serial", "0x3D653510"},
                                                         {"fma", "0x3D653501"},
                                                         {"pairwise", "0x3D653500"}};

nlohmann::json one_table(const TableInput& input, bool json, bool color) {
  SummationOptions options;  // binary32, round to nearest even
  SummationRun run(true, options, all_strategies(true));
  ReadOptions read;
  read.raw = input.raw;
  ReadSummary summary;
  for (std::size_t i = 0; i < input.a.size(); ++i) {
    const std::uint64_t pair[2] = {
        read_value(binary32, input.a[i], input.raw, Rounding::NearestEven).rounded.bits,
        read_value(binary32, input.b[i], input.raw, Rounding::NearestEven).rounded.bits};
    if (!input.raw) {
      ExactNumber a = read_number(input.a[i]), b = read_number(input.b[i]);
      summary.inexact += round_number(binary32, a, Rounding::NearestEven).flags.has(Flags::inexact);
      summary.inexact += round_number(binary32, b, Rounding::NearestEven).flags.has(Flags::inexact);
    }
    run.add(pair);
  }
  summary.rows = input.a.size();
  nlohmann::json report = run.report(summary);
  report["title"] = input.title;
  for (auto& row : report["results"]) {
    auto slide = slide_values.find(row["strategy"].get<std::string>());
    row["slide"] = slide == slide_values.end() ? "" : slide->second;
  }
  if (!json) {
    fmt::print("{}\n", paint(input.title, Color::Heading, color));
    print_report(report, color);
    fmt::print("\n");
  }
  return report;
}

}  // namespace

nlohmann::json whitepaper_tables(bool json, bool color) {
  nlohmann::json out;
  out["printed"] = one_table({"(a) from the whitepaper's printed 7-digit inputs",
                              {"1.907607", "-0.7862027", "1.147311", "0.9604002"},
                              {"-0.9355000", "-0.6915108", "1.724470", "-0.7097529"},
                              false},
                             json, color);
  out["recovered"] = one_table({"(b) from the recovered binary32 inputs",
                                {"3FF42C76", "BF494494", "3F92DB19", "3F75DCC9"},
                                {"BF6F7CEE", "BF3106DA", "3FDCBB70", "BF35B25D"},
                                true},
                               json, color);
  out["why"] =
      "7 printed digits do not identify a binary32 value (9 do): 6 of the 8 printed inputs convert "
      "back to a "
      "different binary32 value, which moves the exact result by about 248 ulps; the recovered "
      "inputs reproduce "
      "the slide bit for bit.";
  if (!json)
    fmt::print(
        "Why (a) and (b) differ: {}\nThe lecture's \"parallel\" is pairwise for n = 4: rn(rn(a1b1 "
        "+ a2b2) + "
        "rn(a3b3 + a4b4)).\n",
        out["why"].get<std::string>());
  return out;
}

namespace {

struct TableSettings {
  std::string name;
  std::size_t k = 64;
  std::uint64_t seed = 1;
  OutputOptions output;
};

// Seeded binary32 factors with exponents in [-4, 4] and 12 significant bits
// (SplitMix64 from StochasticSource): a product of many terms whose exact
// value binary32 can hold only after rounding.
std::vector<std::uint64_t> tensor_table_vector(StochasticSource& random, std::size_t k) {
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i < k; ++i) {
    const std::uint64_t bits = random.next_bits();
    const std::uint64_t exponent = 127 - 4 + bits % 9;
    const std::uint64_t fraction = (std::uint64_t(random.next_bits()) & 0x7FF) << 12;
    out.push_back(((bits >> 31) << 31) | (exponent << 23) | fraction);
  }
  return out;
}

// One dot product of binary32 data: the binary32 FMA chain of a CPU, and
// tensor cores of an H100/H200 fed TF32, bfloat16, fp8 E4M3 and E5M2 (the
// data rounded to nearest into each), against the exact value of the data.
nlohmann::json tensor_table(std::size_t k, std::uint64_t seed, bool json, bool color) {
  StochasticSource random(seed);
  const std::vector<std::uint64_t> a = tensor_table_vector(random, k),
                                   b = tensor_table_vector(random, k);
  ExactAccumulator exact(binary32);
  for (std::size_t i = 0; i < k; ++i) exact.add_product(a[i], b[i]);
  struct Path {
    const char* name;
    const Format* input;
    const char* strategy;
  } paths[] = {{"binary32 FMA chain (CPU)", &binary32, "fma"},
               {"TF32 on h100 tensor cores", &tf32, "mma:h100"},
               {"bfloat16 on h100 tensor cores", &bfloat16, "mma:h100"},
               {"binary16 on h100 tensor cores", &binary16, "mma:h100"},
               {"fp8 E4M3 on h100 tensor cores", &e4m3, "mma:h100"},
               {"fp8 E5M2 on h100 tensor cores", &e5m2, "mma:h100"}};
  nlohmann::json out;
  out["k"] = k;
  out["seed"] = seed;
  const std::uint64_t nearest = exact.round(binary32, Rounding::NearestEven).bits;
  out["exact"] = {{"value", approximate_decimal(exact.value().negative, exact.value().numerator, 1,
                                                exact.value().binary_exponent, 17)},
                  {"hex", hex_text(binary32, nearest)}};
  out["rows"] = nlohmann::json::array();
  for (const Path& path : paths) {
    std::vector<std::uint64_t> x, y;
    std::size_t inexact = 0;
    for (std::size_t i = 0; i < k; ++i) {
      const Rounded ra = convert(binary32, *path.input, a[i], Rounding::NearestEven);
      const Rounded rb = convert(binary32, *path.input, b[i], Rounding::NearestEven);
      inexact += ra.flags.has(Flags::inexact) + rb.flags.has(Flags::inexact);
      x.push_back(ra.bits);
      y.push_back(rb.bits);
    }
    SummationOptions options;
    options.input_format = path.input;
    options.accumulator_format = &binary32;
    const Rounded result = dot(*parse_strategy(path.strategy), x, y, options);
    const ExactNumber error = difference(exact_number(binary32, result.bits), exact.value());
    out["rows"].push_back({{"path", path.name},
                           {"strategy", path.strategy},
                           {"inputs_rounded", inexact},
                           {"hex", hex_text(binary32, result.bits)},
                           {"value", shortest_decimal(binary32, result.bits)},
                           {"error_ulps", in_ulps(binary32, result.bits, error, 4)}});
  }
  if (!json) {
    fmt::print("{}\n", paint(fmt::format("One dot product of {} binary32 pairs (seed {}), six ways",
                                         k, seed),
                             Color::Heading, color));
    fmt::print("  exact: {}  (nearest binary32: {})\n\n", out["exact"]["value"].get<std::string>(),
               out["exact"]["hex"].get<std::string>());
    fmt::print("  {:<32} {:>14} {:<12} {:<16} {:>12}\n", "path", "inputs rounded", "hex", "value",
               "error ulp");
    for (const auto& row : out["rows"])
      fmt::print("  {:<32} {:>14} {:<12} {:<16} {:>12}\n", row["path"].get<std::string>(),
                 row["inputs_rounded"].get<std::size_t>(), row["hex"].get<std::string>(),
                 row["value"].get<std::string>(), row["error_ulps"].get<std::string>());
    fmt::print(
        "  Tensor cores round the inputs to their format, then add each block of products "
        "truncated to\n"
        "  25 bits below the block's largest exponent (see docs/tensor_cores.md); errors are in "
        "binary32\n"
        "  ulps of the result against the exact dot product of the binary32 data.\n");
  }
  return out;
}

}  // namespace

void register_table(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<TableSettings>();
  CLI::App* command =
      app.add_subcommand("table",
                         "Reproduce a rounding table: the lecture's (whitepaper) or CPU against "
                         "tensor cores (tensor).\nExample: fpx table whitepaper");
  command
      ->add_option("name", settings->name,
                   "whitepaper: the lecture's dot-product table; tensor: one dot product on CPU "
                   "and tensor cores")
      ->required();
  command->add_option("--k", settings->k, "tensor: the length of the dot product");
  command->add_option("--seed", settings->seed, "tensor: the seed of the data");
  add_output_options(command, settings->output);
  command->callback([settings, &run] {
    run = [settings] {
      const bool json = settings->output.json, color = use_color(settings->output);
      nlohmann::json tables;
      if (settings->name == "whitepaper")
        tables = whitepaper_tables(json, color);
      else if (settings->name == "tensor")
        tables = tensor_table(std::max<std::size_t>(settings->k, 1), settings->seed, json, color);
      else
        throw UsageError("unknown table '" + settings->name + "' (expected whitepaper or tensor)");
      if (json) std::cout << tables.dump(2) << '\n';
      return 0;
    };
  });
}

}  // namespace fpx::cli
