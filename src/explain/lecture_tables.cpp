// The rounding tables (include/fpx/explain/lecture_tables.hpp).
#include "fpx/explain/lecture_tables.hpp"

#include <map>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/exact_error.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/value_text.hpp"
#include "fpx/explain/style.hpp"
#include "fpx/explain/summation_report.hpp"
#include "fpx/explain/value_description.hpp"
#include "fpx/summation/comparison.hpp"

namespace fpx {
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

nlohmann::json one_table(const TableInput& input) {
  SummationOptions options;  // binary32, round to nearest even
  StrategyComparison comparison(true, options, all_strategies(true));
  NumberReadSummary summary;
  nlohmann::json inputs = nlohmann::json::array();
  for (std::size_t i = 0; i < input.a.size(); ++i) {
    const InputValue a = read_value(binary32, input.a[i], input.raw, Rounding::NearestEven);
    const InputValue b = read_value(binary32, input.b[i], input.raw, Rounding::NearestEven);
    summary.inexact += a.rounded.flags.has(Flags::inexact) + b.rounded.flags.has(Flags::inexact);
    const std::uint64_t pair[2] = {a.rounded.bits, b.rounded.bits};
    const ExactNumber written[2] = {a.exact.value_or(ExactNumber{}),
                                    b.exact.value_or(ExactNumber{})};
    comparison.add(pair, input.raw ? nullptr : written);
    inputs.push_back({{"a", input.a[i]},
                      {"b", input.b[i]},
                      {"a_hex", hex_text(binary32, a.rounded.bits)},
                      {"b_hex", hex_text(binary32, b.rounded.bits)},
                      {"a_shortest", shortest_decimal(binary32, a.rounded.bits)},
                      {"b_shortest", shortest_decimal(binary32, b.rounded.bits)}});
  }
  summary.rows = input.a.size();
  summary.source = input.raw ? "the recovered binary32 bit patterns" : "the printed decimals";
  nlohmann::json report = summation_report_json(comparison.report(), summary);
  report["title"] = input.title;
  report["pairs"] = inputs;
  for (auto& row : report["results"]) {
    auto slide = slide_values.find(row["strategy"].get<std::string>());
    row["slide"] = slide == slide_values.end() ? "" : slide->second;
  }
  return report;
}

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

}  // namespace

nlohmann::json whitepaper_tables_json() {
  nlohmann::json out;
  out["printed"] = one_table({"(a) from the whitepaper's printed 7-digit inputs",
                              {"1.907607", "-0.7862027", "1.147311", "0.9604002"},
                              {"-0.9355000", "-0.6915108", "1.724470", "-0.7097529"},
                              false});
  out["recovered"] = one_table({"(b) from the recovered binary32 inputs",
                                {"3FF42C76", "BF494494", "3F92DB19", "3F75DCC9"},
                                {"BF6F7CEE", "BF3106DA", "3FDCBB70", "BF35B25D"},
                                true});
  out["why"] =
      "7 printed digits do not identify a binary32 value (9 do): 6 of the 8 printed inputs convert "
      "back to a "
      "different binary32 value, which moves the exact result by about 248 ulps; the recovered "
      "inputs reproduce "
      "the slide bit for bit.";
  return out;
}

std::string whitepaper_tables_text(const nlohmann::json& tables, bool color) {
  std::string out;
  for (const char* key : {"printed", "recovered"}) {
    const nlohmann::json& report = tables[key];
    append_format(out, "{}\n", paint(report["title"].get<std::string>(), Color::Heading, color));
    std::string a_line = "  a (binary32):", b_line = "  b (binary32):";
    for (const auto& pair : report["pairs"]) {
      a_line += " " + pair["a_hex"].get<std::string>();
      b_line += " " + pair["b_hex"].get<std::string>();
    }
    out += a_line + "\n" + b_line + "\n";
    out += summation_report_text(report, color);
    out += "\n";
  }
  append_format(out,
                "Why (a) and (b) differ: {}\nThe lecture's \"parallel\" is pairwise for n = 4: "
                "rn(rn(a1b1 + a2b2) + rn(a3b3 + a4b4)).\n",
                tables["why"].get<std::string>());
  return out;
}

// One dot product of binary32 data: the binary32 FMA chain of a CPU, and
// tensor cores of an H100/H200 fed TF32, bfloat16, fp8 E4M3 and E5M2 (the
// data rounded to nearest into each), against the exact value of the data.
nlohmann::json tensor_table_json(std::size_t k, std::uint64_t seed) {
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
  out["a"] = nlohmann::json::array();
  out["b"] = nlohmann::json::array();
  for (std::size_t i = 0; i < k; ++i) {
    out["a"].push_back(hex_text(binary32, a[i]));
    out["b"].push_back(hex_text(binary32, b[i]));
  }
  out["rows"] = nlohmann::json::array();
  for (const Path& path : paths) {
    std::vector<std::uint64_t> x, y;
    std::size_t inexact = 0;
    // The exact dot product of the inputs after their rounding into the
    // path's format: the error against it is the arithmetic's alone.
    ExactAccumulator rounded_inputs(*path.input);
    for (std::size_t i = 0; i < k; ++i) {
      const Rounded ra = convert(binary32, *path.input, a[i], Rounding::NearestEven);
      const Rounded rb = convert(binary32, *path.input, b[i], Rounding::NearestEven);
      inexact += ra.flags.has(Flags::inexact) + rb.flags.has(Flags::inexact);
      x.push_back(ra.bits);
      y.push_back(rb.bits);
      rounded_inputs.add_product(ra.bits, rb.bits);
    }
    SummationOptions options;
    options.input_format = path.input;
    options.accumulator_format = &binary32;
    const Rounded result = dot(*parse_strategy(path.strategy), x, y, options);
    nlohmann::json row = {{"path", path.name},
                          {"strategy", path.strategy},
                          {"inputs_rounded", inexact},
                          {"hex", hex_text(binary32, result.bits)},
                          {"value", stored_value_text(binary32, result.bits)},
                          {"shortest", shortest_decimal(binary32, result.bits)}};
    const bool finite = exact_number(binary32, result.bits).kind == ExactNumber::Kind::Finite;
    auto error_json = [&](const ExactNumber& reference) -> nlohmann::json {
      if (!finite) return {{"error_ulps", nullptr}, {"relative_error", nullptr}};
      const ExactNumber error = difference(exact_number(binary32, result.bits), reference);
      return {{"error_ulps", ulps_of_exact(binary32, reference, error, 4)},
              {"relative_error", relative_text(reference, error, 3)}};
    };
    row["against_data"] = error_json(exact.value());
    row["against_inputs"] = error_json(rounded_inputs.value());
    out["rows"].push_back(row);
  }
  return out;
}

std::string tensor_table_text(const nlohmann::json& table, bool color) {
  std::string out;
  append_format(
      out, "{}\n",
      paint(fmt::format("One dot product of {} binary32 pairs (seed {}), six ways",
                        table["k"].get<std::size_t>(), table["seed"].get<std::uint64_t>()),
            Color::Heading, color));
  append_format(out, "  exact: {}  (nearest binary32: {})\n\n",
                table["exact"]["value"].get<std::string>(),
                table["exact"]["hex"].get<std::string>());
  auto cell = [](const nlohmann::json& value) {
    return value.is_null() ? std::string("-") : value.get<std::string>();
  };
  append_format(out, "  {:<32} {:>14} {:<12} {:<18} {:>11} {:>10}   {:>11} {:>10}\n", "", "", "",
                "", "against the data", "", "against the inputs", "");
  append_format(out, "  {:<32} {:>14} {:<12} {:<18} {:>11} {:>10}   {:>11} {:>10}\n", "path",
                "inputs rounded", "hex", "value", "error ulp", "relative", "error ulp", "relative");
  for (const auto& row : table["rows"])
    append_format(
        out, "  {:<32} {:>14} {:<12} {:<18} {:>11} {:>10}   {:>11} {:>10}\n",
        row["path"].get<std::string>(), row["inputs_rounded"].get<std::size_t>(),
        row["hex"].get<std::string>(), row["value"].get<std::string>(),
        cell(row["against_data"]["error_ulps"]), cell(row["against_data"]["relative_error"]),
        cell(row["against_inputs"]["error_ulps"]), cell(row["against_inputs"]["relative_error"]));
  out +=
      "  Tensor cores round the inputs to their format, then add each block of products "
      "truncated to\n"
      "  25 bits below the block's largest exponent (see docs/tensor_cores.md). Against the "
      "data: the\n"
      "  exact dot product of the binary32 data (input rounding included); against the inputs: "
      "of the\n"
      "  inputs after rounding into the path's format (the arithmetic alone). Errors in binary32 "
      "ulps\n"
      "  of the exact value; value: the stored result, every digit (or 17 digits then ...).\n";
  return out;
}

}  // namespace fpx
