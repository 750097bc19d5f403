// The tensor-core accumulation model (include/fpx/tensor_core.hpp). Integer
// code only; every rounding is round_pack's (or fpx::add's for the fp8 C
// addition).
#include "fpx/tensor_core.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <stdexcept>

#include "fpx/exact_accumulator.hpp"
#include "fpx/operations.hpp"
#include "fpx/rounding.hpp"

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

struct Decoded {
  bool negative;
  int exponent;  // unbiased; emin for zeros and subnormals
  std::uint64_t significand;
  int lsb;
};

enum class Kind : std::uint8_t { Finite, Nan, Infinity };

inline Kind kind_of(const Format& f, std::uint64_t bits) {
  const std::uint64_t magnitude = bits & f.magnitude_mask();
  if (f.special_encoding == SpecialEncoding::Ieee) {
    if ((magnitude & f.exponent_field_mask()) != f.exponent_field_mask()) return Kind::Finite;
    return (magnitude & f.fraction_mask()) ? Kind::Nan : Kind::Infinity;
  }
  return magnitude == f.magnitude_mask() ? Kind::Nan : Kind::Finite;
}

inline Decoded decode(const Format& f, std::uint64_t bits) {
  const int fraction_bits = f.precision - 1;
  const std::uint64_t field = (bits & f.magnitude_mask()) >> fraction_bits;
  const std::uint64_t fraction = bits & f.fraction_mask();
  Decoded d;
  d.negative = (bits & f.sign_mask()) != 0;
  if (field == 0) {
    d.exponent = f.min_exponent();
    d.significand = fraction;
  } else {
    d.exponent = int(field) - f.bias;
    d.significand = fraction | (std::uint64_t{1} << fraction_bits);
  }
  d.lsb = d.exponent - fraction_bits;
  return d;
}

// A finite value of format `from` as `to` decodes it (exact: the value must
// be representable in `to`, as fp8 values are in binary16).
inline Decoded widen(const Format& from, const Format& to, std::uint64_t bits) {
  Decoded d = decode(from, bits);
  if (d.significand == 0) return Decoded{d.negative, to.min_exponent(), 0, 0};
  const int leading = d.lsb + std::bit_width(d.significand) - 1;
  const int exponent = std::max(leading, to.min_exponent());
  const int lsb = exponent - (to.precision - 1);
  return Decoded{d.negative, exponent, d.significand << (d.lsb - lsb), lsb};
}

inline Term product(const Decoded& a, const Decoded& b) {
  return Term{a.negative != b.negative, a.exponent + b.exponent, a.significand * b.significand,
              a.lsb + b.lsb};
}

inline Term accumulator_term(const Format& f, std::uint64_t bits) {
  const Decoded d = decode(f, bits);
  return Term{d.negative, d.exponent, d.significand, d.lsb};
}

// The magnitude of `t` aligned to F fraction bits below 2^E, truncated.
inline std::uint64_t aligned_magnitude(const Term& t, int E, int F) {
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

// One block: the accumulator and `count` products. Returns the rounded
// result (bits of target.encoding); fills `trace` if given.
std::uint64_t run_block(const Term* terms, int count, const Term& acc, int F, const Target& target,
                        TensorCoreBlock* trace) {
  int E = 0;
  bool any = acc.significand != 0;
  if (any) E = acc.nominal;
  for (int i = 0; i < count; ++i) {
    if (terms[i].significand == 0) continue;
    E = any ? std::max(E, terms[i].nominal) : terms[i].nominal;
    any = true;
  }
  if (!any) {
    if (trace) {
      trace->has_exponent = false;
      trace->result = 0;
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
  if (trace) {
    trace->has_exponent = true;
    trace->exponent = E;
    trace->sum_units = sum;
    trace->result = result;
    trace->result_format = target.encoding;
  }
  return result;
}

// Whether an accumulator value (bits of `f`) is infinite or NaN.
inline bool is_special(const Format& f, std::uint64_t bits) {
  return kind_of(f, bits) != Kind::Finite;
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
    const Kind ka = kind_of(in, a[k]), kb = kind_of(in, b[k]);
    if (ka == Kind::Finite && kb == Kind::Finite) continue;
    any = true;
    if (ka == Kind::Nan || kb == Kind::Nan) {
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
  const Kind kc = kind_of(out, c);
  if (kc == Kind::Nan) nan = any = true;
  if (kc == Kind::Infinity) {
    any = true;
    note_inf((c & out.sign_mask()) != 0);
  }
  if (!any) return {};
  if (nan || (positive_inf && negative_inf)) return {true, out.magnitude_mask()};  // 0x7FFFFFFF
  return {true, (negative_inf ? out.sign_mask() : 0) | out.infinity_bits()};
}

constexpr std::string_view source_h200 = "checked against H200 hardware (tests/data/h200)";
constexpr std::string_view source_papers =
    "published models: MMA-Sim (arXiv 2511.10909), Khattak and Mikaitis (arXiv 2512.07004)";

}  // namespace

std::string_view arch_name(TensorCoreArch arch) {
  switch (arch) {
    case TensorCoreArch::V100: return "v100";
    case TensorCoreArch::A100: return "a100";
    case TensorCoreArch::H100: return "h100";
    case TensorCoreArch::H200: return "h200";
    case TensorCoreArch::B200: return "b200";
  }
  return "?";
}
std::string_view instruction_name(TensorCoreInstruction instruction) {
  return instruction == TensorCoreInstruction::Mma ? "mma" : "wgmma";
}
std::string_view input_name(TensorCoreInput input) {
  switch (input) {
    case TensorCoreInput::F16: return "f16";
    case TensorCoreInput::BF16: return "bf16";
    case TensorCoreInput::TF32: return "tf32";
    case TensorCoreInput::E4M3: return "e4m3";
    case TensorCoreInput::E5M2: return "e5m2";
  }
  return "?";
}
std::string_view output_name(TensorCoreOutput output) {
  return output == TensorCoreOutput::F32 ? "f32" : "f16";
}

std::optional<TensorCoreArch> parse_arch(std::string_view name) {
  for (auto arch : {TensorCoreArch::V100, TensorCoreArch::A100, TensorCoreArch::H100,
                    TensorCoreArch::H200, TensorCoreArch::B200})
    if (name == arch_name(arch)) return arch;
  return std::nullopt;
}
std::optional<TensorCoreInstruction> parse_instruction(std::string_view name) {
  if (name == "mma" || name == "mma.sync" || name == "wmma") return TensorCoreInstruction::Mma;
  if (name == "wgmma") return TensorCoreInstruction::Wgmma;
  return std::nullopt;
}
std::optional<TensorCoreInput> parse_input(std::string_view name) {
  if (name == "f16" || name == "fp16" || name == "binary16") return TensorCoreInput::F16;
  if (name == "bf16" || name == "bfloat16") return TensorCoreInput::BF16;
  if (name == "tf32") return TensorCoreInput::TF32;
  if (name == "e4m3" || name == "fp8e4m3" || name == "e4m3fn") return TensorCoreInput::E4M3;
  if (name == "e5m2" || name == "fp8e5m2") return TensorCoreInput::E5M2;
  return std::nullopt;
}
std::optional<TensorCoreOutput> parse_output(std::string_view name) {
  if (name == "f32" || name == "fp32" || name == "binary32") return TensorCoreOutput::F32;
  if (name == "f16" || name == "fp16" || name == "binary16") return TensorCoreOutput::F16;
  return std::nullopt;
}

const Format& input_format(TensorCoreInput input) {
  switch (input) {
    case TensorCoreInput::F16: return binary16;
    case TensorCoreInput::BF16: return bfloat16;
    case TensorCoreInput::TF32: return tf32;
    case TensorCoreInput::E4M3: return e4m3;
    case TensorCoreInput::E5M2: return e5m2;
  }
  return binary16;
}
const Format& output_format(TensorCoreOutput output) {
  return output == TensorCoreOutput::F32 ? binary32 : binary16;
}

std::optional<TensorCoreParameters> tensor_core_parameters(const TensorCoreConfig& config) {
  const bool fp8 = config.input == TensorCoreInput::E4M3 || config.input == TensorCoreInput::E5M2;
  const bool tf = config.input == TensorCoreInput::TF32;
  const bool wgmma = config.instruction == TensorCoreInstruction::Wgmma;
  TensorCoreParameters p;
  p.instruction_k = fp8 ? 32 : tf ? 8 : 16;
  switch (config.arch) {
    case TensorCoreArch::V100:
      if (wgmma || config.input != TensorCoreInput::F16) return std::nullopt;
      p.block_size = 4;
      p.fraction_bits = 23;
      p.source = source_papers;
      return p;
    case TensorCoreArch::A100:
      if (wgmma || fp8) return std::nullopt;
      p.block_size = tf ? 4 : 8;
      p.fraction_bits = 24;
      p.source = source_papers;
      return p;
    case TensorCoreArch::H100:
    case TensorCoreArch::H200:
    case TensorCoreArch::B200: break;
  }
  const bool b200 = config.arch == TensorCoreArch::B200;
  p.fraction_bits = 25;
  if (fp8 && b200) {
    // Blackwell: native fp8 blocks of 32 with F = 25 (Hopper wgmma's
    // structure without its 13-bit cut), for either instruction.
    p.block_size = 32;
    p.source = source_papers;
    return p;
  }
  if (wgmma) {
    p.source = source_papers;
    if (tf) {
      p.block_size = 8;
    } else if (fp8) {
      p.block_size = 32;
      p.fraction_bits = 13;
      p.output_fraction_bits = 13;
    } else {
      p.block_size = 16;
    }
    return p;
  }
  p.block_size = tf ? 4 : 16;
  p.fp8_split = fp8;
  p.checked_on_hardware = !b200 && config.output == TensorCoreOutput::F32;
  p.source = p.checked_on_hardware ? source_h200 : source_papers;
  return p;
}

std::optional<std::uint64_t> tf32_from_binary32_container(std::uint32_t container) {
  if (container & 0x1FFFu) return std::nullopt;
  return std::uint64_t(container >> 13);
}
std::uint32_t tf32_to_binary32_container(std::uint64_t tf32_bits) {
  return std::uint32_t(tf32_bits << 13);
}

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

namespace {

// The chain of blocks over terms[0..count) from accumulator `acc` (bits of
// target.encoding). Traces go to `blocks` if given.
std::uint64_t chain(const Term* terms, std::size_t count, std::uint64_t acc, int B, int F,
                    const Target& target, std::vector<TensorCoreBlock>* blocks,
                    std::string_view label, const std::size_t* indices = nullptr);

}  // namespace

namespace detail_tc {

// Shared by compute() and explain(): the whole computation; `blocks` and
// `final_addition` are filled when given.
std::uint64_t evaluate(const TensorCoreModel& model, std::span<const std::uint64_t> a,
                       std::span<const std::uint64_t> b, std::uint64_t c,
                       std::vector<TensorCoreBlock>* blocks, std::string* final_addition,
                       bool* special);

}  // namespace detail_tc

namespace {

std::string bits_to_hex(const Format& f, std::uint64_t bits) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string s(std::size_t(f.hex_digits()), '0');
  for (int i = f.hex_digits() - 1; i >= 0; --i, bits >>= 4) s[std::size_t(i)] = digits[bits & 15];
  return s;
}

std::uint64_t chain(const Term* terms, std::size_t count, std::uint64_t acc, int B, int F,
                    const Target& target, std::vector<TensorCoreBlock>* blocks,
                    std::string_view label, const std::size_t* indices) {
  const Format& enc = *target.encoding;
  for (std::size_t start = 0; start < count; start += std::size_t(B)) {
    const int n = int(std::min<std::size_t>(std::size_t(B), count - start));
    if (is_special(enc, acc)) {
      // An overflowed block: infinity stays (no NaN can arise from finite terms).
      continue;
    }
    const Term acc_term = accumulator_term(enc, acc);
    if (!blocks) {
      acc = run_block(terms + start, n, acc_term, F, target, nullptr);
      continue;
    }
    TensorCoreBlock block;
    auto k_of = [&](std::size_t i) { return indices ? indices[i] : i; };
    block.label = std::string(label) + (label.empty() ? "" : " ") + "block " +
                  std::to_string(start / std::size_t(B) + 1) + " (k " +
                  std::to_string(k_of(start)) + ".." +
                  std::to_string(k_of(start + std::size_t(n) - 1)) + ")";
    acc = run_block(terms + start, n, acc_term, F, target, &block);
    block.result_format = &enc;
    // Terms: the accumulator first, then the products.
    auto add_term = [&](const Term& t, std::string term_label) {
      TensorCoreTerm out;
      out.label = std::move(term_label);
      out.negative = t.negative;
      out.zero = t.significand == 0;
      out.nominal_exponent = t.nominal;
      if (block.has_exponent && !out.zero) {
        const std::uint64_t m = aligned_magnitude(t, block.exponent, F);
        out.kept_units = t.negative ? -std::int64_t(m) : std::int64_t(m);
        const int cut = block.exponent - F;
        out.truncated =
            t.lsb < cut &&
            (t.significand & detail::low_mask<std::uint64_t>(std::min(cut - t.lsb, 64))) != 0;
      }
      block.terms.push_back(std::move(out));
    };
    add_term(acc_term, blocks->empty() && label.empty() ? "C" : "acc");
    for (int i = 0; i < n; ++i) {
      const std::size_t k = k_of(start + std::size_t(i));
      const std::string index = std::to_string(k);
      std::string term_label = "A";
      term_label.append(index).append("*B").append(index);
      add_term(terms[start + std::size_t(i)], std::move(term_label));
    }
    // Aligned binary strings, once the integer width is known.
    if (block.has_exponent) {
      const int E = block.exponent;
      std::uint64_t sum_magnitude =
          block.sum_units < 0 ? std::uint64_t(-block.sum_units) : std::uint64_t(block.sum_units);
      int integer_bits = std::max(2, int(std::bit_width(sum_magnitude >> F)));
      auto render = [&](const Term* t, std::uint64_t fixed) {
        // fixed: a magnitude in units of 2^(E-F) (for the sum); t: a term.
        std::string s;
        const int top = E + integer_bits - 1;
        int bottom = E - F;
        if (t && t->significand && t->lsb < bottom) {
          // Show the dropped bits down to the term's last nonzero bit.
          const int last_one = t->lsb + std::countr_zero(t->significand);
          bottom = std::min(bottom, last_one);
        }
        const int shown_bottom = std::max(bottom, E - F - 40);
        for (int p = top; p >= shown_bottom; --p) {
          if (p == E - 1) s += '.';
          if (p == E - F - 1) s += '|';
          int bit;
          if (t) {
            const int offset = p - t->lsb;
            bit = offset >= 0 && offset < 64 ? int((t->significand >> offset) & 1) : 0;
          } else {
            const int offset = p - (E - F);
            bit = offset >= 0 && offset < 64 ? int((fixed >> offset) & 1) : 0;
          }
          s += char('0' + bit);
        }
        if (shown_bottom > bottom) s += "...";
        return s;
      };
      block.terms[0].aligned = render(&acc_term, 0);
      for (int i = 0; i < n; ++i)
        block.terms[std::size_t(i) + 1].aligned = render(terms + start + std::size_t(i), 0);
      block.sum_binary = render(nullptr, sum_magnitude);
    }
    blocks->push_back(std::move(block));
  }
  return acc;
}

}  // namespace

namespace detail_tc {

std::uint64_t evaluate(const TensorCoreModel& model, std::span<const std::uint64_t> a,
                       std::span<const std::uint64_t> b, std::uint64_t c,
                       std::vector<TensorCoreBlock>* blocks, std::string* final_addition,
                       bool* special) {
  if (a.size() != b.size()) throw std::invalid_argument("A and B differ in length");
  const Format& in = model.in();
  const Format& out = model.out();
  const TensorCoreParameters& p = model.parameters();
  if (special) *special = false;
  if (SpecialResult s = special_result(in, out, a, b, c); s.any) {
    if (special) *special = true;
    return s.bits;
  }
  const Target target = target_for(out, p.output_fraction_bits);
  std::array<Term, 64> terms;
  std::array<std::size_t, 64> indices;
  const std::size_t K = a.size();
  if (!p.fp8_split) {
    std::uint64_t acc = c;
    if (blocks) {
      std::vector<Term> all(K);
      std::vector<std::size_t> all_k(K);
      for (std::size_t k = 0; k < K; ++k) {
        all[k] = product(decode(in, a[k]), decode(in, b[k]));
        all_k[k] = k;
      }
      return chain(all.data(), K, acc, p.block_size, p.fraction_bits, target, blocks, "",
                   all_k.data());
    }
    constexpr std::size_t chunk = 64;  // a multiple of every block size
    for (std::size_t start = 0; start < K; start += chunk) {
      const std::size_t n = std::min(chunk, K - start);
      for (std::size_t i = 0; i < n; ++i) {
        terms[i] = product(decode(in, a[start + i]), decode(in, b[start + i]));
        indices[i] = start + i;
      }
      acc = chain(terms.data(), n, acc, p.block_size, p.fraction_bits, target, blocks, "",
                  indices.data());
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
    std::uint64_t acc = 0;
    std::string prefix;
    if (blocks && K > 32) prefix = "instruction " + std::to_string(start / 32 + 1) + ", ";
    acc =
        chain(split[0].data(), count[0], acc, 16, p.fraction_bits, target, blocks,
              blocks ? prefix + "fp16 MMA 1 ((k div 2) even)," : std::string(), split_k[0].data());
    acc = chain(split[1].data(), count[1], acc, 16, p.fraction_bits, target, blocks,
                blocks ? prefix + "fp16 MMA 2 ((k div 2) odd)," : std::string(), split_k[1].data());
    const std::uint64_t before = d;
    d = add(out, d, acc, Rounding::NearestEven).bits;
    if (final_addition) {
      if (!final_addition->empty()) *final_addition += "; ";
      *final_addition += bits_to_hex(out, before) + " + " + bits_to_hex(out, acc) + " = " +
                         bits_to_hex(out, d) + " (round to nearest even)";
    }
  }
  return d;
}

}  // namespace detail_tc

std::uint64_t TensorCoreModel::compute(std::span<const std::uint64_t> a,
                                       std::span<const std::uint64_t> b, std::uint64_t c) const {
  return detail_tc::evaluate(*this, a, b, c, nullptr, nullptr, nullptr);
}

std::uint64_t tensor_core_compute(const TensorCoreConfig& config, std::span<const std::uint64_t> a,
                                  std::span<const std::uint64_t> b, std::uint64_t c) {
  return TensorCoreModel(config).compute(a, b, c);
}

std::optional<TensorCoreInput> tensor_core_input_for(const Format& format) {
  if (format == binary16) return TensorCoreInput::F16;
  if (format == bfloat16) return TensorCoreInput::BF16;
  if (format == tf32) return TensorCoreInput::TF32;
  if (format == e4m3 || format == e4m3_saturating) return TensorCoreInput::E4M3;
  if (format == e5m2 || format == e5m2_saturating) return TensorCoreInput::E5M2;
  return std::nullopt;
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

TensorCoreExplanation explain(const TensorCoreModel& model, std::span<const std::uint64_t> a,
                              std::span<const std::uint64_t> b, std::uint64_t c) {
  TensorCoreExplanation e;
  e.config = model.config();
  e.parameters = model.parameters();
  std::string final_addition;
  e.result = detail_tc::evaluate(model, a, b, c, &e.blocks, &final_addition, &e.special);
  if (!final_addition.empty()) e.final_addition = final_addition;
  // The correctly rounded value: every input widened exactly to binary32.
  const Format& in = model.in();
  const Format& out = model.out();
  ExactAccumulator exact(binary32);
  exact.add(convert(out, binary32, c, Rounding::NearestEven).bits);
  for (std::size_t k = 0; k < a.size(); ++k)
    exact.add_product(convert(in, binary32, a[k], Rounding::NearestEven).bits,
                      convert(in, binary32, b[k], Rounding::NearestEven).bits);
  e.correctly_rounded = exact.round(out, Rounding::NearestEven).bits;
  if (kind_of(out, e.result) == Kind::Finite && kind_of(out, e.correctly_rounded) == Kind::Finite) {
    auto ordinal = [&](std::uint64_t bits) {
      const std::int64_t magnitude = std::int64_t(bits & out.magnitude_mask());
      return (bits & out.sign_mask()) ? -magnitude : magnitude;
    };
    e.ulps_from_correct = ordinal(e.result) - ordinal(e.correctly_rounded);
  }
  return e;
}

}  // namespace fpx
