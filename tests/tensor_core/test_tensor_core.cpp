// The tensor-core model (include/fpx/tensor_core/): every line of the real
// H200 samples (tests/data/h200) reproduced
// bit for bit; the model's own properties; hand-computed cases for the
// parameter sets taken from the papers (V100, A100, B200, Hopper wgmma); the
// `fpx mma` command line.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "fpx/summation/exact_accumulator.hpp"
#include "fpx/tensor_core/explanation.hpp"
#include "fpx/tensor_core/model.hpp"

using namespace fpx;

namespace {

struct SampleFile {
  const char* name;
  TensorCoreInput input;
  std::size_t k;
  int lines;
  const char* folder = "h200";
};

// The line counts of the H200 sample files (tests/data/h200).
constexpr SampleFile sample_files[] = {
    {"mma_f16_f32.txt", TensorCoreInput::F16, 16, 512},
    {"mma_bf16_f32.txt", TensorCoreInput::BF16, 16, 512},
    {"mma_tf32_f32.txt", TensorCoreInput::TF32, 8, 512},
    {"mma_e4m3_f32.txt", TensorCoreInput::E4M3, 32, 256},
    {"mma_e5m2_f32.txt", TensorCoreInput::E5M2, 32, 256},
    {"torch_mm_f16_k64.txt", TensorCoreInput::F16, 64, 64},
    {"torch_mm_bf16_k64.txt", TensorCoreInput::BF16, 64, 64},
};

// Fresh torch.mm samples made on an H200 by tools/h200_torch_mm.py
// (tests/data/h200_torch_mm/README.md): deeper K than the shared samples.
constexpr SampleFile fresh_torch_files[] = {
    {"torch_mm_bf16_k64.txt", TensorCoreInput::BF16, 64, 256, "h200_torch_mm"},
    {"torch_mm_bf16_k256.txt", TensorCoreInput::BF16, 256, 256, "h200_torch_mm"},
    {"torch_mm_bf16_k1024.txt", TensorCoreInput::BF16, 1024, 64, "h200_torch_mm"},
    {"torch_mm_f16_k64.txt", TensorCoreInput::F16, 64, 256, "h200_torch_mm"},
    {"torch_mm_f16_k256.txt", TensorCoreInput::F16, 256, 256, "h200_torch_mm"},
    {"torch_mm_f16_k1024.txt", TensorCoreInput::F16, 1024, 64, "h200_torch_mm"},
};

struct Replay {
  int lines = 0;
  int malformed = 0;
  int mismatches = 0;
  std::string first_mismatch;
};

Replay replay(const SampleFile& file, TensorCoreArch arch) {
  const TensorCoreModel model(
      {arch, TensorCoreInstruction::Mma, file.input, TensorCoreOutput::F32});
  std::ifstream in(std::string(FPX_TEST_DATA_DIR) + "/" + file.folder + "/" + file.name);
  Replay r;
  std::string line;
  std::vector<std::uint64_t> a(file.k), b(file.k), fields;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++r.lines;
    std::istringstream words(line);
    std::string word;
    fields.clear();
    while (words >> word) fields.push_back(std::stoull(word, nullptr, 16));
    if (fields.size() != 2 * file.k + 2) {
      ++r.malformed;
      continue;
    }
    for (std::size_t k = 0; k < file.k; ++k) {
      a[k] = fields[k];
      b[k] = fields[file.k + k];
      if (file.input == TensorCoreInput::TF32) {
        auto ta = tf32_from_binary32_container(std::uint32_t(a[k]));
        auto tb = tf32_from_binary32_container(std::uint32_t(b[k]));
        if (!ta || !tb) {
          ++r.malformed;
          continue;
        }
        a[k] = *ta;
        b[k] = *tb;
      }
    }
    const std::uint64_t d = model.compute(a, b, fields[2 * file.k]);
    if (d != fields[2 * file.k + 1]) {
      if (r.mismatches == 0) r.first_mismatch = line;
      ++r.mismatches;
    }
  }
  return r;
}

std::uint64_t run(TensorCoreArch arch, TensorCoreInput input, const std::vector<std::uint64_t>& a,
                  const std::vector<std::uint64_t>& b, std::uint64_t c = 0,
                  TensorCoreInstruction instruction = TensorCoreInstruction::Mma,
                  TensorCoreOutput output = TensorCoreOutput::F32) {
  return TensorCoreModel({arch, instruction, input, output}).compute(a, b, c);
}

std::vector<std::uint64_t> repeat(std::uint64_t value, std::size_t count) {
  return std::vector<std::uint64_t>(count, value);
}

// binary32 1 + fraction * 2^-23 times 2^exponent.
constexpr std::uint64_t b32(int exponent, std::uint64_t fraction) {
  return (std::uint64_t(exponent + 127) << 23) | fraction;
}

// binary32 bit pattern as a TF32 (19-bit) one.
std::uint64_t tf(std::uint32_t container) { return *tf32_from_binary32_container(container); }

}  // namespace

// Every line of every file reproduced by the H200 parameters.
void check_reproduced(std::span<const SampleFile> files) {
  for (const SampleFile& file : files) {
    CAPTURE(file.name);
    const Replay r = replay(file, TensorCoreArch::H200);
    CHECK(r.lines == file.lines);
    CHECK(r.malformed == 0);
    CHECK(r.mismatches == 0);
    CHECK(r.first_mismatch == "");
  }
}

TEST_CASE("tensor core H200 samples reproduced bit for bit") { check_reproduced(sample_files); }

TEST_CASE("tensor core fresh H200 torch.mm samples up to K 1024 reproduced bit for bit") {
  check_reproduced(fresh_torch_files);
}

TEST_CASE("tensor core H100 shares the H200 parameters") {
  for (const SampleFile& file : sample_files) {
    CAPTURE(file.name);
    CHECK(replay(file, TensorCoreArch::H100).mismatches == 0);
  }
  auto h100 = tensor_core_parameters({TensorCoreArch::H100});
  REQUIRE(h100);
  CHECK(h100->checked_on_hardware);
}

TEST_CASE("tensor core samples tell the model's choices apart") {
  // The same files with the published parameters of other GPUs: F = 24 or
  // 23 and B = 8 or 4 do not reproduce the H200 (so the samples pin F and B).
  const Replay a100_f16 = replay(sample_files[0], TensorCoreArch::A100);
  const Replay v100_f16 = replay(sample_files[0], TensorCoreArch::V100);
  const Replay a100_tf32 = replay(sample_files[2], TensorCoreArch::A100);
  CHECK(a100_f16.mismatches > 100);
  CHECK(v100_f16.mismatches > 100);
  CHECK(a100_tf32.mismatches > 50);
}

TEST_CASE("tensor core aligned exactly representable terms give the exact sum") {
  // Integers 1..255 are exact in bfloat16; products below 2^16, sums below
  // 2^21: every term lies on the grid of 2^(E-25) and the sum fits binary32.
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  auto bf16_integer = [](std::uint64_t n, bool negative) {
    // n in [1, 255]: exponent e, significand n / 2^e in [1, 2).
    int e = 0;
    while ((n >> (e + 1)) != 0) ++e;
    const std::uint64_t fraction = ((n << 7) >> e) & 0x7F;
    return (negative ? 0x8000u : 0u) | (std::uint64_t(e + 127) << 7) | fraction;
  };
  const TensorCoreModel model({TensorCoreArch::H200, TensorCoreInstruction::Mma,
                               TensorCoreInput::BF16, TensorCoreOutput::F32});
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<std::uint64_t> a(16), b(16);
    ExactAccumulator exact(bfloat16);
    for (int k = 0; k < 16; ++k) {
      a[std::size_t(k)] = bf16_integer(1 + next() % 255, next() % 2);
      b[std::size_t(k)] = bf16_integer(1 + next() % 255, false);
      exact.add_product(a[std::size_t(k)], b[std::size_t(k)]);
    }
    CHECK(model.compute(a, b, 0) == exact.round(binary32, Rounding::NearestEven).bits);
  }
  // A hand-written block: 1*2 + 3*4 + ... with C = 0.5.
  std::vector<std::uint64_t> a = {0x3F80, 0x4040, 0x40A0, 0xC0E0};  // 1 3 5 -7
  std::vector<std::uint64_t> b = {0x4000, 0x4080, 0x40C0, 0x4100};  // 2 4 6 8
  // 2 + 12 + 30 - 56 + 0.5 = -11.5
  CHECK(model.compute(a, b, 0x3F000000) == 0xC1380000);
}

TEST_CASE("tensor core result is not monotonic in one input") {
  // C grows by one unit in the last place, from 2 - 2^-23 to 2. Its
  // exponent raises E from 0 to 1, and each of the 16 products
  // 2^-5 (1 + 2^-10)^2 = 2^-5 + 2^-14 + 2^-25 loses its 2^-25 bit (the cut
  // moves from 2^-25 to 2^-24): D drops from 2.5 + 2^-10 + 2^-22 to 2.5 + 2^-10.
  const auto a = repeat(0x2801, 16);  // 2^-5 (1 + 2^-10) in binary16
  const auto b = repeat(0x3C01, 16);  // 1 + 2^-10
  const std::uint64_t low = run(TensorCoreArch::H200, TensorCoreInput::F16, a, b, 0x3FFFFFFF);
  const std::uint64_t high = run(TensorCoreArch::H200, TensorCoreInput::F16, a, b, 0x40000000);
  CHECK(low == b32(1, (std::uint64_t{1} << 21) | (1u << 12) | 1));  // 2.5 + 2^-10 + 2^-22
  CHECK(high == b32(1, (std::uint64_t{1} << 21) | (1u << 12)));     // 2.5 + 2^-10
  CHECK(high < low);

  // The same through A_0, over two blocks (K = 32): A_0 B_0 = (1 + 2^-9)
  // 2^-14 lifts block 1's result from 2 - 2^-23 to 2, and block 2 (16 times
  // the products above) then loses 16 x 2^-25.
  std::vector<std::uint64_t> a2(32, 0), b2(32, 0);
  b2[0] = 0x0400;  // 2^-14
  for (std::size_t k = 16; k < 32; ++k) {
    a2[k] = 0x2801;
    b2[k] = 0x3C01;
  }
  const std::uint64_t c = b32(0, 0x7FFFFF - (1u << 9));  // 2 - 2^-14 - 2^-23
  a2[0] = 0x3C01;                                        // 1 + 2^-10
  const std::uint64_t before = run(TensorCoreArch::H200, TensorCoreInput::F16, a2, b2, c);
  a2[0] = 0x3C02;  // 1 + 2^-9, the next binary16 number
  const std::uint64_t after = run(TensorCoreArch::H200, TensorCoreInput::F16, a2, b2, c);
  CHECK(before == low);
  CHECK(after == high);
  CHECK(after < before);
}

TEST_CASE("tensor core TF32 inputs with low bits set are rejected") {
  CHECK(tf32_from_binary32_container(0x3F800000) == std::optional<std::uint64_t>(0x3F800000 >> 13));
  CHECK_FALSE(tf32_from_binary32_container(0x3F800001));
  CHECK_FALSE(tf32_from_binary32_container(0x3F801000));
  CHECK(tf32_from_binary32_container(0x3F802000));
  CHECK(tf32_to_binary32_container(tf(0xC77F6000)) == 0xC77F6000);
}

TEST_CASE("tensor core F of 23 and 25 truncate differently") {
  // V100 (B = 4, F = 23) against H100 mma (F = 25) and A100 (F = 24), one
  // block of 4 binary16 products with C = 0:
  //   1 x 1 = 1, and 3 x 2^-4 (1 + 2^-10)^2 = 3 x (2^-4 + 2^-13 + 2^-24).
  // E = 0. F = 25 and F = 24 keep the 2^-24 bits: 1 + 3 (2^-4 + 2^-13) +
  // 3 x 2^-24, rounded toward zero to binary32 (last place 2^-23), adds
  // 2^-23. F = 23 drops them.
  const std::vector<std::uint64_t> a = {0x3C00, 0x2C01, 0x2C01, 0x2C01};  // 1, 2^-4 (1 + 2^-10)
  const std::vector<std::uint64_t> b = {0x3C00, 0x3C01, 0x3C01, 0x3C01};  // 1, 1 + 2^-10
  const std::uint64_t kept = b32(0, (3u << 19) | (3u << 10) | 1);
  const std::uint64_t dropped = b32(0, (3u << 19) | (3u << 10));
  CHECK(run(TensorCoreArch::H100, TensorCoreInput::F16, a, b) == kept);
  CHECK(run(TensorCoreArch::A100, TensorCoreInput::F16, a, b) == kept);
  CHECK(run(TensorCoreArch::V100, TensorCoreInput::F16, a, b) == dropped);
  CHECK(run(TensorCoreArch::B200, TensorCoreInput::F16, a, b) == kept);
}

TEST_CASE("tensor core F of 24 and 25 truncate differently") {
  // A100 (B = 8, F = 24) against H100 (F = 25): 1 + 7 x 2^-5 (1 + 2^-10)^2
  // = 1 + 7 (2^-5 + 2^-14) + 7 x 2^-25. F = 25 keeps 7 x 2^-25 = 1.75 units
  // of 2^-23: one more last-place unit after truncation. F = 24 drops them.
  std::vector<std::uint64_t> a = repeat(0x2801, 8), b = repeat(0x3C01, 8);
  a[0] = b[0] = 0x3C00;
  const std::uint64_t base = (7u << 18) | (7u << 9);  // 7 (2^-5 + 2^-14) in units of 2^-23
  CHECK(run(TensorCoreArch::H100, TensorCoreInput::F16, a, b) == b32(0, base + 1));
  CHECK(run(TensorCoreArch::A100, TensorCoreInput::F16, a, b) == b32(0, base));
}

TEST_CASE("tensor core blocks of 4 and 8 change the result") {
  // The same values as binary16 and TF32: k = 0..6: 0.1875 x 2^-12 =
  // 1.5 x 2^-15 (nominal exponent -15); k = 7: 32 x 32 = 2^10.
  std::vector<std::uint64_t> a16 = repeat(0x3200, 8), b16 = repeat(0x0C00, 8);
  a16[7] = b16[7] = 0x5000;
  std::vector<std::uint64_t> a32 = repeat(tf(0x3E400000), 8), b32v = repeat(tf(0x39800000), 8);
  a32[7] = b32v[7] = tf(0x42000000);
  // A100, F = 24 for both (cut at 2^(10-24) = 2^-14 once 2^10 is in the block).
  //   binary16, B = 8: one block, E = 10: each 1.5 x 2^-15 is 0.75 of the
  //   cut's unit and goes: D = 2^10.
  //   TF32, B = 4: block 1 (k 0..3, E = -15) adds its terms exactly, 6 x
  //   2^-15 = 2^-13 + 2^-14; block 2 (E = 10) keeps that accumulator whole and
  //   drops k 4..6: 2^10 + 1.5 x 2^-13, toward zero (last place 2^-13):
  //   2^10 + 2^-13.
  CHECK(run(TensorCoreArch::A100, TensorCoreInput::F16, a16, b16) == 0x44800000);
  CHECK(run(TensorCoreArch::A100, TensorCoreInput::TF32, a32, b32v) == 0x44800001);
  // H100 TF32, F = 25 (cut at 2^-15), which keeps 2^-15 of each 1.5 x 2^-15:
  //   mma.sync, B = 4: 2^10 + 1.5 x 2^-13 (block 1) + 3 x 2^-15 (k 4..6) =
  //   2^10 + 2.25 x 2^-13 -> 2^10 + 2 x 2^-13.
  //   wgmma, B = 8: 2^10 + 7 x 2^-15 = 2^10 + 1.75 x 2^-13 -> 2^10 + 2^-13.
  CHECK(run(TensorCoreArch::H100, TensorCoreInput::TF32, a32, b32v) == 0x44800002);
  CHECK(run(TensorCoreArch::H100, TensorCoreInput::TF32, a32, b32v, 0,
            TensorCoreInstruction::Wgmma) == 0x44800001);
}

TEST_CASE("tensor core wgmma TF32 blocks of 8 differ from mma blocks of 4") {
  // k = 0..3: 1.75 x 2^-15 each (1.75 = 0x3FE00000, 2^-15 = 0x38000000),
  // k = 4: 32 x 32 = 2^10, k = 5..7: 1.75 x 2^-15 again. Cut at 2^-15.
  //   mma (B = 4): block 1 adds k 0..3 exactly: 7 x 2^-15 = 2^-13 + 2^-14 +
  //   2^-15, kept whole in block 2 with 2^10 and three cut terms (2^-15 each):
  //   2^10 + 10 x 2^-15 = 2^10 + 2^-12 + 2^-14 -> 2^10 + 2 x 2^-13.
  //   wgmma (B = 8): all eight products meet 2^10: seven cut to 2^-15:
  //   2^10 + 7 x 2^-15 -> 2^10 + 2^-13.
  std::vector<std::uint64_t> a = repeat(tf(0x3FE00000), 8), b = repeat(tf(0x38000000), 8);
  a[4] = b[4] = tf(0x42000000);
  CHECK(run(TensorCoreArch::H100, TensorCoreInput::TF32, a, b) == 0x44800002);
  CHECK(run(TensorCoreArch::H100, TensorCoreInput::TF32, a, b, 0, TensorCoreInstruction::Wgmma) ==
        0x44800001);
  // A100 TF32 (B = 4, F = 24, cut 2^-14): block 1 gives 7 x 2^-15 (E = -15),
  // block 2 keeps 2^-13 + 2^-14 of it, drops k 5..7: 2^10 + 1.5 x 2^-13 ->
  // 2^10 + 2^-13.
  CHECK(run(TensorCoreArch::A100, TensorCoreInput::TF32, a, b) == 0x44800001);
}

TEST_CASE("tensor core wgmma fp8 keeps 13 fraction bits and B200 keeps 25") {
  // e4m3: 1.125 = 0x39, 2^-6 = 0x08, 2^-7 = 0x04 (subnormal).
  // k = 0..30: 1.125 x 1.125 = 1.265625; k = 31: 2^-7 x 2^-6 = 2^-13.
  // E = 0 (nominal exponents 0 and -6 - 6 = -12), the cut at 2^-13 (F = 13)
  // keeps everything: 31 x 1.265625 + 2^-13 = 39.234375 + 2^-13. The block
  // result keeps 13 fraction bits below 2^5 (last place 2^-8): 39.234375.
  // B200 (F = 25, binary32): 39.234375 + 2^-13.
  std::vector<std::uint64_t> a = repeat(0x39, 32), b = repeat(0x39, 32);
  a[31] = 0x04;
  b[31] = 0x08;
  const std::uint64_t truncated = 0x421CF000;        // 39.234375
  const std::uint64_t full = truncated | (1u << 5);  // + 2^-13 (last place 2^-18)
  CHECK(run(TensorCoreArch::H100, TensorCoreInput::E4M3, a, b, 0, TensorCoreInstruction::Wgmma) ==
        truncated);
  CHECK(run(TensorCoreArch::B200, TensorCoreInput::E4M3, a, b) == full);
  CHECK(run(TensorCoreArch::B200, TensorCoreInput::E4M3, a, b, 0, TensorCoreInstruction::Wgmma) ==
        full);
  // The cut itself: 1 x 1 + 1.125 x 2^-6 x 1.125 x 2^-6 = 1 + 1.265625 x
  // 2^-12 (bits 2^-12, 2^-14, 2^-18). F = 13 keeps 2^-12 only; F = 25 keeps all.
  std::vector<std::uint64_t> a2 = {0x38, 0x09}, b2 = {0x38, 0x09};
  CHECK(run(TensorCoreArch::H100, TensorCoreInput::E4M3, a2, b2, 0, TensorCoreInstruction::Wgmma,
            TensorCoreOutput::F32) == b32(0, 1u << 11));
  CHECK(run(TensorCoreArch::B200, TensorCoreInput::E4M3, a2, b2) ==
        b32(0, (1u << 11) | (1u << 9) | (1u << 5)));
}

TEST_CASE("tensor core fp8 mma splits by k div 2 and adds C to nearest") {
  // e5m2: 1 = 0x3C, 1.5 x 2^-13 = 0x0A, 2^-13 = 0x08. Sixteen products
  // 1.5 x 2^-26 at the k with (k div 2) even (0, 1, 4, 5, ..., 29), and
  // 1 x 1 at k = 2.
  std::vector<std::uint64_t> a(32, 0), b(32, 0);
  for (std::size_t k = 0; k < 32; ++k)
    if ((k / 2) % 2 == 0) {
      a[k] = 0x0A;
      b[k] = 0x08;
    }
  a[2] = b[2] = 0x3C;
  // H200 mma.sync: fp16 MMA 1 holds only the small products and adds them
  // exactly: 16 x 1.5 x 2^-26 = 1.5 x 2^-22. MMA 2 meets 1 (E = 0, cut at
  // 2^-25) and keeps that accumulator whole: 1 + 3 x 2^-23.
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::E5M2, a, b) == 0x3F800003);
  // One block of 32 (B200, F = 25; Hopper wgmma, F = 13): each small product
  // is below the cut and goes: 1.
  CHECK(run(TensorCoreArch::B200, TensorCoreInput::E5M2, a, b) == 0x3F800000);
  CHECK(run(TensorCoreArch::H100, TensorCoreInput::E5M2, a, b, 0, TensorCoreInstruction::Wgmma) ==
        0x3F800000);

  // C is added last, rounding to nearest: e5m2 3 = 0x42, 2^-8 = 0x1C,
  // 2^-5 = 0x28, 2^-4 = 0x2C. MMA 1: 3 x 2^-8 + 2^-9 = 0x1C000 x 2^-23.
  // C = 1 - 2^-24: 1 + (0x1C000 - 0.5) x 2^-23, a tie, to even: 0x3F81C000
  // (toward zero, as inside a block, it would be 0x3F81BFFF).
  std::vector<std::uint64_t> a2(32, 0), b2(32, 0);
  a2[0] = 0x42;
  b2[0] = 0x1C;
  a2[1] = 0x28;
  b2[1] = 0x2C;
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::E5M2, a2, b2, 0x3F7FFFFF) == 0x3F81C000);
  CHECK(run(TensorCoreArch::B200, TensorCoreInput::E5M2, a2, b2, 0x3F7FFFFF) == 0x3F81BFFF);
}

TEST_CASE("tensor core binary16 output rounds to nearest even") {
  // 1 + 3 x 2^-12 (2^-12 = 0x0C00): binary16's last place above 1 is 2^-10,
  // 3 x 2^-12 = 0.75 of it: nearest gives 1 + 2^-10 (toward zero would give 1).
  std::vector<std::uint64_t> a = {0x3C00, 0x4200}, b = {0x3C00, 0x0C00};
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::F16, a, b, 0, TensorCoreInstruction::Mma,
            TensorCoreOutput::F16) == 0x3C01);
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::F16, a, b) == b32(0, 3u << 11));
}

TEST_CASE("tensor core special values give the documented results") {
  const std::vector<std::uint64_t> one = {0x3F80, 0x3F80};
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::BF16, {0x7FC0, 0x3F80}, one) == 0x7FFFFFFF);
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::BF16, {0x7F80, 0x3F80}, {0x0000, 0x3F80}) ==
        0x7FFFFFFF);  // inf x 0
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::BF16, {0x7F80, 0xFF80}, one) ==
        0x7FFFFFFF);  // inf - inf
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::BF16, {0xFF80, 0x3F80}, one) == 0xFF800000);
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::BF16, one, one, 0x7F800000) == 0x7F800000);
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::BF16, one, one, 0x7FC00000) == 0x7FFFFFFF);
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::E4M3, {0x7F}, {0x38}) == 0x7FFFFFFF);
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::F16, {0x7C00}, {0x3C00}, 0,
            TensorCoreInstruction::Mma, TensorCoreOutput::F16) == 0x7C00);
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::F16, {0x7E00}, {0x3C00}, 0,
            TensorCoreInstruction::Mma, TensorCoreOutput::F16) == 0x7FFF);
  // Overflow of a finite sum: infinity (bfloat16 2^127 x 2^127).
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::BF16, {0x7F00}, {0x7F00}) == 0x7F800000);
  // Exact cancellation and all-zero blocks: +0.
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::BF16, {0x3F80, 0xBF80}, one) == 0);
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::BF16, {0x8000, 0x8000}, one) == 0);
}

TEST_CASE("tensor core configurations and partial blocks") {
  CHECK_FALSE(tensor_core_parameters({TensorCoreArch::V100, TensorCoreInstruction::Mma,
                                      TensorCoreInput::BF16, TensorCoreOutput::F32}));
  CHECK_FALSE(tensor_core_parameters({TensorCoreArch::A100, TensorCoreInstruction::Mma,
                                      TensorCoreInput::E4M3, TensorCoreOutput::F32}));
  CHECK_FALSE(tensor_core_parameters({TensorCoreArch::A100, TensorCoreInstruction::Wgmma,
                                      TensorCoreInput::F16, TensorCoreOutput::F32}));
  CHECK_THROWS_AS(TensorCoreModel({TensorCoreArch::V100, TensorCoreInstruction::Mma,
                                   TensorCoreInput::TF32, TensorCoreOutput::F32}),
                  std::invalid_argument);
  auto v100 = tensor_core_parameters({TensorCoreArch::V100, TensorCoreInstruction::Mma,
                                      TensorCoreInput::F16, TensorCoreOutput::F32});
  REQUIRE(v100);
  CHECK(v100->block_size == 4);
  CHECK(v100->fraction_bits == 23);
  CHECK_FALSE(v100->checked_on_hardware);
  auto wg = tensor_core_parameters({TensorCoreArch::H100, TensorCoreInstruction::Wgmma,
                                    TensorCoreInput::E5M2, TensorCoreOutput::F32});
  REQUIRE(wg);
  CHECK(wg->block_size == 32);
  CHECK(wg->fraction_bits == 13);
  CHECK(wg->output_fraction_bits == 13);
  CHECK(parse_arch("h200") == TensorCoreArch::H200);
  CHECK_FALSE(parse_arch("h300"));
  CHECK(parse_input("bfloat16") == TensorCoreInput::BF16);

  // K = 5 on V100 (B = 4): a full block then a partial one; K = 0 gives C.
  std::vector<std::uint64_t> a = repeat(0x3C00, 5), b = repeat(0x3C00, 5);
  CHECK(run(TensorCoreArch::V100, TensorCoreInput::F16, a, b, 0x3F800000) == 0x40C00000);  // 6
  CHECK(run(TensorCoreArch::H200, TensorCoreInput::F16, {}, {}, 0x3F800000) == 0x3F800000);
  CHECK_THROWS_AS(run(TensorCoreArch::H200, TensorCoreInput::F16, {0x3C00}, {}),
                  std::invalid_argument);

  // The dot-product strategy form: binary32 result, +0 accumulator.
  std::vector<std::uint64_t> x = {0x3F80, 0x4000}, y = {0x4040, 0x4080};  // 1*3 + 2*4 = 11
  CHECK(tensor_core_dot(TensorCoreArch::H100, bfloat16, x, y) == 0x41300000);
  CHECK_THROWS_AS(tensor_core_dot(TensorCoreArch::H100, binary64, x, y), std::invalid_argument);
}

TEST_CASE("tensor core explain shows terms blocks and the correct rounding") {
  // 15 products 1.5 x 2^-18 below 16 x 16 = 2^8: all cut (E = 8, cut 2^-17).
  std::vector<std::uint64_t> a = repeat(0x3FC0, 16), b = repeat(0x3680, 16);
  a[15] = b[15] = 0x4180;
  const TensorCoreModel model({TensorCoreArch::H200, TensorCoreInstruction::Mma,
                               TensorCoreInput::BF16, TensorCoreOutput::F32});
  const TensorCoreExplanation e = explain(model, a, b, 0);
  REQUIRE(e.blocks.size() == 1);
  const TensorCoreBlock& block = e.blocks[0];
  CHECK(block.exponent == 8);
  REQUIRE(block.terms.size() == 17);
  CHECK(block.terms[0].label == "C");
  CHECK(block.terms[0].zero);
  CHECK(block.terms[1].label == "A0*B0");
  CHECK(block.terms[1].aligned == "00.0000000000000000000000000|11");
  CHECK(block.terms[1].truncated);
  CHECK(block.terms[1].kept_units == 0);
  CHECK(block.terms[16].aligned == "01.0000000000000000000000000");
  CHECK(block.sum_units == std::int64_t{1} << 25);
  CHECK(e.result == 0x43800000);             // 256
  CHECK(e.correctly_rounded == 0x43800003);  // 256 + 45 x 2^-19, to nearest
  REQUIRE(e.ulps_from_correct);
  CHECK(*e.ulps_from_correct == -3);
  CHECK(e.result == model.compute(a, b, 0));

  // fp8: two MMA traces and the C addition.
  const TensorCoreModel fp8({TensorCoreArch::H200, TensorCoreInstruction::Mma,
                             TensorCoreInput::E4M3, TensorCoreOutput::F32});
  const auto e8 = explain(fp8, repeat(0x38, 32), repeat(0x38, 32), 0x3F800000);
  CHECK(e8.blocks.size() == 2);
  REQUIRE(e8.final_addition);
  CHECK(e8.result == 0x42040000);  // 33
}

namespace {

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

std::string slurp_file(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

CliRun fpx_mma(const std::string& arguments, const std::string& input) {
  const auto directory = std::filesystem::temp_directory_path();
  const std::string stem = (directory / ("fpx_mma_test_" + std::to_string(::getpid()))).string();
  { std::ofstream(stem + ".in") << input; }
  const std::string command = std::string("NO_COLOR= ") + FPX_CLI_PATH + " mma " + arguments +
                              " <" + stem + ".in >" + stem + ".out 2>" + stem + ".err";
  const int status = std::system(command.c_str());
  CliRun r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp_file(stem + ".out");
  r.err = slurp_file(stem + ".err");
  return r;
}

}  // namespace

TEST_CASE("tensor core CLI answers lines and rejects bad input") {
  // K = 2: 1 x 1 + 1 x 1 + 1 = 3.
  auto ok = fpx_mma("--arch h200 --in bf16 --k 2", "3F80 3F80 3F80 3F80 3F800000\n");
  CHECK(ok.exit_code == 0);
  CHECK(ok.out == "40400000\n");
  auto bad = fpx_mma("--arch h200 --in tf32 --k 1",
                     "3F800000 3F800000 00000000\n"
                     "3F800001 3F800000 00000000\n"
                     "3F800000 3F80 00000000\n"
                     "3F800000 3F800000\n"
                     "3F800000 3G800000 00000000\n"
                     "40000000 40000000 00000000\n");
  CHECK(bad.exit_code == 1);
  CHECK(bad.out == "3F800000\n40800000\n");
  CHECK(bad.err.find("line 2: field 1 '3F800001' is not TF32") != std::string::npos);
  CHECK(bad.err.find("line 3: field 2 '3F80' has 4 hex digits, expected 8") != std::string::npos);
  CHECK(bad.err.find("line 4: expected 3 fields") != std::string::npos);
  CHECK(bad.err.find("line 5: field 2 '3G800000' is not hex") != std::string::npos);
  auto arch = fpx_mma("--arch h300 --in bf16", "");
  CHECK(arch.exit_code == 2);
  CHECK(arch.err ==
        "fpx: unknown architecture 'h300' (expected h100, h200, a100, v100, b200; did you mean "
        "h100?)\n");
  auto format = fpx_mma("--arch h200 --in fp4", "");
  CHECK(format.exit_code == 2);
  auto unsupported = fpx_mma("--arch v100 --in bf16", "");
  CHECK(unsupported.exit_code == 2);
  auto nan = fpx_mma("--arch h200 --in f16 --k 1", "7E00 3C00 00000000\n");
  CHECK(nan.out == "7FFFFFFF\n");
}

TEST_CASE("tensor core CLI checks a sample file and explains a line") {
  const std::string file = std::string(FPX_TEST_DATA_DIR) + "/h200/mma_e4m3_f32.txt";
  auto check = fpx_mma("--arch h200 --in e4m3 --check", slurp_file(file));
  CHECK(check.exit_code == 0);
  CHECK(check.err == "fpx mma: 256 lines, 0 mismatches\n");
  auto explain_run = fpx_mma("--arch h200 --in bf16 --explain",
                             "3FC0 3FC0 3FC0 3FC0 3FC0 3FC0 3FC0 3FC0 3FC0 3FC0 3FC0 3FC0 3FC0 "
                             "3FC0 3FC0 4180 3680 3680 3680 3680 3680 3680 3680 3680 3680 3680 "
                             "3680 3680 3680 3680 3680 4180 00000000\n");
  CHECK(explain_run.exit_code == 0);
  CHECK(explain_run.out.find("E = 8, cut '|' at 2^-17") != std::string::npos);
  CHECK(explain_run.out.find("00.0000000000000000000000000|11") != std::string::npos);
  CHECK(explain_run.out.find("correctly rounded   43800003") != std::string::npos);
  CHECK(explain_run.out.find("by -3 units in the last place") != std::string::npos);
  auto json = fpx_mma("--arch h200 --in bf16 --k 2 --json", "3F80 3F80 3F80 3F80 3F800000\n");
  CHECK(json.out == "{\"line\":1,\"d\":\"40400000\"}\n");
}

TEST_CASE("tensor core zero products beside a tiny accumulator give the accumulator") {
  // Found by fuzzing (fuzz_mma_line, under UndefinedBehaviorSanitizer): a
  // zero product's placeholder exponent sat far above the block's largest
  // exponent when C was tiny, and aligning it shifted by more than 63 bits.
  // The sum is C itself, which fits the block's fraction bits, so D = C;
  // where block results keep 13 fraction bits (wgmma fp8, toward zero),
  // C's subnormal binary32 pattern loses its 10 low bits: 0x1615 -> 0x1400.
  int checked = 0;
  for (auto arch : {fpx::TensorCoreArch::V100, fpx::TensorCoreArch::A100, fpx::TensorCoreArch::H100,
                    fpx::TensorCoreArch::H200, fpx::TensorCoreArch::B200})
    for (auto instruction : {fpx::TensorCoreInstruction::Mma, fpx::TensorCoreInstruction::Wgmma})
      for (auto input :
           {fpx::TensorCoreInput::F16, fpx::TensorCoreInput::BF16, fpx::TensorCoreInput::TF32,
            fpx::TensorCoreInput::E4M3, fpx::TensorCoreInput::E5M2})
        for (auto output : {fpx::TensorCoreOutput::F32, fpx::TensorCoreOutput::F16}) {
          const fpx::TensorCoreConfig config{arch, instruction, input, output};
          if (!fpx::tensor_core_parameters(config)) continue;
          const fpx::TensorCoreModel model(config);
          CAPTURE(model.in().name);
          CAPTURE(model.out().name);
          // a = 0x383 of binary16 (a subnormal, 899 * 2^-24) or its
          // pattern cut to the input's width; b = +0; C the smallest
          // patterns with a 13-bit significand.
          const std::uint64_t a[] = {0x383 & model.in().magnitude_mask()}, b[] = {0};
          const std::uint64_t c = model.out().width() == 32 ? 0x00001615 : 0x0015;
          const std::uint64_t expected =
              model.out().width() == 32 && model.parameters().output_fraction_bits == 13
                  ? c & ~std::uint64_t{0x3FF}
                  : c;
          CHECK(model.compute(a, b, c) == expected);
          ++checked;
        }
  CHECK(checked > 10);
}
