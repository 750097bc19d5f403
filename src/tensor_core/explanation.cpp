// The tensor-core trace drawn as text (include/fpx/tensor_core/explanation.hpp).
#include "fpx/tensor_core/explanation.hpp"

#include <algorithm>
#include <bit>

#include "fpx/core/decimal.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/unpacked.hpp"

namespace fpx {
namespace {

std::string block_label(const TensorCoreTraceBlock& block, std::size_t K) {
  std::string label;
  if (block.split_part != 0) {
    if (K > 32) label = "instruction " + std::to_string(block.instruction + 1) + ", ";
    label += block.split_part == 1 ? "fp16 MMA 1 ((k div 2) even)," : "fp16 MMA 2 ((k div 2) odd),";
    label += " ";
  }
  return label + "block " + std::to_string(block.index_in_chain + 1) + " (k " +
         std::to_string(block.first_k) + ".." + std::to_string(block.last_k) + ")";
}

// A magnitude drawn at the block's cut: integer bits, '.', F fraction bits,
// '|' and the bits below the cut down to the term's last nonzero bit (at
// most 40 of them, then "...").
class AlignedDrawing {
 public:
  AlignedDrawing(int E, int F, std::int64_t sum_units) : E_(E), F_(F) {
    const std::uint64_t magnitude =
        sum_units < 0 ? std::uint64_t(-sum_units) : std::uint64_t(sum_units);
    integer_bits_ = std::max(2, int(std::bit_width(magnitude >> F)));
  }

  // An exact term (-1)^s * significand * 2^lsb.
  std::string term(std::uint64_t significand, int lsb) const {
    int bottom = E_ - F_;
    if (significand && lsb < bottom) {
      const int last_one = lsb + std::countr_zero(significand);
      bottom = std::min(bottom, last_one);
    }
    return draw(bottom, [&](int p) {
      const int offset = p - lsb;
      return offset >= 0 && offset < 64 ? int((significand >> offset) & 1) : 0;
    });
  }

  // A magnitude in units of 2^(E-F) (the block sum).
  std::string units(std::uint64_t magnitude) const {
    return draw(E_ - F_, [&](int p) {
      const int offset = p - (E_ - F_);
      return offset >= 0 && offset < 64 ? int((magnitude >> offset) & 1) : 0;
    });
  }

 private:
  template <typename BitAt>
  std::string draw(int bottom, BitAt bit_at) const {
    std::string s;
    const int top = E_ + integer_bits_ - 1;
    const int shown_bottom = std::max(bottom, E_ - F_ - 40);
    for (int p = top; p >= shown_bottom; --p) {
      if (p == E_ - 1) s += '.';
      if (p == E_ - F_ - 1) s += '|';
      s += char('0' + bit_at(p));
    }
    if (shown_bottom > bottom) s += "...";
    return s;
  }

  int E_, F_;
  int integer_bits_ = 2;
};

TensorCoreBlock render_block(const TensorCoreTraceBlock& traced, std::size_t K, int F) {
  TensorCoreBlock block;
  block.label = block_label(traced, K);
  block.exponent = traced.exponent;
  block.has_exponent = traced.has_exponent;
  block.sum_units = traced.sum_units;
  block.result = traced.result;
  block.result_format = traced.result_format;
  const AlignedDrawing drawing(traced.exponent, F, traced.sum_units);
  for (const TensorCoreTraceTerm& t : traced.terms) {
    TensorCoreTerm term;
    if (t.is_accumulator) {
      term.label = traced.split_part == 0 && traced.index_in_chain == 0 ? "C" : "acc";
    } else {
      term.label = "A" + std::to_string(t.k) + "*B" + std::to_string(t.k);
    }
    term.negative = t.negative;
    term.zero = t.significand == 0;
    term.nominal_exponent = t.nominal_exponent;
    term.kept_units = t.kept_units;
    term.truncated = t.truncated;
    if (traced.has_exponent) term.aligned = drawing.term(t.significand, t.lsb);
    block.terms.push_back(std::move(term));
  }
  if (traced.has_exponent) {
    block.sum_binary = drawing.units(traced.sum_units < 0 ? std::uint64_t(-traced.sum_units)
                                                          : std::uint64_t(traced.sum_units));
  }
  return block;
}

// C + sum a_k b_k rounded once to nearest even into `out`; NaN for a NaN
// operand, inf * 0 or inf - inf, an infinity of its sign otherwise.
std::uint64_t correctly_rounded(const Format& in, const Format& out,
                                std::span<const std::uint64_t> a, std::span<const std::uint64_t> b,
                                std::uint64_t c) {
  bool nan = false, positive_infinity = false, negative_infinity = false;
  struct Part {
    bool negative;
    BigInteger significand;
    int exponent;
  };
  std::vector<Part> parts;
  auto note = [&](const Unpacked& x, const Unpacked* y) {
    const bool negative = y ? x.negative != y->negative : x.negative;
    const bool infinite = x.is_infinity() || (y && y->is_infinity());
    const bool zero = x.is_zero() || (y && y->is_zero());
    if (x.is_nan() || (y && y->is_nan()) || (infinite && zero)) {
      nan = true;
    } else if (infinite) {
      (negative ? negative_infinity : positive_infinity) = true;
    } else if (!zero) {
      BigInteger significand = x.significand;
      if (y) significand *= y->significand;
      parts.push_back({negative, significand, x.exponent + (y ? y->exponent : 0)});
    }
  };
  const Unpacked accumulator = unpack(out, c);
  note(accumulator, nullptr);
  for (std::size_t k = 0; k < a.size(); ++k) {
    const Unpacked x = unpack(in, a[k]), y = unpack(in, b[k]);
    note(x, &y);
  }
  if (nan || (positive_infinity && negative_infinity)) return out.default_nan_bits();
  if (positive_infinity || negative_infinity)
    return (negative_infinity ? out.sign_mask() : 0) | out.infinity_bits();
  if (parts.empty()) return 0;
  int lowest = parts[0].exponent;
  for (const Part& part : parts) lowest = std::min(lowest, part.exponent);
  BigInteger sum = 0;
  for (const Part& part : parts) {
    const BigInteger scaled = part.significand << (part.exponent - lowest);
    sum += part.negative ? BigInteger(-scaled) : scaled;
  }
  if (sum == 0) return 0;  // an exact zero is +0 (as a sum from +0 to nearest)
  const bool negative = sum < 0;
  return round_rational(out, negative, negative ? BigInteger(-sum) : sum, 1, lowest,
                        Rounding::NearestEven)
      .bits;
}

}  // namespace

TensorCoreExplanation explain(const TensorCoreModel& model, std::span<const std::uint64_t> a,
                              std::span<const std::uint64_t> b, std::uint64_t c) {
  TensorCoreExplanation e;
  e.config = model.config();
  e.parameters = model.parameters();
  const TensorCoreTrace trace = model.trace(a, b, c);
  e.result = trace.result;
  e.special = trace.special;
  for (const TensorCoreTraceBlock& block : trace.blocks)
    e.blocks.push_back(render_block(block, a.size(), e.parameters.fraction_bits));
  const Format& out = model.out();
  if (!trace.final_additions.empty()) {
    std::string text;
    for (const TensorCoreFinalAddition& addition : trace.final_additions) {
      if (!text.empty()) text += "; ";
      text += hex_digits_text(out, addition.before) + " + " +
              hex_digits_text(out, addition.block_result) + " = " +
              hex_digits_text(out, addition.after) + " (round to nearest even)";
    }
    e.final_addition = text;
  }
  e.correctly_rounded = correctly_rounded(model.in(), out, a, b, c);
  const Unpacked result = unpack(out, e.result), correct = unpack(out, e.correctly_rounded);
  if (result.is_finite() && correct.is_finite()) {
    auto ordinal = [&](std::uint64_t bits) {
      const std::int64_t magnitude = std::int64_t(bits & out.magnitude_mask());
      return (bits & out.sign_mask()) ? -magnitude : magnitude;
    };
    e.ulps_from_correct = ordinal(e.result) - ordinal(e.correctly_rounded);
  }
  return e;
}

}  // namespace fpx
