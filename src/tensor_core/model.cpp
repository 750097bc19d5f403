// The tensor-core accumulation model (include/fpx/tensor_core/model.hpp).
// Integer code only; every rounding is round_pack's (or fpx::add's for the
// fp8 C addition). The trace, when asked for, records numbers only; the
// explanation renderer (explanation.cpp) draws them.
#include "fpx/tensor_core/model.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <stdexcept>
#include <string>

#include "fpx/core/operations.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/core/unpacked.hpp"

namespace fpx {
namespace {

// binary32 whose block results keep 13 fraction bits (Hopper wgmma fp8):
// the same exponent range, so its encodings are binary32's shifted right by
// 10 bits.
constexpr Format binary32_13{"binary32 (13 fraction bits)", 8, 14, 127};

// An exactly decoded term: (-1)^negative * significand * 2^lsb, with the
// nominal exponent that enters E (e_a + e_b for a product, the exponent of
// the accumulator, emin for a subnormal).
struct Term {
  bool negative = false;
  int nominal = 0;
  std::uint64_t significand = 0;  // 0 for a zero term
  int lsb = 0;
};

// A finite operand as the model sees it: the exponent of its scale (emin for
// zeros and subnormals), its significand and the exponent of its last bit.
struct Operand {
  bool negative;
  int exponent;
  std::uint64_t significand;
  int lsb;
};

inline Operand decode(const Format& format, std::uint64_t bits) {
  const Unpacked x = unpack(format, bits);
  if (x.significand == 0)
    return Operand{x.negative, format.min_exponent(), 0, format.min_quantum_exponent()};
  return Operand{x.negative, x.scale_exponent(format), x.significand, x.exponent};
}

// A finite value of format `from` as `to` decodes it (exact: the value must
// be representable in `to`, as fp8 values are in binary16).
inline Operand widen(const Format& from, const Format& to, std::uint64_t bits) {
  Operand d = decode(from, bits);
  if (d.significand == 0) return Operand{d.negative, to.min_exponent(), 0, 0};
  const int leading = d.lsb + std::bit_width(d.significand) - 1;
  const int exponent = std::max(leading, to.min_exponent());
  const int lsb = exponent - (to.precision - 1);
  return Operand{d.negative, exponent, d.significand << (d.lsb - lsb), lsb};
}

inline Term product(const Operand& a, const Operand& b) {
  return Term{a.negative != b.negative, a.exponent + b.exponent, a.significand * b.significand,
              a.lsb + b.lsb};
}

inline Term accumulator_term(const Format& format, std::uint64_t bits) {
  const Operand d = decode(format, bits);
  return Term{d.negative, d.exponent, d.significand, d.lsb};
}

// The magnitude of `t` aligned to F fraction bits below 2^E, truncated.
inline std::uint64_t aligned_magnitude(const Term& t, int E, int F) {
  // A zero term's lsb is a placeholder (widen gives 0) and may sit far
  // above E: shifting by it would be undefined. A nonzero term has its
  // leading bit at or below E, so its shift stays below 64.
  if (t.significand == 0) return 0;
  const int shift = t.lsb - (E - F);
  if (shift >= 0) return t.significand << shift;
  if (shift <= -64) return 0;
  return t.significand >> -shift;
}

// How a block result is rounded.
struct Target {
  const Format* format;  // binary32, binary32_13 or binary16
  Rounding mode;
  const Format* encoding;  // the format whose bits the result is given in
};

Target target_for(const Format& out, int output_fraction_bits) {
  if (out == binary16) return Target{&binary16, Rounding::NearestEven, &binary16};
  if (output_fraction_bits == 13) return Target{&binary32_13, Rounding::TowardZero, &binary32};
  return Target{&binary32, Rounding::TowardZero, &binary32};
}

// Rounds (-1)^negative * magnitude * 2^exponent into the target; overflow
// gives infinity (see the header).
inline std::uint64_t round_block(const Target& target, bool negative, int exponent,
                                 std::uint64_t magnitude) {
  if (magnitude == 0) return 0;  // an exactly zero sum is +0
  Rounded r = round_pack(*target.format, negative, exponent, magnitude, false, target.mode);
  const Format& enc = *target.encoding;
  if (r.flags.has(Flags::overflow)) return (negative ? enc.sign_mask() : 0) | enc.infinity_bits();
  if (target.format == &binary32_13) {
    const std::uint64_t sign = r.bits & binary32_13.sign_mask();
    const std::uint64_t magnitude_bits = r.bits & binary32_13.magnitude_mask();
    return (sign ? binary32.sign_mask() : 0) | (magnitude_bits << 10);
  }
  return r.bits;
}

// A trace term for `t`, aligned to E (has_exponent) at F fraction bits.
TensorCoreTraceTerm trace_term(const Term& t, bool is_accumulator, std::size_t k, bool has_exponent,
                               int E, int F) {
  TensorCoreTraceTerm out;
  out.is_accumulator = is_accumulator;
  out.k = k;
  out.negative = t.negative;
  out.significand = t.significand;
  out.lsb = t.lsb;
  out.nominal_exponent = t.nominal;
  if (has_exponent && t.significand != 0) {
    const std::uint64_t m = aligned_magnitude(t, E, F);
    out.kept_units = t.negative ? -std::int64_t(m) : std::int64_t(m);
    const int cut = E - F;
    out.truncated =
        t.lsb < cut &&
        (t.significand & detail::low_mask<std::uint64_t>(std::min(cut - t.lsb, 64))) != 0;
  }
  return out;
}

// One block: the accumulator and `count` products. Returns the rounded
// result (bits of target.encoding); fills `block` (E, sum, result) if given.
std::uint64_t run_block(const Term* terms, int count, const Term& acc, int F, const Target& target,
                        TensorCoreTraceBlock* block) {
  int E = 0;
  bool any = acc.significand != 0;
  if (any) E = acc.nominal;
  for (int i = 0; i < count; ++i) {
    if (terms[i].significand == 0) continue;
    E = any ? std::max(E, terms[i].nominal) : terms[i].nominal;
    any = true;
  }
  if (!any) {
    if (block) {
      block->has_exponent = false;
      block->result = 0;
    }
    return 0;
  }
  std::int64_t sum = 0;
  {
    const std::uint64_t m = aligned_magnitude(acc, E, F);
    sum += acc.negative ? -std::int64_t(m) : std::int64_t(m);
  }
  for (int i = 0; i < count; ++i) {
    const std::uint64_t m = aligned_magnitude(terms[i], E, F);
    sum += terms[i].negative ? -std::int64_t(m) : std::int64_t(m);
  }
  const bool negative = sum < 0;
  const std::uint64_t magnitude = negative ? std::uint64_t(-sum) : std::uint64_t(sum);
  const std::uint64_t result = round_block(target, negative, E - F, magnitude);
  if (block) {
    block->has_exponent = true;
    block->exponent = E;
    block->sum_units = sum;
    block->result = result;
  }
  return result;
}

enum class OperandKind : std::uint8_t { Finite, Nan, Infinity };

inline OperandKind kind_of(const Format& format, std::uint64_t bits) {
  const Unpacked x = unpack(format, bits);
  if (x.is_nan()) return OperandKind::Nan;
  return x.is_infinity() ? OperandKind::Infinity : OperandKind::Finite;
}

struct SpecialResult {
  bool any = false;
  std::uint64_t bits = 0;
};

// NaN, infinity and invalid combinations, before any arithmetic (header).
SpecialResult special_result(const Format& in, const Format& out, std::span<const std::uint64_t> a,
                             std::span<const std::uint64_t> b, std::uint64_t c) {
  bool nan = false, positive_inf = false, negative_inf = false, any = false;
  auto note_inf = [&](bool negative) { (negative ? negative_inf : positive_inf) = true; };
  for (std::size_t k = 0; k < a.size(); ++k) {
    const OperandKind ka = kind_of(in, a[k]), kb = kind_of(in, b[k]);
    if (ka == OperandKind::Finite && kb == OperandKind::Finite) continue;
    any = true;
    if (ka == OperandKind::Nan || kb == OperandKind::Nan) {
      nan = true;
      continue;
    }
    const bool zero_a = (a[k] & in.magnitude_mask()) == 0,
               zero_b = (b[k] & in.magnitude_mask()) == 0;
    if (zero_a || zero_b) {
      nan = true;
      continue;
    }
    note_inf(((a[k] ^ b[k]) & in.sign_mask()) != 0);
  }
  const OperandKind kc = kind_of(out, c);
  if (kc == OperandKind::Nan) nan = any = true;
  if (kc == OperandKind::Infinity) {
    any = true;
    note_inf((c & out.sign_mask()) != 0);
  }
  if (!any) return {};
  if (nan || (positive_inf && negative_inf)) return {true, out.magnitude_mask()};  // 0x7FFFFFFF
  return {true, (negative_inf ? out.sign_mask() : 0) | out.infinity_bits()};
}

// Where a chain of blocks sits, for the trace.
struct ChainPlace {
  int split_part = 0;
  std::size_t instruction = 0;
};

// The chain of blocks over terms[0..count) from accumulator `acc` (bits of
// target.encoding); `indices` are the k of the terms. Blocks go to `trace`
// if given.
std::uint64_t chain(const Term* terms, const std::size_t* indices, std::size_t count,
                    std::uint64_t acc, int B, int F, const Target& target, ChainPlace place,
                    std::size_t first_block_index, TensorCoreTrace* trace) {
  const Format& enc = *target.encoding;
  for (std::size_t start = 0; start < count; start += std::size_t(B)) {
    const int n = int(std::min<std::size_t>(std::size_t(B), count - start));
    // An overflowed block: infinity stays (no NaN can arise from finite terms).
    if (kind_of(enc, acc) != OperandKind::Finite) continue;
    const Term acc_term = accumulator_term(enc, acc);
    if (!trace) {
      acc = run_block(terms + start, n, acc_term, F, target, nullptr);
      continue;
    }
    TensorCoreTraceBlock block;
    block.split_part = place.split_part;
    block.instruction = place.instruction;
    block.index_in_chain = first_block_index + start / std::size_t(B);
    block.first_k = indices[start];
    block.last_k = indices[start + std::size_t(n) - 1];
    block.result_format = &enc;
    acc = run_block(terms + start, n, acc_term, F, target, &block);
    block.terms.push_back(trace_term(acc_term, true, 0, block.has_exponent, block.exponent, F));
    for (int i = 0; i < n; ++i) {
      const std::size_t at = start + std::size_t(i);
      block.terms.push_back(
          trace_term(terms[at], false, indices[at], block.has_exponent, block.exponent, F));
    }
    trace->blocks.push_back(std::move(block));
  }
  return acc;
}

}  // namespace

TensorCoreModel::TensorCoreModel(const TensorCoreConfig& config) : config_(config) {
  auto parameters = tensor_core_parameters(config);
  if (!parameters)
    throw std::invalid_argument(
        std::string("tensor cores of ") + std::string(arch_name(config.arch)) + " have no " +
        std::string(instruction_name(config.instruction)) + " instruction for " +
        std::string(input_name(config.input)) + " inputs");
  parameters_ = *parameters;
  in_ = &input_format(config.input);
  out_ = &output_format(config.output);
}

std::uint64_t TensorCoreModel::evaluate(std::span<const std::uint64_t> a,
                                        std::span<const std::uint64_t> b, std::uint64_t c,
                                        TensorCoreTrace* trace) const {
  if (a.size() != b.size()) throw std::invalid_argument("A and B differ in length");
  const Format& in = *in_;
  const Format& out = *out_;
  const TensorCoreParameters& p = parameters_;
  if (SpecialResult s = special_result(in, out, a, b, c); s.any) {
    if (trace) trace->special = true;
    return s.bits;
  }
  const Target target = target_for(out, p.output_fraction_bits);
  const std::size_t K = a.size();
  if (!p.fp8_split) {
    // Chunks of 64 products (a multiple of every block size) on the stack.
    constexpr std::size_t chunk = 64;
    std::array<Term, chunk> terms;
    std::array<std::size_t, chunk> indices;
    std::uint64_t acc = c;
    for (std::size_t start = 0; start < K; start += chunk) {
      const std::size_t n = std::min(chunk, K - start);
      for (std::size_t i = 0; i < n; ++i) {
        terms[i] = product(decode(in, a[start + i]), decode(in, b[start + i]));
        indices[i] = start + i;
      }
      acc = chain(terms.data(), indices.data(), n, acc, p.block_size, p.fraction_bits, target, {},
                  start / std::size_t(p.block_size), trace);
    }
    return acc;
  }
  // fp8 through binary16 MMAs, 32 products per instruction.
  std::uint64_t d = c;
  for (std::size_t start = 0; start < K; start += 32) {
    const std::size_t n = std::min<std::size_t>(32, K - start);
    std::size_t count[2] = {0, 0};
    std::array<Term, 32> split[2];
    std::array<std::size_t, 32> split_k[2];
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t k = start + i;
      const int half = int((k / 2) % 2);
      split[half][count[half]] = product(widen(in, binary16, a[k]), widen(in, binary16, b[k]));
      split_k[half][count[half]++] = k;
    }
    const std::size_t instruction = start / 32;
    std::uint64_t acc = 0;
    acc = chain(split[0].data(), split_k[0].data(), count[0], acc, 16, p.fraction_bits, target,
                {1, instruction}, 0, trace);
    acc = chain(split[1].data(), split_k[1].data(), count[1], acc, 16, p.fraction_bits, target,
                {2, instruction}, 0, trace);
    const std::uint64_t before = d;
    d = add(out, d, acc, Rounding::NearestEven).bits;
    if (trace) trace->final_additions.push_back({before, acc, d});
  }
  return d;
}

std::uint64_t TensorCoreModel::compute(std::span<const std::uint64_t> a,
                                       std::span<const std::uint64_t> b, std::uint64_t c) const {
  return evaluate(a, b, c, nullptr);
}

TensorCoreTrace TensorCoreModel::trace(std::span<const std::uint64_t> a,
                                       std::span<const std::uint64_t> b, std::uint64_t c) const {
  TensorCoreTrace out;
  out.result = evaluate(a, b, c, &out);
  return out;
}

std::uint64_t tensor_core_compute(const TensorCoreConfig& config, std::span<const std::uint64_t> a,
                                  std::span<const std::uint64_t> b, std::uint64_t c) {
  return TensorCoreModel(config).compute(a, b, c);
}

std::uint64_t tensor_core_dot(TensorCoreArch arch, const Format& input,
                              std::span<const std::uint64_t> a, std::span<const std::uint64_t> b,
                              TensorCoreInstruction instruction) {
  auto in = tensor_core_input_for(input);
  if (!in)
    throw std::invalid_argument("tensor cores take no " + std::string(input.name) + " inputs");
  TensorCoreModel model(TensorCoreConfig{arch, instruction, *in, TensorCoreOutput::F32});
  return model.compute(a, b, 0);
}

}  // namespace fpx
