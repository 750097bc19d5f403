// The host-float side of bench/batch_side_by_side: answers `fpx batch` lines
// of binary32 operations ("OP MODE X [Y [Z]]", OP add sub mul div sqrt fma,
// MODE rne rtz rup rdn) with the host's `float`, the rounding direction set
// by fesetround and the flags read by fetestexcept, in fpx batch's output
// format ("RESULT FLAGS"), so that the two can be timed on the same lines and
// their outputs compared.
//
//   fpx_host_batch < lines > answers
//   fpx_host_batch --generate N SEED > lines   (N lines of normal operands)
#include <bit>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>

#include "random_operands.hpp"

namespace {

constexpr const char* operations[] = {"add", "sub", "mul", "div", "sqrt", "fma"};
constexpr const char* modes[] = {"rne", "rtz", "rup", "rdn"};
constexpr int directions[] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};

int index_of(std::string_view word, const char* const* names, int count) {
  for (int i = 0; i < count; ++i)
    if (word == names[i]) return i;
  return -1;
}

bool parse_hex(std::string_view text, std::uint32_t& value) {
  if (text.size() != 8) return false;
  value = 0;
  for (char c : text) {
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (digit < 0) return false;
    value = value << 4 | std::uint32_t(digit);
  }
  return true;
}

// Writes `out` to stdout once it holds 64 KiB (and at the end, with `all`).
void write_out(std::string& out, bool all = false) {
  if (!all && out.size() <= (1 << 16)) return;
  std::fwrite(out.data(), 1, out.size(), stdout);
  out.clear();
}

void append_hex(std::string& out, std::uint32_t value, int digits) {
  static const char hex[] = "0123456789ABCDEF";
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4)
    out.push_back(hex[(value >> shift) & 15]);
}

int generate(long count, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::string out;
  for (long i = 0; i < count; ++i) {
    const int operation = int(i % 6);
    const int mode = int(i / 6 % 4);
    out += operations[operation];
    out.push_back(' ');
    out += modes[mode];
    const int arity = operation == 4 ? 1 : operation == 5 ? 3 : 2;
    for (int k = 0; k < arity; ++k) {
      std::uint32_t x = fpx::bench::random_normal(random);
      if (operation == 4) x &= 0x7FFFFFFF;
      out.push_back(' ');
      append_hex(out, x, 8);
    }
    out.push_back('\n');
    write_out(out);
  }
  write_out(out, true);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "--generate") == 0)
    return generate(std::atol(argv[2]), std::strtoull(argv[3], nullptr, 10));
  std::string input;
  char buffer[1 << 16];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0;)
    input.append(buffer, n);
  std::string out;
  int current = -1;
  long number = 0;
  std::size_t start = 0;
  while (start < input.size()) {
    std::size_t end = input.find('\n', start);
    if (end == std::string::npos) end = input.size();
    std::string_view line(input.data() + start, end - start);
    start = end + 1;
    ++number;
    std::string_view words[5];
    int count = 0;
    for (std::size_t i = 0; i < line.size() && count < 5;) {
      while (i < line.size() && line[i] == ' ') ++i;
      const std::size_t first = i;
      while (i < line.size() && line[i] != ' ') ++i;
      if (i > first) words[count++] = line.substr(first, i - first);
    }
    if (count == 0) continue;
    const int operation = index_of(words[0], operations, 6);
    const int mode = count > 1 ? index_of(words[1], modes, 4) : -1;
    const int arity = operation == 4 ? 1 : operation == 5 ? 3 : 2;
    std::uint32_t x[3] = {};
    bool valid = operation >= 0 && mode >= 0 && count == 2 + arity;
    for (int k = 0; valid && k < arity; ++k) valid = parse_hex(words[2 + k], x[k]);
    if (!valid) {
      std::fprintf(stderr, "fpx_host_batch: line %ld: not a binary32 line of rne rtz rup rdn\n",
                   number);
      return 1;
    }
    if (mode != current) {
      std::fesetround(directions[mode]);
      current = mode;
    }
    float a = std::bit_cast<float>(x[0]), b = std::bit_cast<float>(x[1]),
          c = std::bit_cast<float>(x[2]);
    std::feclearexcept(FE_ALL_EXCEPT);
    // The empty asm statements keep the operation between the clearing and
    // the reading of the flags (the compiler may move floating-point
    // arithmetic, which it takes to have no side effects).
    asm volatile("" : "+x"(a), "+x"(b), "+x"(c));
    float r = 0;
    switch (operation) {
      case 0: r = a + b; break;
      case 1: r = a - b; break;
      case 2: r = a * b; break;
      case 3: r = a / b; break;
      case 4: r = std::sqrt(a); break;
      default: r = std::fma(a, b, c); break;
    }
    asm volatile("" : "+x"(r));
    const int raised = std::fetestexcept(FE_ALL_EXCEPT);
    const std::uint32_t flags =
        (raised & FE_INEXACT ? 0x01 : 0) | (raised & FE_UNDERFLOW ? 0x02 : 0) |
        (raised & FE_OVERFLOW ? 0x04 : 0) | (raised & FE_DIVBYZERO ? 0x08 : 0) |
        (raised & FE_INVALID ? 0x10 : 0);
    append_hex(out, std::bit_cast<std::uint32_t>(r), 8);
    out.push_back(' ');
    append_hex(out, flags, 2);
    out.push_back('\n');
    write_out(out);
  }
  write_out(out, true);
  return 0;
}
