// Hostile input, command by command, in six classes: IEEE special cases in
// op, data silently dropped or changed, unbounded resources from small
// arguments, integer options, messages, write and read errors. Each case
// asserts the exit code, one line on stderr, and the answer to the valid
// part (README, "Bad input").
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "cli/run_fpx.hpp"

using namespace cli_test;

namespace {

// The ANSI escape sequences of --color always, removed.
std::string without_color(const std::string& text) {
  return std::regex_replace(text, std::regex("\x1b\\[[0-9;]*m"), "");
}

// One line on stderr, starting "fpx", that shows no internal exception text.
void check_one_clean_line(const Run& run) {
  CHECK(count_lines(run.err) == 1);
  CHECK(run.err.rfind("fpx", 0) == 0);
  for (const char* internal : {"basic_string", "stoul", "stoull", "json.exception", "bad_alloc",
                               "what()", "terminate", "substr", "std::"}) {
    CAPTURE(internal);
    CHECK(run.err.find(internal) == std::string::npos);
  }
}

std::vector<std::string> result_column(const nlohmann::json& results, const char* key) {
  std::vector<std::string> out;
  for (const auto& row : results) out.push_back(row[key].get<std::string>());
  return out;
}

}  // namespace

// Class 1: the exact result is infinite or NaN.
TEST_CASE("hostile op: non-finite exact results are shown with the IEEE rule") {
  struct Case {
    const char* arguments;
    const char* exact_class;
    const char* hex;    // in every mode
    const char* flags;  // in every mode
    const char* rule;   // a phrase of the note
  } cases[] = {
      {"op add inf 1", "infinity", "0x7F800000", ".....", "infinities is exact"},
      {"op div 1 0", "infinity", "0x7F800000", ".z...", "divided by zero"},
      {"op sqrt -1", "nan", "0x7FC00000", "v....", "square root of a number below zero"},
      {"op mul 0 inf", "nan", "0x7FC00000", "v....", "0 x inf"},
      {"op add 1e39 1", "infinity", "0x7F800000", ".....", "infinities is exact"},
      {"op add 0x7FC00000 0 --raw", "nan", "0x7FC00000", ".....", "an operand is NaN"},
  };
  for (const Case& c : cases) {
    const std::string arguments = c.arguments;
    CAPTURE(arguments);
    const Run text = fpx(arguments);
    CHECK(text.exit_code == 0);
    CHECK(text.err == "");
    CHECK(text.out.find(c.rule) != std::string::npos);
    const Run json_run = fpx(arguments + " --json");
    REQUIRE(json_run.exit_code == 0);
    const auto json = nlohmann::json::parse(json_run.out);
    CHECK(json["exact"]["class"] == c.exact_class);
    CHECK(json["results"].size() == 6);
    for (const std::string& hex : result_column(json["results"], "hex")) CHECK(hex == c.hex);
    for (const std::string& flags : result_column(json["results"], "flags"))
      CHECK(flags == c.flags);
    CHECK(json["notes"][0].get<std::string>().find(c.rule) != std::string::npos);
  }
  // The reproducer's spelling, with "--", reads -1 too.
  CHECK(fpx("op sqrt -- -1").out == fpx("op sqrt -1").out);
  // 1e39 overflows binary32 when read: the operand line says so.
  CHECK(fpx("op add 1e39 1").out.find("(1e39 overflows binary32)") != std::string::npos);
}

TEST_CASE("hostile assoc: an infinite exact sum is inf, its hex the infinity") {
  const Run run = fpx("assoc inf 1 1 --json");
  REQUIRE(run.exit_code == 0);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(json["exact"]["lecture"] == "inf");
  CHECK(json["exact"]["hex"] == "0x7F800000");
  CHECK(json["left"]["hex"] == "0x7F800000");
  CHECK(json["right"]["hex"] == "0x7F800000");
  CHECK(json["differ"] == false);
}

// Class 2: data silently dropped or changed.
TEST_CASE("hostile sum: a byte-order mark is skipped and reported, not taken as a header") {
  const std::string data =
      "\xEF\xBB\xBF"
      "1.5\n2.25\n3\n";
  const Run text = fpx("sum - --strategy serial", data);
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("sum of 3 values") != std::string::npos);
  CHECK(text.out.find("a UTF-8 byte-order mark skipped") != std::string::npos);
  const Run json_run = fpx("sum - --strategy serial --json", data);
  REQUIRE(json_run.exit_code == 0);
  const auto json = nlohmann::json::parse(json_run.out);
  CHECK(json["n"] == 3);
  CHECK(json["inputs"]["byte_order_mark"] == true);
  CHECK(json["inputs"]["header"].is_null());         // no header line
  CHECK(json["results"][0]["hex"] == "0x40D80000");  // 6.75
}

TEST_CASE("hostile sum: ambiguous first lines and decimal commas are errors, not guesses") {
  struct Case {
    const char* arguments;
    const char* input;
    int exit_code;
    const char* message;
  } cases[] = {
      {"sum -", "1.5x\n2\n", 1, "fpx: stdin:1: '1.5x' is neither a number nor a column name\n"},
      {"sum -", "1,000.5\n2\n", 2,
       "fpx: stdin:1: 2 fields (comma-separated), but one column is read: choose with --columns "
       "(fpx reads '.' as the decimal point: '1,5' is two fields)\n"},
      {"sum -", "1,5\n2,5\n", 2,
       "fpx: stdin:1: 2 fields (comma-separated), but one column is read: choose with --columns "
       "(fpx reads '.' as the decimal point: '1,5' is two fields)\n"},
      {"sum - --columns y", "x,y,y\n1,2,3\n", 1, nullptr},  // a repeated name
      {"sum - --columns 0", "x,2\n1,2\n", 1, nullptr},      // a name beside a number
      {"dot -", "1,2\n3\n", 1, "fpx: stdin:2: expected at least 2 column(s), found 1\n"},
  };
  for (const Case& c : cases) {
    const std::string arguments = c.arguments, input = c.input;
    CAPTURE(arguments);
    CAPTURE(input);
    const Run run = fpx(arguments, input);
    CHECK(run.exit_code == c.exit_code);
    CHECK(run.out == "");
    check_one_clean_line(run);
    if (c.message) CHECK(run.err == c.message);
  }
  const Run repeated = fpx("sum - --columns y", "x,y,y\n1,2,3\n");
  CHECK(repeated.err.find("'y'") != std::string::npos);
}

TEST_CASE("hostile sum: a header, the columns and skipped lines are visible in text and JSON") {
  const std::string data = "# prices\nname;price\n\na;0.5\nb;0.25\n";
  const Run text = fpx("sum - --columns price --strategy serial", data);
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find("header line 'name;price'") != std::string::npos);
  const auto json = nlohmann::json::parse(fpx("sum - --columns price --json", data).out);
  CHECK(json["inputs"]["header"] == "name;price");
  CHECK(json["inputs"]["columns"] == nlohmann::json::array({"price"}));
  CHECK(json["inputs"]["delimiter"] == "semicolon");
  CHECK(json["inputs"]["skipped_lines"] == 2);
  CHECK(json["n"] == 2);
}

TEST_CASE("hostile bits: a hex float of 300,000 digits reads as the number written") {
  const std::string zeros(300000, '0');
  // Read from stdin: the shell limits one argument to 128 KiB.
  const Run one = fpx("bits - --json", "0x1." + zeros + "p0\n");
  REQUIRE(one.exit_code == 0);
  CHECK(nlohmann::json::parse(one.out)["hex"] == "0x3F800000");
  // The same with a last 1 far below binary32's precision rounds up only
  // toward +infinity.
  CHECK(nlohmann::json::parse(fpx("bits - --json", "0x1." + zeros + "1p0\n").out)["hex"] ==
        "0x3F800000");
  CHECK(nlohmann::json::parse(
            fpx("bits - --round rup --json", "0x1." + zeros + "1p0\n").out)["hex"] == "0x3F800001");
}

TEST_CASE("hostile sum: a number beyond 10^1000 is rounded, its exact sum said not computed") {
  const Run run = fpx("sum - --strategy serial --json", "1e2000\n1\n");
  REQUIRE(run.exit_code == 0);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(json["exact_data"]["decimal"].is_null());
  CHECK(json["results"][0]["hex"] == "0x7F800000");
  CHECK(json["results"][0]["against_data"]["error_ulps"].is_null());
  const Run ratio = fpx("bits 1e2000/1e1999");  // would read as 1 if the parts stood in
  CHECK(ratio.exit_code == 2);
  check_one_clean_line(ratio);
}

// Class 3: small arguments that asked for unbounded resources.
TEST_CASE("hostile sizes: refused before anything is allocated or read") {
  struct Case {
    const char* arguments;
    const char* input;
    const char* message;
  } cases[] = {
      {"table tensor --k -5", "", "fpx: table: --k: '-5' is not a nonnegative decimal integer\n"},
      {"mma --arch h200 --in bf16 --k 2147483647", "",
       "fpx: mma: --k: '2147483647' is out of range (1 to 1048576)\n"},
      {"table tensor --k 0", "", "fpx: table: --k: '0' is out of range (1 to 1048576)\n"},
      // The combination is refused before the data is read: the data here is
      // not even numbers.
      {"dot - --strategy mma:v100 --format bfloat16", "not\na\nnumber\n", nullptr},
  };
  for (const Case& c : cases) {
    const std::string arguments = c.arguments;
    CAPTURE(arguments);
    const Run run = fpx(arguments, c.input);
    CHECK(run.exit_code == 2);
    CHECK(run.out == "");
    check_one_clean_line(run);
    if (c.message) CHECK(run.err == c.message);
  }
}

TEST_CASE("hostile sizes: strided with 2^28 lanes on 3 values stores only the lanes it fills") {
  const Run run = fpx("sum - --strategy strided:268435456 --json", "1\n2\n3\n");
  REQUIRE(run.exit_code == 0);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(json["results"][0]["strategy"] == "strided:268435456");
  CHECK(json["results"][0]["hex"] == "0x40C00000");
}

TEST_CASE("hostile sizes: a number of 4 million digits is read and rounded") {
  // 1.000...0001 with 4e6 digits: the last digit is far below every
  // format's precision, so nearest gives 1 and toward +inf the next value.
  const std::string number = "1." + std::string(4000000, '0') + "1";
  const std::string file = temporary_file("long_number.txt", number + "\n");
  const Run run = fpx("sum " + file + " --strategy serial --round rup --json");
  REQUIRE(run.exit_code == 0);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(json["results"][0]["hex"] == "0x3F800001");
  CHECK(json["inputs"]["truncated"] == 1);
  CHECK(json["exact_data"]["exactly"] == false);
}

// Class 4: integer options are decimal and range-checked.
TEST_CASE("hostile options: integers are decimal, in range, named in the message") {
  struct Case {
    const char* arguments;
    const char* message;
  } cases[] = {
      {"sum - --seed -1", "fpx: sum: --seed: '-1' is not a nonnegative decimal integer\n"},
      {"sum - --seed 18446744073709551616",
       "fpx: sum: --seed: '18446744073709551616' is out of range (0 to 18446744073709551615)\n"},
      {"table tensor --k 0x10", "fpx: table: --k: '0x10' is not a nonnegative decimal integer\n"},
      {"perceptron - --label y --epochs 0x10",
       "fpx: perceptron: --epochs: '0x10' is not a nonnegative decimal integer\n"},
      {"regress - --degree -2",
       "fpx: regress: --degree: '-2' is not a nonnegative decimal integer\n"},
      {"table tensor --k 1e3", "fpx: table: --k: '1e3' is not a nonnegative decimal integer\n"},
  };
  for (const Case& c : cases) {
    const std::string arguments = c.arguments;
    CAPTURE(arguments);
    const Run run = fpx(arguments, "1\n");
    CHECK(run.exit_code == 2);
    CHECK(run.out == "");
    CHECK(run.err == c.message);
  }
  // A leading zero is decimal, not octal: --k 064 is 64.
  const Run decimal = fpx("table tensor --k 064");
  CHECK(decimal.exit_code == 0);
  CHECK(decimal.out.find("One dot product of 64 binary32 pairs") != std::string::npos);
}

// Class 5: messages.
TEST_CASE("hostile messages: input is quoted escaped and cut, never split over lines") {
  const Run newline = fpx("bits \"$(printf '1\\n2')\"");
  CHECK(newline.exit_code == 2);
  check_one_clean_line(newline);
  CHECK(newline.err.find("'1\\n2'") != std::string::npos);
  const Run control = fpx("bits \"$(printf '\\377\\001abc')\"");
  CHECK(control.exit_code == 2);
  check_one_clean_line(control);
  CHECK(control.err.find("'\\xFF\\x01abc'") != std::string::npos);
  // A field of a million characters gives a short message.
  const std::string file = temporary_file("long_field.txt", std::string(1000000, '1') + "x\n2\n");
  const Run long_field = fpx("sum " + file);
  CHECK(long_field.exit_code == 1);
  check_one_clean_line(long_field);
  CHECK(long_field.err.size() < 300);
}

TEST_CASE("hostile messages: negative values are values") {
  const Run run = fpx("bits -inf -nan -.5 --json");
  REQUIRE(run.exit_code == 0);
  CHECK(run.err == "");
  const auto json = nlohmann::json::parse(run.out);
  REQUIRE(json.size() == 3);
  CHECK(json[0]["hex"] == "0xFF800000");
  CHECK(json[1]["hex"] == "0xFFC00000");
  CHECK(json[2]["hex"] == "0xBF000000");
  const Run op = fpx("op add -1 -.5 --round rne --json");
  REQUIRE(op.exit_code == 0);
  CHECK(nlohmann::json::parse(op.out)["results"][0]["hex"] == "0xBFC00000");
}

TEST_CASE("hostile messages: unknown commands, options and names are named with suggestions") {
  struct Case {
    const char* arguments;
    const char* phrase;
  } cases[] = {
      {"nosuchcommand", "unknown command 'nosuchcommand'"},
      {"bit 1", "did you mean bits?"},
      {"bits 1 --formt binary32", "--formt"},
      {"bits 1 --format binary33", "binary33"},
      {"sum - --strategy kahn", "did you mean kahan?"},
  };
  for (const Case& c : cases) {
    const std::string arguments = c.arguments;
    CAPTURE(arguments);
    const Run run = fpx(arguments, "1\n");
    CHECK(run.exit_code == 2);
    check_one_clean_line(run);
    CHECK(run.err.find(c.phrase) != std::string::npos);
  }
}

TEST_CASE("hostile messages: an unknown column is a usage error") {
  const Run sum = fpx("sum - --columns price", "name,value\na,1\n");
  CHECK(sum.exit_code == 2);
  check_one_clean_line(sum);
  CHECK(sum.err.find("'price'") != std::string::npos);
  const Run index = fpx("sum - --columns 5", "1,2\n3,4\n");
  CHECK(index.exit_code == 2);
  check_one_clean_line(index);
}

TEST_CASE("hostile messages: JSON with text that is not UTF-8 still parses") {
  const Run run = fpx("sum - --json", "x\xFFz\n1\n2\n");
  REQUIRE(run.exit_code == 0);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(json["inputs"]["header"] == "x\xEF\xBF\xBDz");  // U+FFFD for the bad byte
  CHECK(json["n"] == 2);
}

// Class 6: output that cannot be written, input that cannot be read.
TEST_CASE("hostile output: a full disk is an error for every command") {
  const std::string input = temporary_file("write_input.txt", "1\n2\n");
  for (std::string arguments :
       {"bits 1", "op add 1 2", "assoc", "lecture", "sum -", "dot --a '1 2' --b '3 4'",
        "table whitepaper", "table tensor", "cost", "nist", "synthetic --N 3 --d 1"}) {
    CAPTURE(arguments);
    const Run run = fpx_redirected(arguments, input, "/dev/full");
    CHECK(run.exit_code == 1);
    CHECK(run.err == "fpx: cannot write the output: No space left on device\n");
  }
  const std::string batch_input = temporary_file("write_batch.txt", "add rne 3F800000 3F800000\n");
  const Run batch = fpx_redirected("batch", batch_input, "/dev/full");
  CHECK(batch.exit_code == 1);
  CHECK(batch.err.find("cannot write") != std::string::npos);
  const std::string mma_input =
      temporary_file("write_mma.txt",
                     "3F80 3F80 3F80 3F80 3F80 3F80 3F80 3F80 3F80 3F80 3F80 3F80 3F80 3F80 "
                     "3F80 3F80 3F80 3F80 3F80 3F80 3F80 3F80 3F80 3F80 3F80 3F80 3F80 3F80 "
                     "3F80 3F80 3F80 3F80 00000000\n");
  const Run mma = fpx_redirected("mma --arch h100 --in bf16", mma_input, "/dev/full");
  CHECK(mma.exit_code == 1);
  CHECK(mma.err.find("cannot write") != std::string::npos);
}

TEST_CASE("hostile input: a directory as stdin is a read error") {
  for (std::string arguments : {"batch", "mma --arch h100 --in bf16", "sum -"}) {
    CAPTURE(arguments);
    const Run run = fpx_redirected(arguments, "/");
    CHECK(run.exit_code == 1);
    CHECK(run.out == "");
    check_one_clean_line(run);
  }
}

// Valid lines around a bad one are still answered.
TEST_CASE("hostile lines: batch and mma answer every valid line") {
  const Run batch =
      fpx("batch", "add rne 3F800000 3F800000\nadd rne 3F800000\nmul rne 0x40000000 0x40400000\n");
  CHECK(batch.exit_code == 1);
  CHECK(batch.out == "40000000 00\n40C00000 00\n");
  CHECK(batch.err == "fpx batch: line 2: add needs 2 operands, got 1\n");
  std::string ones;
  for (int i = 0; i < 32; ++i) ones += "3F80 ";
  const Run mma = fpx("mma --arch h100 --in bf16", ones + "0\nxyz line\n" + ones + "1.5\n");
  CHECK(mma.exit_code == 1);
  CHECK(mma.out == "41800000\n418C0000\n");  // 16 and 17.5
  // The bad line's operands are not counted among those given as numbers.
  CHECK(mma.err ==
        "fpx mma: line 2: field 1 'xyz' is not hex\n"
        "fpx mma: 2 operand(s) given as numbers, 0 of them changed by rounding to nearest into "
        "bfloat16 (C and D: binary32)\n");
}

// Color never moves a column.
TEST_CASE("hostile color: forced color keeps every column where it is without color") {
  for (std::string arguments :
       {"bits 1 --format all", "bits 0.1 -inf --round all", "op add 1 1e-8", "assoc", "lecture",
        "table whitepaper", "sum - --strategy all", "op div 1 3 --format all"}) {
    CAPTURE(arguments);
    const Run colored = fpx(arguments + " --color always", "1\n2.5\n-3\n");
    const Run plain = fpx(arguments + " --color never", "1\n2.5\n-3\n");
    REQUIRE(plain.exit_code == 0);
    CHECK(without_color(colored.out) == plain.out);
  }
}
