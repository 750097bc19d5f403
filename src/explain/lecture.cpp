// The lecture's examples (include/fpx/explain/lecture.hpp).
#include "fpx/explain/lecture.hpp"

#include "fpx/core/exact_error.hpp"
#include "fpx/core/value_text.hpp"
#include "fpx/explain/associativity.hpp"
#include "fpx/explain/lecture_tables.hpp"
#include "fpx/explain/linear_model_reports.hpp"
#include "fpx/explain/style.hpp"
#include "fpx/explain/value_description.hpp"
#include "fpx/linear_models/cost_table.hpp"

namespace fpx {
namespace {

// 1. The FP32 representation of +2/3.
nlohmann::json two_thirds_json() {
  const InputValue two_thirds = read_value(binary32, "2/3", false, Rounding::NearestEven);
  nlohmann::json representation = encoding_json(binary32, two_thirds.rounded.bits);
  representation["error_ulps"] =
      conversion_error(binary32, two_thirds.rounded.bits, *two_thirds.exact).ulps;
  return representation;
}

AssociativityExplanation lecture_associativity() {
  return explain_associativity(binary32, lecture_associativity_terms(binary32),
                               Rounding::NearestEven);
}

// The cost tables, counted on seeded data.
std::vector<CostRow> lecture_costs() { return cost_table(100, 4, 10); }

}  // namespace

nlohmann::json lecture_json() {
  nlohmann::json out;
  out["two_thirds"] = two_thirds_json();
  out["assoc"] = associativity_json(lecture_associativity());
  out["dot_table"] = whitepaper_tables_json();
  out["cost"] = cost_rows_json(lecture_costs());
  return out;
}

std::string lecture_text(bool color) {
  std::string out;
  const nlohmann::json representation = two_thirds_json();
  append_format(
      out, "{}\n",
      paint("1. FP32 representation of +2/3   value = (sign) x 2^(exponent) x 1.(fraction)",
            Color::Heading, color));
  append_format(out, "  fields   {}   (sign | exponent | fraction)\n",
                representation["fields"].get<std::string>());
  append_format(out, "  lecture  {}\n", representation["lecture"].get<std::string>());
  append_format(out, "  hex      {}\n", representation["hex"].get<std::string>());
  append_format(out, "  exact    {}   (2/3 rounded to nearest: error {} ulp)\n\n",
                representation["exact"].get<std::string>(),
                representation["error_ulps"].get<std::string>());
  append_format(out, "{}\n", paint("2. Rounding matters: A + B + C", Color::Heading, color));
  out += associativity_text(lecture_associativity(), color);
  out +=
      "  The slide's long bit strings gained zeros in extraction; the last bits (...010 vs "
      "...001) match.\n\n";
  append_format(out, "{}\n",
                paint("3. The dot-product table, every summation strategy (binary32, round to "
                      "nearest even)",
                      Color::Heading, color));
  out += whitepaper_tables_text(whitepaper_tables_json(), color);
  out += "\n";
  append_format(out, "{}\n",
                paint("4. Cost of linear models: the lecture's formulas beside counted FLOPs "
                      "(N = 100, d = 4, S = 10 steps, binary32; `fpx cost` for others)",
                      Color::Heading, color));
  out += cost_rows_text(lecture_costs(), color);
  return out;
}

}  // namespace fpx
