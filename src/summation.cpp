// Summation strategies in emulated arithmetic: see include/fpx/summation.hpp.
//
// Every strategy that can run on a stream (all but Pairwise, Numpy and
// Sorted) is written once, as a StreamingSummation, and sum() and dot() feed
// it the whole vector: so a streaming result is the batch result bit for bit,
// stochastic draws included. Every rounding goes through the fpx core
// (operations.hpp) or ExactAccumulator; the only non-arithmetic steps are
// comparisons of magnitudes (integer comparisons of the magnitude bits, which
// order finite values and infinities of an IEEE-style encoding) and sign
// flips (xor of the sign bit).
#include "fpx/summation.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "fpx/decimal.hpp"
#include "fpx/exact_accumulator.hpp"
#include "fpx/operations.hpp"
#include "fpx/tensor_core.hpp"

namespace fpx {
namespace {

constexpr int default_pairwise_leaf = 1;
constexpr int default_strided_lanes = 32;
constexpr int default_block_size = 256;
constexpr int largest_parameter = 1 << 30;

int parameter_or_default(const Strategy& strategy) {
  if (strategy.parameter < 0) throw std::invalid_argument("summation: negative strategy parameter");
  if (strategy.parameter != 0) return strategy.parameter;
  switch (strategy.kind) {
    case StrategyKind::Pairwise: return default_pairwise_leaf;
    case StrategyKind::Strided: return default_strided_lanes;
    case StrategyKind::Blocked: return default_block_size;
    default: return 0;
  }
}

bool is_nearest(Rounding mode) {
  return mode == Rounding::NearestEven || mode == Rounding::NearestAway;
}

// The state every strategy shares: formats, modes, the random source, and
// the union of the flags raised so far. Copyable, so that result() can finish
// a copy and leave the stream as it was.
struct Context {
  const Format* input;
  const Format* accumulator;
  const Format* product_format;
  Rounding conversion_mode;  // options.rounding: conversions of the inputs
  Rounding mode;             // additions, products: Stochastic for the stochastic strategy
  Tininess tininess;
  StochasticSource source;
  Flags flags;

  Context(const SummationOptions& options, bool stochastic)
      : input(options.input_format),
        accumulator(&options.accumulator()),
        product_format(&options.product()),
        conversion_mode(options.rounding),
        mode(stochastic ? Rounding::Stochastic : options.rounding),
        tininess(options.tininess),
        source(options.seed) {
    if (!input) throw std::invalid_argument("summation: no input format");
  }

  RoundingOptions rounding_options() { return RoundingOptions{tininess, &source}; }
  std::uint64_t take(Rounded r) {
    flags |= r.flags;
    return r.bits;
  }

  std::uint64_t add(std::uint64_t a, std::uint64_t b) {
    return take(fpx::add(*accumulator, a, b, mode, rounding_options()));
  }
  std::uint64_t subtract(std::uint64_t a, std::uint64_t b) {
    return take(fpx::subtract(*accumulator, a, b, mode, rounding_options()));
  }
  std::uint64_t multiply(std::uint64_t a, std::uint64_t b) {
    return take(fpx::multiply(*accumulator, a, b, mode, rounding_options()));
  }
  std::uint64_t fma(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    return take(fpx::fused_multiply_add(*accumulator, a, b, c, mode, rounding_options()));
  }
  std::uint64_t negate(std::uint64_t a) const { return a ^ accumulator->sign_mask(); }
  // |a| >= |b| on encodings of the accumulator format.
  bool magnitude_at_least(std::uint64_t a, std::uint64_t b) const {
    return (a & accumulator->magnitude_mask()) >= (b & accumulator->magnitude_mask());
  }
  std::uint64_t zero() const { return 0; }

  std::uint64_t convert(const Format& from, const Format& to, std::uint64_t bits, Rounding how) {
    if (from == to) return bits;
    return take(fpx::convert(from, to, bits, how, rounding_options()));
  }
  // An input term in the accumulator format.
  std::uint64_t term(std::uint64_t bits) {
    return convert(*input, *accumulator, bits, conversion_mode);
  }
  // An input factor in the accumulator format (Fma, Dot2).
  std::uint64_t factor(std::uint64_t bits) { return term(bits); }
  // rn(a * b) in the product format, then in the accumulator format.
  std::uint64_t product(std::uint64_t a, std::uint64_t b) {
    const Format& p = *product_format;
    const std::uint64_t x = convert(*input, p, a, conversion_mode);
    const std::uint64_t y = convert(*input, p, b, conversion_mode);
    const std::uint64_t xy = take(fpx::multiply(p, x, y, mode, rounding_options()));
    return convert(p, *accumulator, xy, mode);
  }
};

// Recursive halving (Higham 2002, section 4.1): ranges of at most `leaf`
// terms are summed serially from +0; the left half has floor(n/2) terms.
std::uint64_t pairwise_sum(Context& c, const std::uint64_t* x, std::size_t n, std::size_t leaf) {
  if (n <= leaf) {
    std::uint64_t s = c.zero();
    for (std::size_t i = 0; i < n; ++i) s = c.add(s, x[i]);
    return s;
  }
  const std::size_t half = n / 2;
  const std::uint64_t left = pairwise_sum(c, x, half, leaf);
  const std::uint64_t right = pairwise_sum(c, x + half, n - half, leaf);
  return c.add(left, right);
}

// numpy's pairwise_sum (numpy/_core/src/umath/loops_utils.h.src), operation
// for operation; where C leaves the order of evaluation open, left to right.
std::uint64_t numpy_sum(Context& c, const std::uint64_t* x, std::size_t n) {
  constexpr std::size_t block = 128;
  if (n < 8) {
    std::uint64_t s = c.accumulator->sign_mask();  // numpy starts at -0.0
    for (std::size_t i = 0; i < n; ++i) s = c.add(s, x[i]);
    return s;
  }
  if (n <= block) {
    std::uint64_t r[8];
    for (std::size_t j = 0; j < 8; ++j) r[j] = x[j];
    std::size_t i = 8;
    for (; i < n - n % 8; i += 8)
      for (std::size_t j = 0; j < 8; ++j) r[j] = c.add(r[j], x[i + j]);
    const std::uint64_t r01 = c.add(r[0], r[1]);
    const std::uint64_t r23 = c.add(r[2], r[3]);
    const std::uint64_t r0123 = c.add(r01, r23);
    const std::uint64_t r45 = c.add(r[4], r[5]);
    const std::uint64_t r67 = c.add(r[6], r[7]);
    const std::uint64_t r4567 = c.add(r45, r67);
    std::uint64_t s = c.add(r0123, r4567);
    for (; i < n; ++i) s = c.add(s, x[i]);
    return s;
  }
  std::size_t half = n / 2;
  half -= half % 8;
  const std::uint64_t left = numpy_sum(c, x, half);
  const std::uint64_t right = numpy_sum(c, x + half, n - half);
  return c.add(left, right);
}

// ---------------------------------------------------------------------------
// Streaming strategies.

class Stream : public StreamingSummation {
 public:
  explicit Stream(const SummationOptions& options, bool stochastic = false)
      : context_(options, stochastic) {}
  void add(std::uint64_t term) override { push(context_.term(term)); }
  void add_product(std::uint64_t a, std::uint64_t b) override { push(context_.product(a, b)); }
  Rounded result() const override {
    Context copy = context_;
    const std::uint64_t bits = finish(copy);
    return Rounded{bits, copy.flags};
  }

 protected:
  // One term, already in the accumulator format.
  virtual void push(std::uint64_t x) = 0;
  // The result, computed on a copy of the context.
  virtual std::uint64_t finish(Context& c) const = 0;

  Context context_;
};

// s = +0; s = rn(s + x_i).
class SerialStream : public Stream {
 public:
  using Stream::Stream;

 protected:
  void push(std::uint64_t x) override { s_ = context_.add(s_, x); }
  std::uint64_t finish(Context&) const override { return s_; }

 private:
  std::uint64_t s_ = 0;
};

// t = +0; t = fma(a_i, b_i, t) in the accumulator format.
class FmaStream : public Stream {
 public:
  using Stream::Stream;
  void add(std::uint64_t) override {
    throw std::invalid_argument("summation: the fma strategy is for dot products only");
  }
  void add_product(std::uint64_t a, std::uint64_t b) override {
    const std::uint64_t x = context_.factor(a);
    const std::uint64_t y = context_.factor(b);
    t_ = context_.fma(x, y, t_);
  }

 protected:
  void push(std::uint64_t) override {}
  std::uint64_t finish(Context&) const override { return t_; }

 private:
  std::uint64_t t_ = 0;
};

// Lane i mod P sums term i serially from +0; the lanes are then combined by
// pairwise_sum (leaf 1).
class StridedStream : public Stream {
 public:
  StridedStream(const SummationOptions& options, int lanes)
      : Stream(options), lanes_(std::size_t(lanes), 0) {}

 protected:
  void push(std::uint64_t x) override {
    std::uint64_t& lane = lanes_[next_];
    lane = context_.add(lane, x);
    next_ = next_ + 1 == lanes_.size() ? 0 : next_ + 1;
  }
  std::uint64_t finish(Context& c) const override {
    return pairwise_sum(c, lanes_.data(), lanes_.size(), 1);
  }

 private:
  std::vector<std::uint64_t> lanes_;
  std::size_t next_ = 0;
};

// Serial from +0 inside blocks of B terms; the block sums serially from +0.
class BlockedStream : public Stream {
 public:
  BlockedStream(const SummationOptions& options, int block) : Stream(options), block_(block) {}

 protected:
  void push(std::uint64_t x) override {
    partial_ = context_.add(partial_, x);
    if (++count_ == std::size_t(block_)) {
      total_ = context_.add(total_, partial_);
      partial_ = 0;
      count_ = 0;
    }
  }
  std::uint64_t finish(Context& c) const override {
    return count_ == 0 ? total_ : c.add(total_, partial_);
  }

 private:
  int block_;
  std::uint64_t partial_ = 0, total_ = 0;
  std::size_t count_ = 0;
};

// Higham (2002), Algorithm 4.2: s = 0; e = 0; temp = s; y = x_i + e;
// s = temp + y; e = (temp - s) + y. The result is s.
class KahanStream : public Stream {
 public:
  using Stream::Stream;

 protected:
  void push(std::uint64_t x) override {
    const std::uint64_t temp = s_;
    const std::uint64_t y = context_.add(x, e_);
    s_ = context_.add(temp, y);
    e_ = context_.add(context_.subtract(temp, s_), y);
  }
  std::uint64_t finish(Context&) const override { return s_; }

 private:
  std::uint64_t s_ = 0, e_ = 0;
};

// The error of t = rn(s + x) by Fast2Sum on the larger and the smaller
// magnitude (exact in round to nearest): (s - t) + x if |s| >= |x|, else
// (x - t) + s.
std::uint64_t branch_error(Context& c, std::uint64_t s, std::uint64_t x, std::uint64_t t) {
  if (c.magnitude_at_least(s, x)) return c.add(c.subtract(s, t), x);
  return c.add(c.subtract(x, t), s);
}

// Neumaier (1974): t = s + x; c += branch_error; s = t. The result is s + c.
class NeumaierStream : public Stream {
 public:
  using Stream::Stream;

 protected:
  void push(std::uint64_t x) override {
    const std::uint64_t t = context_.add(s_, x);
    c_ = context_.add(c_, branch_error(context_, s_, x, t));
    s_ = t;
  }
  std::uint64_t finish(Context& c) const override { return c.add(s_, c_); }

 private:
  std::uint64_t s_ = 0, c_ = 0;
};

// Klein (2006), second order: the errors of the sum are summed by
// Kahan-Babuska-Neumaier into cs, whose errors go into ccs. The result is
// s + (cs + ccs).
class KleinStream : public Stream {
 public:
  using Stream::Stream;

 protected:
  void push(std::uint64_t x) override {
    std::uint64_t t = context_.add(s_, x);
    const std::uint64_t c = branch_error(context_, s_, x, t);
    s_ = t;
    t = context_.add(cs_, c);
    const std::uint64_t cc = branch_error(context_, cs_, c, t);
    cs_ = t;
    ccs_ = context_.add(ccs_, cc);
  }
  std::uint64_t finish(Context& c) const override { return c.add(s_, c.add(cs_, ccs_)); }

 private:
  std::uint64_t s_ = 0, cs_ = 0, ccs_ = 0;
};

// Knuth's TwoSum: x = rn(a + b), y = (a - (x - z)) + (b - z) with z = x - a.
void two_sum(Context& c, std::uint64_t a, std::uint64_t b, std::uint64_t& x, std::uint64_t& y) {
  x = c.add(a, b);
  const std::uint64_t z = c.subtract(x, a);
  y = c.add(c.subtract(a, c.subtract(x, z)), c.subtract(b, z));
}

// Ogita, Rump and Oishi (2005), Algorithm 4.4 (Sum2): p = x_1, s = 0;
// [p, q] = TwoSum(p, x_i); s = s + q; the result is p + s. Dot products:
// Algorithm 5.3 (Dot2) with TwoProduct by FMA: h = rn(a b), r = fma(a, b, -h);
// [p, s] = TwoProduct(a_1, b_1); then [p, q] = TwoSum(p, h), s = s + (q + r).
class Sum2Stream : public Stream {
 public:
  using Stream::Stream;
  void add_product(std::uint64_t a, std::uint64_t b) override {
    const std::uint64_t x = context_.factor(a);
    const std::uint64_t y = context_.factor(b);
    const std::uint64_t h = context_.multiply(x, y);
    const std::uint64_t r = context_.fma(x, y, context_.negate(h));
    if (!started_) {
      p_ = h;
      s_ = r;
      started_ = true;
      return;
    }
    std::uint64_t q = 0;
    two_sum(context_, p_, h, p_, q);
    s_ = context_.add(s_, context_.add(q, r));
  }

 protected:
  void push(std::uint64_t x) override {
    if (!started_) {
      p_ = x;
      started_ = true;
      return;
    }
    std::uint64_t q = 0;
    two_sum(context_, p_, x, p_, q);
    s_ = context_.add(s_, q);
  }
  std::uint64_t finish(Context& c) const override { return started_ ? c.add(p_, s_) : 0; }

 private:
  bool started_ = false;
  std::uint64_t p_ = 0, s_ = 0;
};

// The exact sum of the inputs (or of their exact products) in the input
// format, rounded once into the accumulator format.
class ExactStream : public Stream {
 public:
  explicit ExactStream(const SummationOptions& options)
      : Stream(options), accumulator_(*options.input_format) {}
  void add(std::uint64_t term) override { accumulator_.add(term); }
  void add_product(std::uint64_t a, std::uint64_t b) override { accumulator_.add_product(a, b); }

 protected:
  void push(std::uint64_t) override {}
  std::uint64_t finish(Context& c) const override {
    return c.take(accumulator_.round(*c.accumulator, c.conversion_mode, c.rounding_options()));
  }

 private:
  ExactAccumulator accumulator_;
};

std::unique_ptr<StreamingSummation> make_stream(const Strategy& strategy,
                                                const SummationOptions& options) {
  const int parameter = parameter_or_default(strategy);
  switch (strategy.kind) {
    case StrategyKind::Serial: return std::make_unique<SerialStream>(options);
    case StrategyKind::Fma: return std::make_unique<FmaStream>(options);
    case StrategyKind::Strided: return std::make_unique<StridedStream>(options, parameter);
    case StrategyKind::Blocked: return std::make_unique<BlockedStream>(options, parameter);
    case StrategyKind::Kahan: return std::make_unique<KahanStream>(options);
    case StrategyKind::Neumaier: return std::make_unique<NeumaierStream>(options);
    case StrategyKind::Klein: return std::make_unique<KleinStream>(options);
    case StrategyKind::Sum2: return std::make_unique<Sum2Stream>(options);
    case StrategyKind::Stochastic: return std::make_unique<SerialStream>(options, true);
    case StrategyKind::Exact: return std::make_unique<ExactStream>(options);
    case StrategyKind::Pairwise:
    case StrategyKind::Numpy:
    case StrategyKind::Sorted:
    case StrategyKind::TensorCore: return nullptr;
  }
  return nullptr;
}

// Pairwise, Numpy, Sorted on terms already in the accumulator format.
std::uint64_t whole_vector_sum(const Strategy& strategy, Context& c,
                               std::vector<std::uint64_t>& x) {
  switch (strategy.kind) {
    case StrategyKind::Pairwise:
      return pairwise_sum(c, x.data(), x.size(), std::size_t(parameter_or_default(strategy)));
    case StrategyKind::Numpy: return x.empty() ? 0 : numpy_sum(c, x.data(), x.size());
    case StrategyKind::Sorted: {
      const std::uint64_t mask = c.accumulator->magnitude_mask();
      std::stable_sort(x.begin(), x.end(), [mask](std::uint64_t a, std::uint64_t b) {
        return (a & mask) < (b & mask);
      });
      std::uint64_t s = c.zero();
      for (std::uint64_t term : x) s = c.add(s, term);
      return s;
    }
    default: break;
  }
  throw std::logic_error("summation: not a whole-vector strategy");
}

}  // namespace

// ---------------------------------------------------------------------------
// Names.

std::string Strategy::name(bool dot) const {
  switch (kind) {
    case StrategyKind::Serial: return "serial";
    case StrategyKind::Fma: return "fma";
    case StrategyKind::Pairwise:
      return parameter == 0 ? "pairwise" : "pairwise:" + std::to_string(parameter);
    case StrategyKind::Numpy: return "numpy";
    case StrategyKind::Strided:
      return "strided:" + std::to_string(parameter == 0 ? default_strided_lanes : parameter);
    case StrategyKind::Blocked:
      return "blocked:" + std::to_string(parameter == 0 ? default_block_size : parameter);
    case StrategyKind::Kahan: return "kahan";
    case StrategyKind::Neumaier: return "neumaier";
    case StrategyKind::Klein: return "klein";
    case StrategyKind::Sum2: return dot ? "dot2" : "sum2";
    case StrategyKind::Sorted: return "sorted";
    case StrategyKind::Stochastic: return "stochastic";
    case StrategyKind::Exact: return "exact";
    case StrategyKind::TensorCore: {
      const auto arch = TensorCoreArch(parameter % 16);
      const auto instruction = TensorCoreInstruction(parameter / 16);
      return "mma:" + std::string(arch_name(arch)) +
             (instruction == TensorCoreInstruction::Wgmma ? ":wgmma" : "");
    }
  }
  return "unknown";
}

namespace {

// "mma:h100", "mma:h100:wgmma".
std::optional<Strategy> parse_tensor_core_strategy(std::string_view name) {
  std::string_view rest = name.substr(4);
  auto instruction = TensorCoreInstruction::Mma;
  if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
    const auto parsed = parse_instruction(rest.substr(colon + 1));
    if (!parsed) return std::nullopt;
    instruction = *parsed;
    rest = rest.substr(0, colon);
  }
  const auto arch = parse_arch(rest);
  if (!arch) return std::nullopt;
  return Strategy{StrategyKind::TensorCore, int(*arch) + 16 * int(instruction)};
}

// The tensor-core dot product. Tensor cores take binary16, bfloat16, tf32
// and fp8 factors and return binary32; binary32 data goes through TF32 first
// (rounded to nearest, as PyTorch's allow_tf32 does), and a result for
// another accumulator format is rounded into it in options.rounding. The
// model itself raises no flags; the conversions' flags are reported.
Rounded tensor_core_strategy_dot(const Strategy& strategy, std::span<const std::uint64_t> a,
                                 std::span<const std::uint64_t> b,
                                 const SummationOptions& options) {
  const Format* input = options.input_format;
  Flags flags;
  std::vector<std::uint64_t> x(a.begin(), a.end()), y(b.begin(), b.end());
  if (!tensor_core_input_for(*input)) {
    if (*input != binary32)
      throw std::invalid_argument(
          "summation: tensor cores take binary16, bfloat16, tf32 or fp8 inputs (binary32 goes "
          "through tf32)");
    for (auto* vector : {&x, &y})
      for (std::uint64_t& value : *vector) {
        const Rounded rounded = convert(binary32, tf32, value, Rounding::NearestEven);
        flags |= rounded.flags;
        value = rounded.bits;
      }
    input = &tf32;
  }
  Rounded out{tensor_core_dot(TensorCoreArch(strategy.parameter % 16), *input, x, y,
                              TensorCoreInstruction(strategy.parameter / 16)),
              flags};
  if (options.accumulator() != binary32) {
    StochasticSource random(options.seed);
    const Rounded rounded = convert(binary32, options.accumulator(), out.bits, options.rounding,
                                    RoundingOptions{options.tininess, &random});
    out = Rounded{rounded.bits, out.flags | rounded.flags};
  }
  return out;
}

}  // namespace

std::optional<Strategy> parse_strategy(std::string_view name) {
  if (name.starts_with("mma:")) return parse_tensor_core_strategy(name);
  std::string_view base = name;
  std::optional<int> parameter;
  if (const auto colon = name.find(':'); colon != std::string_view::npos) {
    base = name.substr(0, colon);
    const std::string_view digits = name.substr(colon + 1);
    if (digits.empty() || digits.size() > 10) return std::nullopt;
    for (char ch : digits)
      if (ch < '0' || ch > '9') return std::nullopt;
    long long value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
    if (value < 1 || value > largest_parameter) return std::nullopt;
    parameter = int(value);
  }
  static constexpr std::pair<std::string_view, StrategyKind> names[] = {
      {"serial", StrategyKind::Serial},
      {"fma", StrategyKind::Fma},
      {"pairwise", StrategyKind::Pairwise},
      {"numpy", StrategyKind::Numpy},
      {"strided", StrategyKind::Strided},
      {"blocked", StrategyKind::Blocked},
      {"kahan", StrategyKind::Kahan},
      {"neumaier", StrategyKind::Neumaier},
      {"klein", StrategyKind::Klein},
      {"sum2", StrategyKind::Sum2},
      {"dot2", StrategyKind::Sum2},
      {"sorted", StrategyKind::Sorted},
      {"stochastic", StrategyKind::Stochastic},
      {"exact", StrategyKind::Exact},
  };
  for (const auto& [text, kind] : names) {
    if (text != base) continue;
    const bool takes_parameter = kind == StrategyKind::Pairwise || kind == StrategyKind::Strided ||
                                 kind == StrategyKind::Blocked;
    if (parameter && !takes_parameter) return std::nullopt;
    return Strategy{kind, parameter.value_or(0)};
  }
  return std::nullopt;
}

std::vector<Strategy> all_strategies(bool dot) {
  std::vector<Strategy> out;
  for (StrategyKind kind :
       {StrategyKind::Serial, StrategyKind::Fma, StrategyKind::Pairwise, StrategyKind::Numpy,
        StrategyKind::Strided, StrategyKind::Blocked, StrategyKind::Kahan, StrategyKind::Neumaier,
        StrategyKind::Klein, StrategyKind::Sum2, StrategyKind::Sorted, StrategyKind::Stochastic,
        StrategyKind::Exact}) {
    if (kind == StrategyKind::Fma && !dot) continue;
    out.push_back(Strategy{kind, 0});
  }
  return out;
}

bool needs_whole_vector(const Strategy& strategy) {
  return strategy.kind == StrategyKind::Pairwise || strategy.kind == StrategyKind::Numpy ||
         strategy.kind == StrategyKind::Sorted || strategy.kind == StrategyKind::TensorCore;
}

// ---------------------------------------------------------------------------
// sum, dot, streams.

std::unique_ptr<StreamingSummation> make_streaming_summation(const Strategy& strategy,
                                                             const SummationOptions& options) {
  return make_stream(strategy, options);
}

Rounded sum(const Strategy& strategy, std::span<const std::uint64_t> terms,
            const SummationOptions& options) {
  if (strategy.kind == StrategyKind::Fma)
    throw std::invalid_argument("summation: the fma strategy is for dot products only");
  if (strategy.kind == StrategyKind::TensorCore) {
    // A sum on tensor cores is a dot product with ones.
    const std::uint64_t one = parse_number(*options.input_format, "1", Rounding::NearestEven).bits;
    const std::vector<std::uint64_t> ones(terms.size(), one);
    return tensor_core_strategy_dot(strategy, terms, ones, options);
  }
  if (auto stream = make_stream(strategy, options)) {
    for (std::uint64_t term : terms) stream->add(term);
    return stream->result();
  }
  Context c(options, false);
  std::vector<std::uint64_t> x;
  x.reserve(terms.size());
  for (std::uint64_t term : terms) x.push_back(c.term(term));
  const std::uint64_t bits = whole_vector_sum(strategy, c, x);
  return Rounded{bits, c.flags};
}

Rounded dot(const Strategy& strategy, std::span<const std::uint64_t> a,
            std::span<const std::uint64_t> b, const SummationOptions& options) {
  if (a.size() != b.size()) throw std::invalid_argument("dot: vectors of different lengths");
  if (strategy.kind == StrategyKind::TensorCore)
    return tensor_core_strategy_dot(strategy, a, b, options);
  if (auto stream = make_stream(strategy, options)) {
    for (std::size_t i = 0; i < a.size(); ++i) stream->add_product(a[i], b[i]);
    return stream->result();
  }
  Context c(options, false);
  std::vector<std::uint64_t> x;
  x.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) x.push_back(c.product(a[i], b[i]));
  const std::uint64_t bits = whole_vector_sum(strategy, c, x);
  return Rounded{bits, c.flags};
}

// ---------------------------------------------------------------------------
// Error bounds. Model (Higham 2002, section 2.2): without underflow and
// overflow every operation returns (exact)(1 + d), |d| <= u, with u = 2^-p in
// the nearest modes and 2^(1-p) in the others (directed, to odd, stochastic).

namespace {

Rational unit_roundoff(const Format& format, Rounding mode) {
  Rational u(1);
  u /= Rational(boost::multiprecision::cpp_int(1) << format.precision);
  return is_nearest(mode) ? u : 2 * u;
}

// Smallest d >= 0 with base * 2^d >= n (n, base >= 1).
std::size_t levels(std::size_t n, std::size_t base) {
  std::size_t d = 0;
  boost::multiprecision::cpp_int reach = base;
  while (reach < n) {
    reach *= 2;
    ++d;
  }
  return d;
}

std::size_t ceil_div(std::size_t a, std::size_t b) { return a / b + (a % b != 0); }

// Higham's gamma_k = k u / (1 - k u), defined for k u < 1.
std::optional<Rational> gamma(std::size_t k, const Rational& u) {
  const Rational ku = Rational(boost::multiprecision::cpp_int(k)) * u;
  if (ku >= 1) return std::nullopt;
  return ku / (1 - ku);
}

// A bound on |prod (1 + d_i)^(+-1) - 1| over k factors: gamma_k when k u < 1,
// else (1 + u)^k - 1 <= e^(k u) - 1 <= 2^ceil(3 k u / 2) - 1 (as 3/2 >
// 1/ln 2), a weak but valid bound that needs no hypothesis.
Rational chain(std::size_t k, const Rational& u, bool& fallback) {
  if (auto g = gamma(k, u)) return *g;
  fallback = true;
  const Rational e = Rational(3 * boost::multiprecision::cpp_int(k)) * u / 2;
  boost::multiprecision::cpp_int exponent =
      boost::multiprecision::numerator(e) / boost::multiprecision::denominator(e);
  if (Rational(exponent) < e) ++exponent;
  return Rational((boost::multiprecision::cpp_int(1) << int(exponent)) - 1);
}

// The most roundings any term meets in numpy_sum of n terms.
std::size_t numpy_depth(std::size_t n) {
  if (n < 8) return n == 0 ? 0 : n - 1;
  if (n <= 128) return n / 8 - 1 + 3 + n % 8;
  std::size_t half = n / 2;
  half -= half % 8;
  return 1 + std::max(numpy_depth(half), numpy_depth(n - half));
}

// What rounds a term before the summation proper.
struct PreRounding {
  std::size_t count = 0;  // roundings on the way (products: factors' and the product's)
  Rational unit = 0;      // the largest unit roundoff among them
};

PreRounding pre_rounding(StrategyKind kind, bool dot, const SummationOptions& options,
                         Rounding mode) {
  const Format& in = *options.input_format;
  const Format& acc = options.accumulator();
  const Format& prod = options.product();
  PreRounding out;
  auto note = [&](std::size_t count, const Format& format) {
    if (count == 0) return;
    out.count += count;
    out.unit = std::max(out.unit, unit_roundoff(format, mode));
  };
  if (kind == StrategyKind::Exact) return out;
  if (!dot) {
    note(in.precision > acc.precision ? 1 : 0, acc);
    return out;
  }
  if (kind == StrategyKind::Fma || kind == StrategyKind::Sum2) {
    note(in.precision > acc.precision ? 2 : 0, acc);
    return out;
  }
  const int factor_precision = std::min(in.precision, prod.precision);
  note(in.precision > prod.precision ? 2 : 0, prod);
  const bool exact_product = 2 * factor_precision <= prod.precision;
  note(exact_product ? 0 : 1, prod);
  const int product_precision = exact_product ? 2 * factor_precision : prod.precision;
  note(!(prod == acc) && product_precision > acc.precision ? 1 : 0, acc);
  return out;
}

ErrorBound no_bound(std::string why, std::string source) {
  ErrorBound out;
  out.relative = -1;
  out.absolute = -1;
  out.formula = "no bound known: " + std::move(why) + " (relative and absolute set to -1)";
  out.source = std::move(source);
  return out;
}

}  // namespace

ErrorBound error_bound(const Strategy& strategy, std::size_t n, bool dot,
                       const SummationOptions& options) {
  if (!options.input_format) throw std::invalid_argument("error_bound: no input format");
  if (strategy.kind == StrategyKind::Fma && !dot)
    throw std::invalid_argument("error_bound: the fma strategy is for dot products only");
  const int parameter = parameter_or_default(strategy);
  const Format& acc = options.accumulator();
  const Rounding mode =
      strategy.kind == StrategyKind::Stochastic ? Rounding::Stochastic : options.rounding;
  const bool nearest = is_nearest(mode);
  const Rational u = unit_roundoff(acc, mode);
  const PreRounding pre = pre_rounding(strategy.kind, dot, options, mode);
  const std::string terms = dot ? "sum|a_i b_i|" : "sum|x_i|";
  const std::string pre_text =
      pre.count == 0 ? ""
                     : " + " + std::to_string(pre.count) +
                           (dot ? " roundings of factors and products" : " rounding of the input");
  const std::string u_text =
      std::string(nearest ? "u = 2^-p" : "u = 2^(1-p)") + " of the accumulator format" +
      (pre.count != 0 && pre.unit > u ? " (or of the product format, the larger)" : "");
  const std::string assumption = "; no underflow or overflow";

  ErrorBound out;
  // Strategies whose every term goes through a chain of at most k roundings.
  auto chained = [&](std::size_t k, const std::string& k_text, const std::string& source) {
    const Rational unit = std::max(u, pre.unit);
    bool fallback = false;
    out.absolute = chain(k + pre.count, unit, fallback);
    out.formula = "gamma(k) * " + terms + ", k = " + k_text + pre_text + " = " +
                  std::to_string(k + pre.count) + ", gamma(k) = k u / (1 - k u), " + u_text +
                  assumption;
    if (fallback)
      out.formula += "; as k u >= 1, gamma(k) is replaced by 2^ceil(3 k u / 2) - 1 >= (1+u)^k - 1";
    out.source = source;
    return out;
  };
  // Compensated strategies: a bound r |s~| + a S~ on the terms after their
  // pre-rounding, s~ = s (1 + t), |t| <= g: so r |s| + (a (1 + g) + g + r g) S.
  auto compose = [&](Rational relative, Rational absolute) {
    bool fallback = false;
    const Rational g = pre.count == 0 ? Rational(0) : chain(pre.count, pre.unit, fallback);
    out.relative = relative;
    out.absolute = absolute * (1 + g) + g + relative * g;
  };
  auto pre_note = [&]() {
    return pre.count == 0
               ? std::string()
               : "; with g = gamma(" + std::to_string(pre.count) +
                     ") for the rounding of the terms before the sum (" + pre_text.substr(3) +
                     "): relative r and absolute a (1 + g) + g + r g";
  };
  const std::string higham = "Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed. 2002";
  const std::size_t m = std::max<std::size_t>(n, 1);

  switch (strategy.kind) {
    case StrategyKind::Serial:
    case StrategyKind::Sorted:
    case StrategyKind::Stochastic: {
      std::string source = higham + (dot ? ", (3.5)" : ", (4.4)");
      if (strategy.kind == StrategyKind::Sorted) source += ", for any order";
      if (strategy.kind == StrategyKind::Stochastic)
        source += "; a deterministic bound, which holds for every stochastic draw (|d| < 2^(1-p))";
      return chained(m - 1, "n - 1 additions", source);
    }
    case StrategyKind::Fma:
      return chained(n, "n fused multiply-adds", higham + ", (3.5) with one rounding per step");
    case StrategyKind::Pairwise: {
      const std::size_t leaf = std::size_t(parameter);
      const std::size_t k = n == 0 ? 0 : std::min(leaf, n) - 1 + levels(n, leaf);
      return chained(k, "L - 1 + ceil(log2(n/L)) with leaf size L = " + std::to_string(leaf),
                     higham + ", section 4.2 (pairwise summation)");
    }
    case StrategyKind::Numpy:
      return chained(numpy_depth(n),
                     "the most roundings a term meets in numpy's pairwise_sum, k(n) = n - 1 "
                     "(n < 8), floor(n/8) + 2 + (n mod 8) (n <= 128), 1 + max(k(n2), k(n - n2)) "
                     "(n2 = floor(n/2) rounded down to a multiple of 8)",
                     higham +
                         ", section 4.2, with k derived by us from numpy's recursion "
                         "(numpy/_core/src/umath/loops_utils.h.src)");
    case StrategyKind::Strided: {
      const std::size_t lanes = std::size_t(parameter);
      const std::size_t k = n == 0 ? 0 : ceil_div(n, lanes) - 1 + levels(lanes, 1);
      return chained(k, "ceil(n/P) - 1 + ceil(log2 P) with P = " + std::to_string(lanes),
                     higham + ", (4.4) in each lane and section 4.2 across lanes");
    }
    case StrategyKind::Blocked: {
      const std::size_t block = std::size_t(parameter);
      const std::size_t k = n == 0 ? 0 : std::min(block, n) - 1 + ceil_div(n, block) - 1;
      return chained(k, "B - 1 + ceil(n/B) - 1 with B = " + std::to_string(block),
                     higham + ", (4.4) inside and across blocks");
    }
    case StrategyKind::Kahan: {
      // Derived by us for any rounding with |d| <= u (Higham's (4.8), 2u +
      // O(n u^2), states no constant): with y = rn(x + e), s' = rn(s + y),
      // e' = rn(rn(s - s') + y), the error of s + e changes by at most
      // u|x+e| + u(1+u)|y| + u^2 (2+u)|s+y| per term and |e| <= 5 u S, |s| <= 2S
      // by induction; the result s misses the final e: 7u + 20 n u^2.
      const Rational nu = Rational(boost::multiprecision::cpp_int(n)) * u;
      if (u > Rational(1, 64) || 10 * nu > 1)
        return no_bound("the derived bound needs u <= 1/64 and 10 n u <= 1",
                        "derived by us, after Higham 2002 (4.8) and Knuth TAOCP vol. 2, 4.2.2");
      compose(0, 7 * u + 20 * nu * u);
      out.formula = "(7u + 20 n u^2) * " + terms + ", " + u_text + assumption + pre_note();
      out.source =
          "with a constant we derived (any rounding mode); Higham 2002 (4.8) gives 2u + "
          "O(n u^2) in round to nearest; Kahan 1965, Knuth TAOCP vol. 2, 4.2.2";
      return out;
    }
    case StrategyKind::Neumaier: {
      const auto gn = gamma(n, u), gn1 = gamma(n == 0 ? 0 : n - 1, u);
      const std::string source =
          "Neumaier 1974 (ZAMM 54), Knuth TAOCP vol. 2, 4.2.2; with constants we derived";
      if (!gn || !gn1) return no_bound("needs n u < 1", source);
      if (nearest) {
        // Fast2Sum on the larger magnitude is exact in round to nearest: the
        // corrections are the exact errors q_i, sum|q_i| <= gamma(n) S, summed
        // with error gamma(n-1) sum|q_i|; the final addition gives u|s|.
        compose(u, (1 + u) * *gn1 * *gn);
        out.formula = "u |s| + (1 + u) gamma(n-1) gamma(n) * " + terms + ", " + u_text +
                      assumption + pre_note();
      } else {
        // Without exact Fast2Sum each correction misses the error by at most
        // u(1+u)|x_i| + u^2 (2+u) |s + x_i|, |s + x_i| <= S / (1 - n u).
        const Rational nu = Rational(boost::multiprecision::cpp_int(n)) * u;
        const Rational d = u * (1 + u) + nu * u * (2 + u) / (1 - nu);
        compose(u, (1 + u) * (*gn1 * (*gn + d) + d));
        out.formula = "u |s| + (1 + u) (gamma(n-1) (gamma(n) + D) + D) * " + terms +
                      ", D = u (1 + u) + n u^2 (2 + u) / (1 - n u), " + u_text + assumption +
                      pre_note();
      }
      out.source = source;
      return out;
    }
    case StrategyKind::Klein: {
      const std::string source =
          "Klein, A generalized Kahan-Babuska summation algorithm, Computing 76 (2006); with "
          "constants we derived";
      const auto gn = gamma(n, u), gn1 = gamma(n == 0 ? 0 : n - 1, u);
      if (!nearest)
        return no_bound("the derivation needs exact Fast2Sum (round to nearest)", source);
      if (!gn || !gn1) return no_bound("needs n u < 1", source);
      // The first level's corrections are the exact errors (sum <= gamma(n) S),
      // summed by a second Neumaier level with error gamma(n-1) gamma(n) of
      // their sum; rounding cs + ccs costs u gamma(n) S, the last addition u|s|.
      compose(u, (1 + u) * ((1 + u) * *gn1 * *gn * *gn + u * *gn));
      out.formula = "u |s| + (1 + u) ((1 + u) gamma(n-1) gamma(n)^2 + u gamma(n)) * " + terms +
                    ", " + u_text + assumption + pre_note();
      out.source = source;
      return out;
    }
    case StrategyKind::Sum2: {
      const std::string source =
          dot ? "Ogita, Rump and Oishi, Accurate sum and dot product, SIAM J. Sci. Comput. 26(6) "
                "2005, Proposition 5.5 (Dot2)"
              : "Ogita, Rump and Oishi, Accurate sum and dot product, SIAM J. Sci. Comput. 26(6) "
                "2005, Proposition 4.5 (Sum2)";
      if (!nearest)
        return no_bound("TwoSum and TwoProduct are error-free only in round to nearest", source);
      const auto g = gamma(dot ? n : (n == 0 ? 0 : n - 1), u);
      if (!g || Rational(boost::multiprecision::cpp_int(n)) * u >= 1)
        return no_bound("needs n u < 1", source);
      compose(u, *g * *g);
      out.formula = std::string("u |s| + gamma(") + (dot ? "n" : "n-1") + ")^2 * " + terms + ", " +
                    u_text + assumption + pre_note();
      out.source = source;
      return out;
    }
    case StrategyKind::TensorCore:
      return no_bound(
          "no a-priori bound is derived for the tensor-core model (truncation to F bits per block)",
          "tensor_core.hpp; MMA-Sim, arXiv 2511.10909");
    case StrategyKind::Exact:
      out.relative = u;
      out.absolute = 0;
      out.formula = "u |s|: one rounding of the exact sum, " + u_text + assumption;
      out.source = "IEEE 754-2019 correct rounding (" + higham + ", (2.4))";
      return out;
  }
  throw std::invalid_argument("error_bound: unknown strategy");
}

}  // namespace fpx
