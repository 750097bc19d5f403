// Summation strategies in emulated arithmetic: see include/fpx/summation/summation.hpp.
//
// Every strategy that can run on a stream (all but Pairwise, Numpy and
// Sorted) is written once, as a StreamingSummation, and sum() and dot() feed
// it the whole vector: so a streaming result is the batch result bit for bit,
// stochastic draws included. Every rounding goes through the fpx core
// (operations.hpp) or ExactAccumulator; the only non-arithmetic steps are
// comparisons of magnitudes (integer comparisons of the magnitude bits, which
// order finite values and infinities of an IEEE-style encoding) and sign
// flips (xor of the sign bit).
#include "fpx/summation/summation.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "fpx/core/arrays.hpp"
#include "fpx/core/decimal.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/summation/exact_accumulator.hpp"
#include "fpx/tensor_core/model.hpp"

namespace fpx {
namespace {

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
  StochasticSource own_source;      // seeded with options.seed
  StochasticSource* shared_source;  // options.random, when the caller shares its own
  Flags flags;

  Context(const SummationOptions& options, bool stochastic)
      : input(options.input_format),
        accumulator(&options.accumulator()),
        product_format(&options.product()),
        conversion_mode(options.rounding),
        mode(stochastic ? Rounding::Stochastic : options.rounding),
        tininess(options.tininess),
        own_source(options.seed),
        shared_source(options.random) {
    if (!input) throw std::invalid_argument("summation: no input format");
  }

  RoundingOptions rounding_options() {
    return RoundingOptions{tininess, shared_source ? shared_source : &own_source};
  }
  // Whole vectors can go through the array engine only when no rounding
  // draws random bits (the strategies' stochastic draws come one stream).
  bool deterministic() const {
    return mode != Rounding::Stochastic && conversion_mode != Rounding::Stochastic;
  }
  // `values` converted from `from` into `to` in place, through the array
  // engine (fpx/core/arrays.hpp): the same bits and flags as convert().
  void convert_all(const Format& from, const Format& to, std::vector<std::uint64_t>& values,
                   Rounding how) {
    if (from == to) return;
    flags |= fpx::convert(from, to, std::span<const std::uint64_t>(values),
                          std::span<std::uint64_t>(values), how, ArrayOptions{tininess});
  }
  // The terms of a sum in the accumulator format, as term() gives each.
  std::vector<std::uint64_t> terms(std::span<const std::uint64_t> values) {
    std::vector<std::uint64_t> out(values.begin(), values.end());
    if (!deterministic()) {
      for (std::uint64_t& value : out) value = term(value);
      return out;
    }
    convert_all(*input, *accumulator, out, conversion_mode);
    return out;
  }
  // rn(a_i * b_i) for every i, as product() gives each.
  std::vector<std::uint64_t> products(std::span<const std::uint64_t> a,
                                      std::span<const std::uint64_t> b) {
    if (!deterministic()) {
      std::vector<std::uint64_t> out(a.size());
      for (std::size_t i = 0; i < a.size(); ++i) out[i] = product(a[i], b[i]);
      return out;
    }
    const Format& p = *product_format;
    std::vector<std::uint64_t> x(a.begin(), a.end()), y(b.begin(), b.end());
    convert_all(*input, p, x, conversion_mode);
    convert_all(*input, p, y, conversion_mode);
    flags |= fpx::multiply(p, std::span<const std::uint64_t>(x), std::span<const std::uint64_t>(y),
                           std::span<std::uint64_t>(x), mode, ArrayOptions{tininess});
    convert_all(p, *accumulator, x, mode);
    return x;
  }
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
std::uint64_t numpy_pairwise_sum(Context& c, const std::uint64_t* x, std::size_t n) {
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
  const std::uint64_t left = numpy_pairwise_sum(c, x, half);
  const std::uint64_t right = numpy_pairwise_sum(c, x + half, n - half);
  return c.add(left, right);
}

// np.sum and np.add.reduce of a contiguous 1-d array (numpy 1.24, checked
// against its results in tests/python): the reduction's buffered iterator
// hands pairwise_sum at most numpy_buffer_size elements at a time, and the
// block sums are added in order to the reduction's identity, +0 (so the sum
// of -0.0 values is +0.0).
constexpr std::size_t numpy_buffer_size = 8192;

std::uint64_t numpy_sum(Context& c, const std::uint64_t* x, std::size_t n) {
  std::uint64_t total = c.zero();
  for (std::size_t start = 0; start < n; start += numpy_buffer_size)
    total = c.add(total, numpy_pairwise_sum(c, x + start, std::min(numpy_buffer_size, n - start)));
  return total;
}

// ---------------------------------------------------------------------------
// Streaming strategies.

class Stream : public StreamingSummation {
 public:
  explicit Stream(const SummationOptions& options, bool stochastic = false)
      : context_(options, stochastic) {}
  void add(std::uint64_t term) override { push(context_.term(term)); }
  void add_product(std::uint64_t a, std::uint64_t b) override { push(context_.product(a, b)); }
  // The conversions and products, which do not depend on each other, go
  // through the array engine; the strategy then takes them in order.
  // (With random draws, each term's draws must come before the next's.)
  void add_all(std::span<const std::uint64_t> values) override {
    if (!context_.deterministic()) return StreamingSummation::add_all(values);
    for (std::uint64_t term : context_.terms(values)) push(term);
  }
  void add_products(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) override {
    if (!context_.deterministic()) return StreamingSummation::add_products(a, b);
    for (std::uint64_t product : context_.products(a, b)) push(product);
  }
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
  void add_products(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) override {
    StreamingSummation::add_products(a, b);
  }

 protected:
  void push(std::uint64_t) override {}
  std::uint64_t finish(Context&) const override { return t_; }

 private:
  std::uint64_t t_ = 0;
};

// pairwise_sum (leaf 1) of n values of which only the first `used` are
// stored, the others +0, without adding the zeros: x + (+0) is x exactly,
// with no flag and no random draw, for every x a lane can hold (a lane
// starts at +0, so it is -0 only under rounding toward negative, where
// -0 + +0 is -0 too).
std::uint64_t pairwise_sum_padded(Context& c, const std::uint64_t* x, std::size_t used,
                                  std::size_t n) {
  if (used == 0) return c.zero();
  if (used >= n) return pairwise_sum(c, x, n, 1);
  const std::size_t half = n / 2;
  const std::uint64_t left = pairwise_sum_padded(c, x, std::min(used, half), half);
  if (used <= half) return left;
  const std::uint64_t right = pairwise_sum_padded(c, x + half, used - half, n - half);
  return c.add(left, right);
}

// Lane i mod P sums term i serially from +0; the lanes are then combined by
// pairwise_sum (leaf 1). Lanes are stored as terms reach them, so P may be
// far larger than n without the memory.
class StridedStream : public Stream {
 public:
  StridedStream(const SummationOptions& options, int lanes)
      : Stream(options), lane_count_(std::size_t(lanes)) {}

 protected:
  void push(std::uint64_t x) override {
    if (next_ == lanes_.size()) lanes_.push_back(0);
    std::uint64_t& lane = lanes_[next_];
    lane = context_.add(lane, x);
    next_ = next_ + 1 == lane_count_ ? 0 : next_ + 1;
  }
  std::uint64_t finish(Context& c) const override {
    return pairwise_sum_padded(c, lanes_.data(), lanes_.size(), lane_count_);
  }

 private:
  std::size_t lane_count_;
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
  void add_products(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) override {
    StreamingSummation::add_products(a, b);
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
// format, rounded once into the accumulator format. Terms that arrive one at
// a time are kept in a short buffer and go into the accumulator through its
// array entry points (buckets by exponent, no carries) a buffer at a time.
class ExactStream : public Stream {
 public:
  explicit ExactStream(const SummationOptions& options)
      : Stream(options), accumulator_(*options.input_format) {}
  void add(std::uint64_t term) override {
    first_.push_back(term);
    if (first_.size() == buffer_size) flush();
  }
  void add_product(std::uint64_t a, std::uint64_t b) override {
    first_.push_back(a);
    second_.push_back(b);
    if (first_.size() == buffer_size) flush();
  }
  void add_all(std::span<const std::uint64_t> terms) override {
    flush();
    accumulator_.add(terms);
  }
  void add_products(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) override {
    flush();
    accumulator_.add_dot(a, b);
  }

 protected:
  void push(std::uint64_t) override {}
  std::uint64_t finish(Context& c) const override {
    flush();
    return c.take(accumulator_.round(*c.accumulator, c.conversion_mode, c.rounding_options()));
  }

 private:
  static constexpr std::size_t buffer_size = 4096;
  // Moving buffered terms into the accumulator leaves the stream's value as
  // it was, so a const result() may do it.
  void flush() const {
    if (first_.empty()) return;
    if (second_.empty())
      accumulator_.add(std::span<const std::uint64_t>(first_));
    else
      accumulator_.add_dot(std::span<const std::uint64_t>(first_),
                           std::span<const std::uint64_t>(second_));
    first_.clear();
    second_.clear();
  }

  mutable ExactAccumulator accumulator_;
  mutable std::vector<std::uint64_t> first_, second_;
};

std::unique_ptr<StreamingSummation> make_stream(const Strategy& strategy,
                                                const SummationOptions& options) {
  const int parameter = strategy.parameter_or_default();
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
      return pairwise_sum(c, x.data(), x.size(), std::size_t(strategy.parameter_or_default()));
    case StrategyKind::Numpy: return numpy_sum(c, x.data(), x.size());
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

void check_strategy(const Strategy& strategy, const SummationOptions& options) {
  if (strategy.kind != StrategyKind::TensorCore) return;
  const Format& input = *options.input_format;
  auto tensor_input = tensor_core_input_for(input);
  if (!tensor_input && input == binary32) tensor_input = TensorCoreInput::TF32;
  if (!tensor_input)
    throw std::invalid_argument(strategy.name(true) +
                                ": tensor cores take binary16, bfloat16, tf32 or fp8 inputs "
                                "(binary32 goes through tf32), not " +
                                std::string(input.name));
  if (!tensor_core_parameters({strategy.tensor_core.arch, strategy.tensor_core.instruction,
                               *tensor_input, TensorCoreOutput::F32}))
    throw std::invalid_argument(strategy.name(true) + ": tensor cores of " +
                                std::string(arch_name(strategy.tensor_core.arch)) + " have no " +
                                std::string(instruction_name(strategy.tensor_core.instruction)) +
                                " instruction for " + std::string(input.name) + " inputs");
}

namespace {

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
  Rounded out{
      tensor_core_dot(strategy.tensor_core.arch, *input, x, y, strategy.tensor_core.instruction),
      flags};
  if (options.accumulator() != binary32) {
    StochasticSource own_source(options.seed);
    const Rounded rounded =
        convert(binary32, options.accumulator(), out.bits, options.rounding,
                RoundingOptions{options.tininess, options.random ? options.random : &own_source});
    out = Rounded{rounded.bits, out.flags | rounded.flags};
  }
  return out;
}

}  // namespace

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
    stream->add_all(terms);
    return stream->result();
  }
  Context c(options, false);
  std::vector<std::uint64_t> x = c.terms(terms);
  const std::uint64_t bits = whole_vector_sum(strategy, c, x);
  return Rounded{bits, c.flags};
}

Rounded dot(const Strategy& strategy, std::span<const std::uint64_t> a,
            std::span<const std::uint64_t> b, const SummationOptions& options) {
  if (a.size() != b.size()) throw std::invalid_argument("dot: vectors of different lengths");
  if (strategy.kind == StrategyKind::TensorCore)
    return tensor_core_strategy_dot(strategy, a, b, options);
  if (auto stream = make_stream(strategy, options)) {
    stream->add_products(a, b);
    return stream->result();
  }
  Context c(options, false);
  std::vector<std::uint64_t> x = c.products(a, b);
  const std::uint64_t bits = whole_vector_sum(strategy, c, x);
  return Rounded{bits, c.flags};
}

}  // namespace fpx
