// The fpx command line, run as a user runs it: golden outputs in text and
// JSON (tests/golden/, checked by hand against docs/lecture_facts.md),
// JSON that parses and round-trips, and one clear line for each kind of bad
// input.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli/run_fpx.hpp"

using namespace cli_test;

TEST_CASE("cli golden text outputs") {
  struct Case {
    const char* arguments;
    const char* file;
  } cases[] = {
      {"lecture", "lecture.txt"},
      {"bits 0.1 --format all", "bits_0.1_all.txt"},
      {"bits 0.1", "bits_0.1.txt"},
      {"op add 0x40000001 0x3F800001 --raw", "op_add_lecture_a_b.txt"},
      {"assoc", "assoc.txt"},
  };
  for (const Case& c : cases) {
    const std::string arguments = c.arguments;
    CAPTURE(arguments);
    const Run run = fpx(c.arguments);
    CHECK(run.exit_code == 0);
    CHECK(run.err == "");
    CHECK(run.out == golden(c.file));
  }
}

TEST_CASE("cli golden JSON outputs") {
  struct Case {
    const char* arguments;
    const char* file;
  } cases[] = {
      {"bits 2/3 --json", "bits_2_3.json"},
      {"assoc --json", "assoc.json"},
      {"op add 0x40000001 0x3F800001 --raw --json", "op_add_lecture_a_b.json"},
      {"lecture --json", "lecture.json"},
  };
  for (const Case& c : cases) {
    const std::string arguments = c.arguments;
    CAPTURE(arguments);
    const Run run = fpx(c.arguments);
    CHECK(run.exit_code == 0);
    CHECK(nlohmann::json::parse(run.out) == nlohmann::json::parse(golden(c.file)));
  }
}

TEST_CASE("cli lecture shows the facts of the lecture") {
  const std::string out = fpx("lecture").out;
  for (std::string fact :
       {"0x3F2AAAAB", "2^-1 x 1.01010101010101010101011", "0.666666686534881591796875",
        "2^3 x 1.01100000000000000000001011", "2^3 x 1.01100000000000000000010",
        "2^3 x 1.01100000000000000000001", "0x41300002", "0x41300001", "0x3D6533F0", "0x3D6533F6",
        "0x3D6533E0", "0x3D653510", "0x3D653501", "0x3D653500", "-25.48", "-19.48", "-41.48",
        "-0.4794", "0.055957829502951029"}) {
    CAPTURE(fact);
    CHECK(out.find(fact) != std::string::npos);
  }
}

TEST_CASE("cli bits JSON has the documented keys and its hex round-trips") {
  for (std::string value :
       {"0.1", "-1e-45", "2/3", "0x1.8p-3", "inf", "nan", "65504", "1e-100000"}) {
    CAPTURE(value);
    for (std::string format :
         {"binary32", "binary16", "bfloat16", "e4m3", "binary64", "tf32", "e5m2"}) {
      CAPTURE(format);
      const Run run = fpx("bits --format " + format + " --json -- " + value);
      REQUIRE(run.exit_code == 0);
      const auto json = nlohmann::json::parse(run.out);
      for (const char* key : {"format", "hex", "sign", "exponent", "biased_exponent", "fraction",
                              "lecture", "exact", "class", "ulp", "next_up", "next_down"})
        CHECK(json.contains(key));
      CHECK(json["next_up"].contains("hex"));
      CHECK(json["next_down"].contains("hex"));
      CHECK(json["ulp"].contains("hex"));
      const std::string hex = json["hex"];
      const auto again =
          nlohmann::json::parse(fpx("bits " + hex + " --raw --format " + format + " --json").out);
      CHECK(again["hex"] == hex);
      CHECK(again["exact"] == json["exact"]);
      CHECK(again["lecture"] == json["lecture"]);
    }
  }
}

TEST_CASE("cli bits all formats JSON is an array") {
  const auto json = nlohmann::json::parse(fpx("bits 0.1 --format all --json").out);
  REQUIRE(json.is_array());
  CHECK(json.size() == 7);
  CHECK(json[1]["format"] == "binary32");
  CHECK(json[1]["hex"] == "0x3DCCCCCD");
  CHECK(json[1]["error_ulps"] == "+0.2");
}

TEST_CASE("cli assoc JSON has exact left and right") {
  const auto json = nlohmann::json::parse(fpx("assoc --json").out);
  for (std::string key : {"exact", "left", "right"}) {
    CAPTURE(key);
    CHECK(json[key].contains("hex"));
    CHECK(json[key].contains("lecture"));
  }
  CHECK(json["left"]["hex"] == "0x41300002");
  CHECK(json["right"]["hex"] == "0x41300001");
  CHECK(json["exact"]["lecture"] == "2^3 x 1.01100000000000000000001011");
}

TEST_CASE("cli bad input gives one line on stderr and exit code 2") {
  const char* cases[] = {
      "bits abc",                              // unparsable number
      "bits 1.2.3",                            // unparsable number
      "bits 1 --format binary33",              // unknown format
      "bits 1 --round nearest",                // unknown mode
      "op add 1",                              // wrong operand count
      "op fma 1 2",                            // wrong operand count
      "op frobnicate 1 2",                     // unknown operation
      "assoc 1 2",                             // wrong operand count
      "bits 0x1FFFFFFFF --raw",                // out-of-range bit pattern
      "bits 0x10000 --raw --format binary16",  // out-of-range bit pattern
      "bits 'bits:0 1111'",                    // wrong number of bits
      "bits ''",                               // empty input
      "bits",                                  // missing value
      "bits 1 --color sometimes",              // bad option value
      "",                                      // no command
      "frobnicate",                            // unknown command
      "batch --format nosuch",                 // unknown format
  };
  for (std::string arguments : cases) {
    CAPTURE(arguments);
    const Run run = fpx(arguments);
    CHECK(run.exit_code == 2);
    CHECK(run.out == "");
    CHECK(count_lines(run.err) == 1);
    CHECK(run.err.rfind("fpx: ", 0) == 0);
  }
}

TEST_CASE("cli batch reports malformed lines by number and exits 1") {
  const Run run = fpx("batch", "add rne 3F800000 3F800000\nadd rne 3F800000\n");
  CHECK(run.exit_code == 1);
  CHECK(run.out == "40000000 00\n");
  CHECK(run.err == "fpx batch: line 2: add needs 2 operands, got 1\n");
}

TEST_CASE("cli long and extreme decimal inputs are rounded not rejected") {
  const std::string tie = "1.000000059604644775390625";
  auto hex_of = [](const Run& run) {
    return nlohmann::json::parse(run.out)["hex"].get<std::string>();
  };
  CHECK(hex_of(fpx("bits " + tie + std::string(4000, '0') + "1 --json")) == "0x3F800001");
  CHECK(hex_of(fpx("bits " + tie + std::string(4000, '0') + " --json")) == "0x3F800000");
  CHECK(hex_of(fpx("bits 1e-100000 --json")) == "0x00000000");
  CHECK(hex_of(fpx("bits 1e-100000 --round rup --json")) == "0x00000001");
  CHECK(hex_of(fpx("bits 1e100000 --json")) == "0x7F800000");
  CHECK(hex_of(fpx("bits 1e100000 --round rtz --json")) == "0x7F7FFFFF");
}

TEST_CASE("cli color follows --color") {
  CHECK(fpx("bits 1 --color always").out.find("\x1b[") != std::string::npos);
  CHECK(fpx("bits 1 --color never").out.find("\x1b[") == std::string::npos);
  CHECK(fpx("bits 1").out.find("\x1b[") == std::string::npos);  // not a terminal
}

TEST_CASE("cli help and version") {
  const Run help = fpx("--help");
  CHECK(help.exit_code == 0);
  for (std::string command : {"bits", "op", "assoc", "lecture", "batch"}) {
    CAPTURE(command);
    CHECK(help.out.find(command) != std::string::npos);
    const Run command_help = fpx(command + " --help");
    CHECK(command_help.exit_code == 0);
    const auto example = command_help.out.find("Example: ");
    REQUIRE(example != std::string::npos);
    CHECK(command_help.out.find("fpx " + command, example) != std::string::npos);
  }
  CHECK(fpx("--version").out == "fpx 0.1.0\n");
}

namespace {

std::string hex_of_strategy(const nlohmann::json& results, const std::string& strategy) {
  for (const auto& row : results)
    if (row["strategy"] == strategy) return row["hex"];
  return "missing";
}

}  // namespace

TEST_CASE("cli dot reproduces the whitepaper table from decimals and from bit patterns") {
  const Run printed =
      fpx("dot --json --strategy serial,fma,pairwise,exact --a '1.907607 -0.7862027 1.147311 "
          "0.9604002' "
          "--b '-0.9355000 -0.6915108 1.724470 -0.7097529'");
  REQUIRE(printed.exit_code == 0);
  // --json is the whole report; the strategies are its "results".
  const auto a = nlohmann::json::parse(printed.out)["results"];
  CHECK(hex_of_strategy(a, "serial") == "0x3D6533F0");
  CHECK(hex_of_strategy(a, "fma") == "0x3D6533F6");
  CHECK(hex_of_strategy(a, "pairwise") == "0x3D6533E0");
  CHECK(hex_of_strategy(a, "exact") == "0x3D653409");
  const Run recovered =
      fpx("dot --json --raw --a '3FF42C76 BF494494 3F92DB19 3F75DCC9' --b 'BF6F7CEE BF3106DA "
          "3FDCBB70 BF35B25D'");
  REQUIRE(recovered.exit_code == 0);
  const auto b = nlohmann::json::parse(recovered.out)["results"];
  CHECK(hex_of_strategy(b, "serial") == "0x3D653510");
  CHECK(hex_of_strategy(b, "fma") == "0x3D653501");
  CHECK(hex_of_strategy(b, "pairwise") == "0x3D653500");
  CHECK(hex_of_strategy(b, "exact") == "0x3D653501");
  for (const auto& row : b) {
    for (std::string key :
         {"strategy", "hex", "value", "shortest", "against_data", "against_inputs"}) {
      CAPTURE(key);
      CHECK(row.contains(key));
    }
    for (std::string key : {"error_ulps", "relative_error", "correct_bits"}) {
      CAPTURE(key);
      CHECK(row["against_inputs"].contains(key));
    }
  }
}

TEST_CASE("cli table whitepaper shows both tables with the slide's values") {
  const Run run = fpx("table whitepaper --json");
  REQUIRE(run.exit_code == 0);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(hex_of_strategy(json["printed"]["results"], "serial") == "0x3D6533F0");
  CHECK(hex_of_strategy(json["recovered"]["results"], "serial") == "0x3D653510");
  CHECK(json["recovered"]["results"][0]["slide"] == "0x3D653510");
  CHECK(json["why"].get<std::string>().find("248 ulps") != std::string::npos);
}

TEST_CASE("cli sum reads files and stdin and detects a header") {
  const std::string file = temporary_file("header.csv", "name,value\na,0.5\nb,0.25\nc,0.125\n");
  const Run run = fpx("sum " + file + " --columns value --strategy serial,exact --json");
  REQUIRE(run.exit_code == 0);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(hex_of_strategy(json["results"], "serial") == "0x3F600000");  // 0.875
  const Run text = fpx("sum " + file + " --columns 1 --strategy serial");
  CHECK(text.out.find("header line 'name,value'") != std::string::npos);
  const Run piped = fpx("sum - --strategy serial --json", "1\n2\n3\n");
  CHECK(hex_of_strategy(nlohmann::json::parse(piped.out)["results"], "serial") == "0x40C00000");
  const Run with_nan = fpx("sum - --strategy serial", "1\nnan\n3\n");
  CHECK(with_nan.exit_code == 0);
  CHECK(with_nan.out.find("1 NaN or infinite") != std::string::npos);
}

TEST_CASE("cli sum and dot name bad data by line") {
  struct Case {
    const char* arguments;
    const char* input;
    int exit_code;
    const char* message;
  } cases[] = {
      {"sum -", "1\n2\nthree\n", 1, "fpx: stdin:3: 'three' is not a number\n"},
      {"sum -", "", 1, "fpx: stdin: no numbers\n"},
      {"sum -", "# only a comment\n\n", 1, "fpx: stdin: no numbers\n"},
      {"dot -", "1,2\n3,4\n5\n", 1, "fpx: stdin:3: expected at least 2 column(s), found 1\n"},
      {"dot -", "a,b\n", 1, "fpx: stdin: no numbers after the header\n"},
      {"sum - --raw", "3F800000\nXYZ\n", 1, "fpx: stdin:2: 'XYZ' is not a binary32 bit pattern\n"},
      {"sum /nonexistent/file", "", 1, "fpx: cannot open '/nonexistent/file'\n"},
      {"dot --a '1 2 3' --b '1 2'", "", 2, "fpx: --a has 3 values but --b has 2\n"},
      {"dot --a '1 x' --b '1 2'", "", 2, "fpx: --a: 'x' is not a number\n"},
      {"sum - --strategy fastest", "1\n", 2, nullptr},
      {"sum - --strategy fma", "1\n", 2, nullptr},
      {"sum - --columns price", "1\n", 2,
       "fpx: column 'price' named, but the data has no header line\n"},
      // Without FILE, a sum reads stdin unless it is a terminal.
      {"sum", "", 1, "fpx: stdin: no numbers\n"},
      {"table nosuch", "", 2, "fpx: unknown table 'nosuch' (expected whitepaper, tensor)\n"},
  };
  for (const Case& c : cases) {
    const std::string arguments = c.arguments;
    CAPTURE(arguments);
    const Run run = fpx(arguments, c.input);
    CHECK(run.exit_code == c.exit_code);
    CHECK(count_lines(run.err) == 1);
    if (c.message) CHECK(run.err == c.message);
  }
}

TEST_CASE("cli commands take the formats spelled eXmY and the OCP MX formats") {
  // bits: 0.3 in E2M1 lies between 0 and 0.5 (the E2M1 values are 0, 0.5, 1,
  // 1.5, 2, 3, 4, 6), nearer 0.5.
  const Run bits = fpx("bits 0.3 --format e2m1 --json");
  CHECK(bits.exit_code == 0);
  CHECK(nlohmann::json::parse(bits.out)["hex"] == "0x1");
  CHECK(fpx("bits 0.3 --format e2m1 --round rtz --json").out.find("\"0x0\"") != std::string::npos);
  CHECK(fpx("bits 0.1 --format e3m4").exit_code == 0);
  CHECK(fpx("bits 1 --format e8m0 --json").out.find("\"0x7F\"") != std::string::npos);
  // batch: the hex width is the format's: one digit for E2M1, four for E6M9.
  // 1.5 + 1 = 2.5 is a tie between 2 and 3: even, 2 (0x4), inexact.
  CHECK(fpx("batch --format e2m1", "add rne 3 2\n").out == "4 01\n");
  // 7 saturates to 6 in E2M1 (overflow and inexact).
  CHECK(fpx("batch --format binary32", "to_e2m1 rne 40E00000\n").out == "7 05\n");
  // E6M9, bias 31: 1 is 0x3E00; 1 x 1 = 1 exactly.
  CHECK(fpx("batch --format e6m9", "mul rne 3E00 3E00\n").out == "3E00 00\n");
  CHECK(fpx("batch --format e4m3fnuz", "sub rne 00 00\n").out == "00 00\n");
  // op, sum and dot, with a custom accumulator format too.
  CHECK(fpx("op add 1.5 1 --format e2m1").exit_code == 0);
  const Run dot = fpx("dot --a '1 2 3' --b '0.5 1 1.5' --format e2m1 --acc-format binary32 --json");
  CHECK(dot.exit_code == 0);
  CHECK(dot.out.find("e2m1") != std::string::npos);
  CHECK(fpx("sum - --format e3m4 --acc-format e6m9", "1\n2\n3\n").exit_code == 0);
  // A spelling that is not a format: exit 2, the reason.
  const Run bad = fpx("bits 1 --format e0m3");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("exponent bits must be 1 to 11") != std::string::npos);
  CHECK(fpx("--help").out.find("e<X>m<Y>") != std::string::npos);
}

TEST_CASE("cli quantize shows MX and NVFP4 blocks side by side") {
  // 20 sets the MXFP4 scale 2^(4 - 2) = 0x81 (see core/test_block_scaling.cpp).
  const Run run = fpx("quantize --values '20 3 -2 0.1' --scheme mxfp4,nvfp4 --json");
  CHECK(run.exit_code == 0);
  const nlohmann::json json = nlohmann::json::parse(run.out);
  CHECK(json["schemes"][0]["blocks"][0]["scale"] == "0x81");
  CHECK(json["schemes"][0]["elements"][0]["hex"] == "0x6");
  CHECK(json["schemes"][0]["elements"][0]["dequantized"] == "16");
  CHECK(json["schemes"][1]["scheme"] == "nvfp4");
  CHECK(fpx("quantize --values '1 2' --scheme mxfp5").exit_code == 2);
  CHECK(fpx("quantize --values '1 x'").exit_code == 1);
  CHECK(fpx("quantize docs-missing-file").exit_code == 1);
}

TEST_CASE("cli batch converts to integers") {
  // 2.5 -> 2 (a tie, to even), -2.5 -> -2 (0xFE), inexact; 128 is beyond
  // int8: invalid, saturated to 127; 2^63 fits uint64 exactly.
  CHECK(fpx("batch --format binary32",
            "to_int8 rne 40200000\nto_int8 rne C0200000\nto_int8 rne 43000000\n"
            "to_uint64 rtz 5F000000\nto_int32 rna 40200000\n")
            .out == "02 01\nFE 01\n7F 10\n8000000000000000 00\n00000003 01\n");
}

TEST_CASE("cli quantize takes the integer schemes too") {
  // MXINT8: max |v| = 400 has exponent 8, the scale 2^8 (0x87), the
  // elements v / 2^8 x 2^6 = v / 4: 400 -> 100 (0x64).
  const Run run = fpx("quantize --values '400 3' --scheme mxint8,int8-symmetric --json");
  CHECK(run.exit_code == 0);
  const nlohmann::json json = nlohmann::json::parse(run.out);
  CHECK(json["schemes"][0]["scheme"] == "mxint8");
  CHECK(json["schemes"][0]["blocks"][0]["scale"] == "0x87");
  CHECK(json["schemes"][0]["elements"][0]["hex"] == "0x64");
  CHECK(json["schemes"][1]["elements"][0]["hex"] == "0x7F");
}
