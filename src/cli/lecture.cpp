// fpx lecture: the lecture's examples in order, each recomputed, with the
// slide's printed numbers beside ours where they differ
// (../shared/lecture/facts.md explains each difference).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "assoc.hpp"
#include "common.hpp"
#include "exact_result.hpp"
#include "fpx/operations.hpp"
#include "fpx/printing.hpp"

namespace fpx::cli {
namespace {

struct LectureSettings {
  OutputOptions output;
};

// The dot product a . b three ways in binary32, rounding to nearest even
// (the whitepaper's methods; Whitehead and Fit-Florea, "Precision &
// Performance: Floating Point and IEEE 754 Compliance for NVIDIA GPUs").
struct DotMethods {
  std::uint64_t serial, fused, parallel;
};

DotMethods three_dot_products(const std::vector<std::uint64_t>& a,
                              const std::vector<std::uint64_t>& b) {
  const Rounding rn = Rounding::NearestEven;
  std::vector<std::uint64_t> products;
  for (std::size_t i = 0; i < a.size(); ++i)
    products.push_back(multiply(binary32, a[i], b[i], rn).bits);
  DotMethods out{0, 0, 0};
  for (std::uint64_t product : products) out.serial = add(binary32, out.serial, product, rn).bits;
  for (std::size_t i = 0; i < a.size(); ++i)
    out.fused = fused_multiply_add(binary32, a[i], b[i], out.fused, rn).bits;
  out.parallel = add(binary32, add(binary32, products[0], products[1], rn).bits,
                     add(binary32, products[2], products[3], rn).bits, rn)
                     .bits;
  return out;
}

struct DotTable {
  std::string title;
  std::vector<std::string> a_text, b_text;
  bool raw;
};

nlohmann::json print_dot_table(const DotTable& table, const std::vector<std::string>& slide,
                               bool json) {
  std::vector<std::uint64_t> a, b;
  for (const auto& text : table.a_text)
    a.push_back(read_value(binary32, text, table.raw, Rounding::NearestEven).rounded.bits);
  for (const auto& text : table.b_text)
    b.push_back(read_value(binary32, text, table.raw, Rounding::NearestEven).rounded.bits);
  const ExactBinary exact = exact_dot(binary32, a, b);
  const DotMethods methods = three_dot_products(a, b);
  const std::uint64_t truncated = round_number(binary32, exact.value, Rounding::TowardZero).bits;
  const ExactNumber above_truncated = difference(exact.value, exact_number(binary32, truncated));

  nlohmann::json out{{"title", table.title}, {"rows", nlohmann::json::array()}};
  out["rows"].push_back(
      {{"method", "exact"},
       {"hex", hex_text(binary32, truncated)},
       {"plus_ulps", in_ulps(binary32, truncated, above_truncated, 3)},
       {"value", approximate_decimal(exact.value.negative, exact.value.numerator,
                                     exact.value.denominator, exact.value.binary_exponent, 15)},
       {"slide", slide[0]}});
  const std::pair<const char*, std::uint64_t> rows[] = {
      {"serial", methods.serial}, {"FMA", methods.fused}, {"parallel", methods.parallel}};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& [name, bits] = rows[i];
    out["rows"].push_back(
        {{"method", name},
         {"hex", hex_text(binary32, bits)},
         {"value", shortest_decimal(binary32, bits)},
         {"error_ulps",
          in_ulps(binary32, bits, difference(exact_number(binary32, bits), exact.value), 4)},
         {"slide", slide[i + 1]}});
  }
  if (json) return out;
  fmt::print("  {}\n", table.title);
  fmt::print("    {:<9} {:<24} {:<20} {:<15} {}\n", "method", "binary32", "value", "error (ulp)",
             "slide prints");
  for (const auto& row : out["rows"]) {
    std::string hex = row["method"] == "exact" ? row["hex"].get<std::string>() + " " +
                                                     row["plus_ulps"].get<std::string>()
                                               : row["hex"].get<std::string>();
    fmt::print("    {:<9} {:<24} {:<20} {:<15} {}\n", row["method"].get<std::string>(), hex,
               row["value"].get<std::string>(), row.value("error_ulps", "0"),
               row["slide"].get<std::string>());
  }
  return out;
}

int run_lecture(const LectureSettings& settings) {
  const bool json = settings.output.json, color = use_color(settings.output);
  nlohmann::json out;

  // 1. The FP32 representation of +2/3.
  const InputValue two_thirds = read_value(binary32, "2/3", false, Rounding::NearestEven);
  nlohmann::json representation = describe_json(binary32, two_thirds.rounded.bits);
  representation["error_ulps"] =
      conversion_error(binary32, two_thirds.rounded.bits, *two_thirds.exact).ulps;
  out["two_thirds"] = representation;
  if (!json) {
    fmt::print(
        "{}\n",
        paint("1. FP32 representation of +2/3   value = (sign) x 2^(exponent) x 1.(fraction)",
              Color::Heading, color));
    fmt::print("  fields   {}   (sign | exponent | fraction)\n",
               representation["fields"].get<std::string>());
    fmt::print("  lecture  {}\n", representation["lecture"].get<std::string>());
    fmt::print("  hex      {}\n", representation["hex"].get<std::string>());
    fmt::print("  exact    {}   (2/3 rounded to nearest: error {} ulp)\n\n",
               representation["exact"].get<std::string>(),
               representation["error_ulps"].get<std::string>());
    fmt::print("{}\n", paint("2. Rounding matters: A + B + C", Color::Heading, color));
  }

  // 2. A + B + C.
  out["assoc"] =
      explain_assoc(binary32, lecture_assoc_terms(binary32), Rounding::NearestEven, json, color);
  if (!json) {
    fmt::print(
        "  The slide's long bit strings gained zeros in extraction; the last bits (...010 vs "
        "...001) match.\n\n");
    fmt::print("{}\n", paint("3. A dot product, three ways (binary32, round to nearest even)",
                             Color::Heading, color));
  }

  // 3. The dot-product table, from the printed decimals and from the
  // recovered binary32 inputs.
  const std::vector<std::string> slide = {".0559587528435 (0x3D65350158...)",
                                          ".0559588074 (0x3D653510)", ".0559587515 (0x3D653501)",
                                          ".0559587478 (0x3D653500)"};
  out["dot_printed"] = print_dot_table({"(a) from the whitepaper's printed 7-digit inputs",
                                        {"1.907607", "-0.7862027", "1.147311", "0.9604002"},
                                        {"-0.9355000", "-0.6915108", "1.724470", "-0.7097529"},
                                        false},
                                       slide, json);
  if (!json) fmt::print("\n");
  out["dot_recovered"] = print_dot_table({"(b) from the recovered binary32 inputs",
                                          {"3FF42C76", "BF494494", "3F92DB19", "3F75DCC9"},
                                          {"BF6F7CEE", "BF3106DA", "3FDCBB70", "BF35B25D"},
                                          true},
                                         slide, json);
  if (!json) {
    fmt::print(
        "  Why (a) and (b) differ: 7 printed digits do not identify a binary32 value (9 do); 6 of "
        "the 8 printed\n"
        "  inputs convert back to a different binary32 value, which moves the exact result by "
        "about 248 ulps.\n"
        "  The recovered inputs reproduce the slide bit for bit. With the printed inputs the sum "
        "cancels\n"
        "  (terms near 1.8 sum to 0.056), so every method is tens of ulps off.\n\n");
    fmt::print("{}\n", paint("4. Cost of linear models (the lecture's formulas; counted by `fpx "
                             "cost` once it lands)",
                             Color::Heading, color));
    fmt::print(
        "  inference w^T x 2d | X^T X 2d^2 N | X^T y 2dN | inverse ~(2/3)d^3 | C b 2d^2\n"
        "  GD option 1: 2d^2 N + 2dN once, 2d^2 + d per step | GD option 2: 2dN once, 4dN + d per "
        "step\n"
        "  perceptron: 2d per step\n");
  } else {
    std::cout << out.dump(2) << '\n';
  }
  return 0;
}

}  // namespace

void register_lecture(CLI::App& app, Runner& run) {
  auto settings = std::make_shared<LectureSettings>();
  CLI::App* command = app.add_subcommand(
      "lecture",
      "Reproduce the lecture's examples: 2/3 in FP32, A + B + C, the dot-product rounding table.\n"
      "Example: fpx lecture");
  add_output_options(command, settings->output);
  command->callback([settings, &run] { run = [settings] { return run_lecture(*settings); }; });
}

}  // namespace fpx::cli
