// The error figures the command line prints, recomputed here: the sign of
// a relative error beside its ulps, and the tensor-core table's stored
// values and errors against the data and against the rounded inputs.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cli/run_fpx.hpp"
#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/operations.hpp"

TEST_CASE("cli relative errors carry the sign of the error, as the ulps beside them") {
  // 0xBDCCCCCD = -0.100000001490116119384765625: the error against -0.1 is
  // -1.490116119384765625e-9, -0.2 ulp (ulp 2^-27 = 7.45e-9), and relative
  // to |-0.1| it is -1.49e-8; for +0.1 both signs flip.
  const cli_test::Run negative = cli_test::fpx("bits --json -- -0.1");
  REQUIRE(negative.exit_code == 0);
  const nlohmann::json minus = nlohmann::json::parse(negative.out);
  CHECK(minus["hex"] == "0xBDCCCCCD");
  CHECK(minus["error_ulps"] == "-0.2");
  CHECK(minus["relative_error"] == "-1.49e-8");
  const nlohmann::json plus = nlohmann::json::parse(cli_test::fpx("bits --json 0.1").out);
  CHECK(plus["error_ulps"] == "+0.2");
  CHECK(plus["relative_error"] == "+1.49e-8");
}

TEST_CASE("cli table tensor: stored values, errors against the data and the rounded inputs") {
  const cli_test::Run run = cli_test::fpx("table tensor --json --k 64 --seed 1");
  REQUIRE(run.exit_code == 0);
  const nlohmann::json table = nlohmann::json::parse(run.out);
  REQUIRE(table["a"].size() == 64);
  REQUIRE(table["rows"].size() == 6);
  // The exact dot product of the data, recomputed here in rationals.
  std::vector<std::uint64_t> a, b;
  fpx::Rational exact = 0;
  for (std::size_t i = 0; i < 64; ++i) {
    a.push_back(*fpx::parse_hex_digits(table["a"][i].get<std::string>().substr(2)));
    b.push_back(*fpx::parse_hex_digits(table["b"][i].get<std::string>().substr(2)));
    exact += fpx::to_rational(fpx::binary32, a[i]) * fpx::to_rational(fpx::binary32, b[i]);
  }
  const std::map<std::string, const fpx::Format*> inputs = {
      {"binary32 FMA chain (CPU)", &fpx::binary32},
      {"TF32 on h100 tensor cores", &fpx::tf32},
      {"bfloat16 on h100 tensor cores", &fpx::bfloat16},
      {"binary16 on h100 tensor cores", &fpx::binary16},
      {"fp8 E4M3 on h100 tensor cores", &fpx::e4m3},
      {"fp8 E5M2 on h100 tensor cores", &fpx::e5m2}};
  for (const auto& row : table["rows"]) {
    const std::string path = row["path"];
    CAPTURE(path);
    const fpx::Format& input = *inputs.at(path);
    std::size_t inexact = 0;
    fpx::Rational rounded_exact = 0;
    for (std::size_t i = 0; i < 64; ++i) {
      const fpx::Rounded x = fpx::convert(fpx::binary32, input, a[i], fpx::Rounding::NearestEven);
      const fpx::Rounded y = fpx::convert(fpx::binary32, input, b[i], fpx::Rounding::NearestEven);
      inexact += x.flags.has(fpx::Flags::inexact) + y.flags.has(fpx::Flags::inexact);
      rounded_exact += fpx::to_rational(input, x.bits) * fpx::to_rational(input, y.bits);
    }
    CHECK(row["inputs_rounded"] == inexact);
    const std::uint64_t bits = *fpx::parse_hex_digits(row["hex"].get<std::string>().substr(2));
    const fpx::Rational result = fpx::to_rational(fpx::binary32, bits);
    // value is the stored result, every digit.
    CHECK(fpx::to_rational(fpx::read_number(row["value"].get<std::string>())) == result);
    // The signs of the errors, and which of them vanish.
    for (const auto& [key, reference] :
         {std::pair{"against_data", exact}, std::pair{"against_inputs", rounded_exact}}) {
      CAPTURE(key);
      const std::string ulps = row[key]["error_ulps"], relative = row[key]["relative_error"];
      if (result == reference) {
        CHECK(ulps == "0");
        CHECK(relative == "0");
      } else {
        CHECK(ulps[0] == (result > reference ? '+' : '-'));
        CHECK(relative[0] == ulps[0]);
      }
    }
    if (&input == &fpx::binary32) CHECK(row["against_data"] == row["against_inputs"]);
  }
}
