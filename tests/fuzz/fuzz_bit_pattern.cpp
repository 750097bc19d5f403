// Values as fpx bits reads them (read_value): hex bit patterns with --raw,
// "bits:S EEE FFF" fields, numbers otherwise. Invariants: a pattern fits its
// format, and its hex text reads back to it.
#include <string>

#include "fpx/core/format.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/value_text.hpp"
#include "fuzz_check.hpp"

using namespace fpx;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz::Input input = fuzz::split_choice(data, size);
  const auto formats = all_formats();
  const Format& format = *formats[input.choice % formats.size()];
  const bool raw = (input.choice / formats.size()) % 2 == 1;
  constexpr Rounding modes[] = {Rounding::NearestEven, Rounding::TowardZero,
                                Rounding::TowardPositive, Rounding::Stochastic};
  const Rounding mode = modes[(input.choice / (2 * formats.size())) % 4];
  InputValue value;
  try {
    value = read_value(format, std::string(input.text), raw, mode);
  } catch (const ParseError&) {
    return 0;
  }
  const std::uint64_t bits = value.rounded.bits;
  FUZZ_CHECK(format.width() == 64 || bits >> format.width() == 0);
  const InputValue again = read_value(format, hex_text(format, bits), true, mode);
  FUZZ_CHECK(again.rounded.bits == bits);
  return 0;
}
