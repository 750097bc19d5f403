// fpx batch: Berkeley TestFloat 3e vectors through the same code path as the
// CLI, and the line-numbered handling of bad input.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "fpx/core/batch.hpp"
#include "fpx/core/format.hpp"

namespace {

struct VectorFilePlan {
  const fpx::Format* format = nullptr;  // operand format
  const fpx::Format* result_format = nullptr;
  std::string operation;  // fpx batch OP
  int operands = 0;
  std::string mode;  // fpx batch MODE
};

// TestFloat file names: FUNCTION.MODE.txt, e.g. f32_mulAdd.rminMag.txt.
bool plan_for(const std::string& file_name, VectorFilePlan& plan) {
  static const std::map<std::string, const fpx::Format*> formats = {{"f16", &fpx::binary16},
                                                                    {"bf16", &fpx::bfloat16},
                                                                    {"f32", &fpx::binary32},
                                                                    {"f64", &fpx::binary64}};
  static const std::map<std::string, std::pair<std::string, int>> operations = {
      {"add", {"add", 2}}, {"sub", {"sub", 2}},   {"mul", {"mul", 2}},
      {"div", {"div", 2}}, {"sqrt", {"sqrt", 1}}, {"mulAdd", {"fma", 3}}};
  static const std::map<std::string, std::string> modes = {
      {"rnear_even", "rne"}, {"rnear_maxMag", "rna"}, {"rminMag", "rtz"},
      {"rmin", "rdn"},       {"rmax", "rup"},         {"rodd", "rto"}};
  auto first_dot = file_name.find('.');
  auto second_dot = file_name.find('.', first_dot + 1);
  std::string function = file_name.substr(0, first_dot);
  std::string mode = file_name.substr(first_dot + 1, second_dot - first_dot - 1);
  auto underscore = function.find('_');
  std::string type = function.substr(0, underscore), rest = function.substr(underscore + 1);
  if (!formats.count(type) || !modes.count(mode)) return false;
  plan.format = formats.at(type);
  plan.mode = modes.at(mode);
  if (rest.starts_with("to_")) {
    if (!formats.count(rest.substr(3))) return false;
    plan.result_format = formats.at(rest.substr(3));
    plan.operation = "to_" + std::string(plan.result_format->name);
    plan.operands = 1;
    return true;
  }
  if (!operations.count(rest)) return false;
  plan.result_format = plan.format;
  std::tie(plan.operation, plan.operands) = operations.at(rest);
  return true;
}

bool is_nan(const fpx::Format& format, std::uint64_t bits) {
  auto c = fpx::classify(format, bits);
  return c == fpx::FloatClass::QuietNaN || c == fpx::FloatClass::SignalingNaN;
}

std::string run_lines(const std::string& input, const fpx::Format& format, std::string& errors,
                      fpx::BatchSummary& summary) {
  std::istringstream in(input);
  std::ostringstream out, err;
  summary = fpx::run_batch(in, out, err, fpx::BatchOptions{&format});
  errors = err.str();
  return out.str();
}

}  // namespace

TEST_CASE("batch reproduces the Berkeley TestFloat samples") {
  const std::filesystem::path directory = std::filesystem::path(FPX_TEST_DATA_DIR) / "testfloat";
  long cases = 0, mismatches = 0, files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    VectorFilePlan plan;
    const std::string name = entry.path().filename().string();
    if (!plan_for(name, plan)) continue;
    ++files;
    std::ifstream file(entry.path());
    std::string line;
    while (std::getline(file, line)) {
      std::istringstream fields(line);
      std::vector<std::string> items;
      for (std::string item; fields >> item;) items.push_back(item);
      REQUIRE(int(items.size()) == plan.operands + 2);
      std::string request = plan.operation + " " + plan.mode;
      for (int i = 0; i < plan.operands; ++i) request += " " + items[std::size_t(i)];
      std::string answer;
      std::string problem = fpx::answer_batch_line(request, fpx::BatchOptions{plan.format}, answer);
      const std::uint64_t expected_bits =
          std::stoull(items[std::size_t(plan.operands)], nullptr, 16);
      const std::string& expected_flags = items[std::size_t(plan.operands + 1)];
      bool match = problem.empty() && answer.size() > 3;
      if (match) {
        std::uint64_t got_bits = std::stoull(answer.substr(0, answer.find(' ')), nullptr, 16);
        std::string got_flags = answer.substr(answer.find(' ') + 1);
        bool same_value =
            got_bits == expected_bits ||
            (is_nan(*plan.result_format, expected_bits) && is_nan(*plan.result_format, got_bits));
        match = same_value &&
                std::stoul(got_flags, nullptr, 16) == std::stoul(expected_flags, nullptr, 16);
      }
      if (!match && mismatches < 10)
        MESSAGE(name << ": " << request << " -> '" << answer << problem << "', expected "
                     << items[std::size_t(plan.operands)] << " " << expected_flags);
      mismatches += match ? 0 : 1;
      ++cases;
    }
  }
  CHECK(files == 93);
  CHECK(cases == 27900);
  CHECK(mismatches == 0);
}

TEST_CASE("batch answers valid lines and names malformed ones") {
  fpx::BatchSummary summary;
  std::string errors;
  const std::string output = run_lines(
      "add rne 3F800000 33800000\n"
      "\n"
      "# a comment\n"
      "bogus rne 3F800000 3F800000\n"
      "add rnx 3F800000 3F800000\n"
      "add rne 3F80000G 3F800000\n"
      "add rne 3F80000 3F800000\n"
      "fma rne 3F800000 3F800000\n"
      "sqrt rne\n"
      "to_nosuchformat rne 3F800000\n"
      "add sr:x 3F800000 3F800000\n"
      "mul rtz 3F800000 40000000\n",
      fpx::binary32, errors, summary);
  CHECK(output == "3F800000 01\n40000000 00\n");
  CHECK(summary.answered == 2);
  CHECK(summary.malformed == 8);
  CHECK(
      errors ==
      "fpx batch: line 4: unknown operation 'bogus'\n"
      "fpx batch: line 5: unknown rounding mode 'rnx' (expected rne rna rtz rup rdn rto sr:SEED)\n"
      "fpx batch: line 6: operand '3F80000G' is not hexadecimal\n"
      "fpx batch: line 7: operand '3F80000' has 7 hex digits; binary32 needs 8\n"
      "fpx batch: line 8: fma needs 3 operands, got 2\n"
      "fpx batch: line 9: sqrt needs 1 operand, got 0\n"
      "fpx batch: line 10: unknown operation 'to_nosuchformat'\n"
      "fpx batch: line 11: bad stochastic seed in 'sr:x' (expected sr:INTEGER)\n");
}

TEST_CASE("batch rejects patterns wider than the format") {
  fpx::BatchSummary summary;
  std::string errors;
  const std::string output =
      run_lines("add rne FFFFF 00000\nadd rne 1FC00 1FC00\n", fpx::tf32, errors, summary);
  CHECK(output == "20000 00\n");
  CHECK(errors == "fpx batch: line 1: operand 'FFFFF' exceeds the 19 bits of tf32\n");
}

TEST_CASE("batch converts between formats and rounds stochastically by seed") {
  fpx::BatchSummary summary;
  std::string errors;
  // 1 + 2^-11 + 2^-23 to binary16: just above a tie, so nearest goes up.
  std::string output = run_lines(
      "to_binary16 rne 3F801001\n"
      "to_binary16 rtz 3F801001\n"
      "to_e4m3 rne 43E80000\n"  // 464: tie between 448 and 480 -> 448 (even)
      "to_e4m3 rne 43EB0000\n"  // 470: rounds to 480, beyond 448: NaN
      "to_e4m3sat rne 43EB0000\n",
      fpx::binary32, errors, summary);
  CHECK(errors.empty());
  CHECK(output == "3C01 01\n3C00 01\n7E 01\n7F 05\n7E 05\n");
  // The same seed gives the same answer on every line.
  output = run_lines("add sr:7 3F800000 33A00000\nadd sr:7 3F800000 33A00000\n", fpx::binary32,
                     errors, summary);
  CHECK(output.substr(0, 12) == output.substr(12));
}
