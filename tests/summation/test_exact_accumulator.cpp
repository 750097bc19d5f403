// Tests of fpx::ExactAccumulator against MPFR.
//
// The model: every finite term (or exact product, computed by mpfr_mul at
// twice the precision) is added by mpfr_add into a sum wide enough for any
// sum the accumulator can hold (every ternary value is checked to be 0), so
// the MPFR sum is the exact value; fpx::reference::round_exact then rounds it
// once. Non-finite terms follow the rules of exact_accumulator.hpp:
//   - a NaN term or factor, 0 * inf, or infinities of both signs: the default
//     NaN; invalid for a signaling NaN, for 0 * inf, and for +inf and -inf
//     when no NaN term or factor is present (a quiet NaN absorbs inf - inf,
//     as in a serial sum that meets the NaN first);
//   - otherwise an infinite term: the infinity of its sign (the NaN with
//     invalid in a format without infinities);
//   - an exact zero sum: +0, or -0 rounding toward negative.
// 0 * (quiet NaN) is NaN without invalid (as fpx::multiply and IEEE 754
// 6.2 have it): see "exact accumulator zero times quiet NaN is not invalid",
// a regression test.
//
// Seeds: fpx::testing::test_seed() (FPX_TEST_SEED), one derived stream per
// vector; a failure prints the seed, the vector index, its kind and terms.
#include <doctest/doctest.h>
#include <mpfr.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ios>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "exact_products.hpp"
#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/reference/mpfr_reference.hpp"
#include "fpx/summation/exact_accumulator.hpp"
#include "operand_generator.hpp"

namespace {

using fpx::ExactAccumulator;
using fpx::Flags;
using fpx::FloatClass;
using fpx::Format;
using fpx::Rounded;
using fpx::Rounding;
using fpx::testing::OperandGenerator;

// ---- MPFR model -------------------------------------------------------------

class Mpfr {
 public:
  explicit Mpfr(mpfr_prec_t precision) {
    mpfr_init2(value_, precision);
    mpfr_set_zero(value_, 1);
  }
  ~Mpfr() { mpfr_clear(value_); }
  Mpfr(const Mpfr&) = delete;
  Mpfr& operator=(const Mpfr&) = delete;
  mpfr_ptr get() { return value_; }
  mpfr_srcptr get() const { return value_; }

 private:
  mpfr_t value_;
};

// Wide enough for every sum of up to 2^64 products of `format`: from the
// last bit of the smallest product, 2^(2 qmin), to 2^(2 (emax + 1) + 64).
mpfr_prec_t exact_precision(const Format& format) {
  return 2 * (format.max_exponent() + 1) - 2 * format.min_quantum_exponent() + 80;
}

bool is_nan_class(FloatClass c) {
  return c == FloatClass::QuietNaN || c == FloatClass::SignalingNaN;
}

class Model {
 public:
  explicit Model(const Format& format)
      : format_(format),
        sum_(exact_precision(format)),
        x_(format.precision),
        y_(format.precision),
        product_(2 * format.precision) {}

  void reset() {
    mpfr_set_zero(sum_.get(), 1);
    nan_operand_ = signaling_ = zero_times_infinity_ = false;
    positive_infinity_ = negative_infinity_ = false;
    all_exact_ = true;
  }

  void add(std::uint64_t bits) {
    const FloatClass c = fpx::classify(format_, bits);
    const bool negative = (bits & format_.sign_mask()) != 0;
    if (is_nan_class(c)) {
      nan_operand_ = true;
      signaling_ = signaling_ || c == FloatClass::SignalingNaN;
    } else if (c == FloatClass::Infinity) {
      (negative ? negative_infinity_ : positive_infinity_) = true;
    } else if (c != FloatClass::Zero) {
      fpx::reference::to_mpfr(x_.get(), format_, bits);
      all_exact_ = all_exact_ && mpfr_add(sum_.get(), sum_.get(), x_.get(), MPFR_RNDN) == 0;
    }
  }

  void add_product(std::uint64_t a, std::uint64_t b) {
    const FloatClass ca = fpx::classify(format_, a), cb = fpx::classify(format_, b);
    const bool negative = ((a ^ b) & format_.sign_mask()) != 0;
    if (is_nan_class(ca) || is_nan_class(cb)) {
      nan_operand_ = true;
      signaling_ = signaling_ || ca == FloatClass::SignalingNaN || cb == FloatClass::SignalingNaN;
    } else if (ca == FloatClass::Infinity || cb == FloatClass::Infinity) {
      if (ca == FloatClass::Zero || cb == FloatClass::Zero)
        zero_times_infinity_ = true;
      else
        (negative ? negative_infinity_ : positive_infinity_) = true;
    } else if (ca != FloatClass::Zero && cb != FloatClass::Zero) {
      fpx::reference::to_mpfr(x_.get(), format_, a);
      fpx::reference::to_mpfr(y_.get(), format_, b);
      all_exact_ = all_exact_ && mpfr_mul(product_.get(), x_.get(), y_.get(), MPFR_RNDN) == 0;
      all_exact_ = all_exact_ && mpfr_add(sum_.get(), sum_.get(), product_.get(), MPFR_RNDN) == 0;
    }
  }

  bool is_nan() const {
    return nan_operand_ || zero_times_infinity_ || (positive_infinity_ && negative_infinity_);
  }
  bool is_infinite() const { return !is_nan() && (positive_infinity_ || negative_infinity_); }
  bool is_finite() const { return !is_nan() && !is_infinite(); }
  bool all_exact() const { return all_exact_; }
  mpfr_srcptr exact() const { return sum_.get(); }

  Rounded expected(const Format& to, Rounding mode) const {
    if (is_nan()) {
      const bool invalid = signaling_ || zero_times_infinity_ ||
                           (positive_infinity_ && negative_infinity_ && !nan_operand_);
      return Rounded{to.default_nan_bits(), Flags{invalid ? Flags::invalid : std::uint8_t{0}}};
    }
    if (is_infinite()) {
      if (!to.has_infinity()) return Rounded{to.default_nan_bits(), Flags{Flags::invalid}};
      return Rounded{(negative_infinity_ ? to.sign_mask() : 0) | to.infinity_bits(), {}};
    }
    if (mpfr_zero_p(sum_.get()))
      return Rounded{mode == Rounding::TowardNegative ? to.sign_mask() : 0, {}};
    return fpx::reference::round_exact(to, sum_.get(), false, mode);
  }

 private:
  const Format& format_;
  Mpfr sum_, x_, y_, product_;
  bool nan_operand_ = false, signaling_ = false;
  bool zero_times_infinity_ = false;
  bool positive_infinity_ = false, negative_infinity_ = false;
  bool all_exact_ = true;
};

// The accumulator's exact value as an MPFR number (exact: enough precision).
void set_exact_number(Mpfr& out, const fpx::ExactNumber& x) {
  const std::string digits = x.numerator.str(0, std::ios_base::hex);
  mpfr_set_prec(out.get(), std::max<mpfr_prec_t>(mpfr_prec_t(4 * digits.size() + 8), 64));
  mpfr_set_str(out.get(), digits.c_str(), 16, MPFR_RNDN);
  mpfr_mul_2si(out.get(), out.get(), x.binary_exponent, MPFR_RNDN);
  if (x.negative) mpfr_neg(out.get(), out.get(), MPFR_RNDN);
}

// ---- Checking ---------------------------------------------------------------

// What a failure message names: the test, seed, vector and its terms.
struct Trial {
  std::string_view what;  // "add", "add_product", "add_dot", "add_dot_binary32", "merge"
  std::uint64_t seed;
  std::size_t index;
  int kind;
  std::span<const std::uint64_t> a, b;
};

std::string list(const Format& format, std::span<const std::uint64_t> values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size() && i < 48; ++i)
    out += (i ? " " : "") + fpx::testing::hex(format, values[i]);
  if (values.size() > 48) out += " ... (" + std::to_string(values.size()) + " values)";
  return out + "]";
}

std::string describe(const Format& format, const Trial& t) {
  char head[160];
  std::snprintf(head, sizeof head, "%s on %s, seed 0x%016llX, vector %zu, kind %d, length %zu: ",
                std::string(t.what).c_str(), std::string(format.name).c_str(),
                (unsigned long long)t.seed, t.index, t.kind, t.a.size());
  std::string out = head + list(format, t.a);
  if (!t.b.empty()) out += " times " + list(format, t.b);
  return out;
}

struct Stats {
  std::size_t vectors = 0, comparisons = 0, failures = 0;
  std::size_t zeros = 0, nans = 0, invalids = 0, infinities = 0, overflows = 0, underflows = 0;
};

constexpr std::size_t max_failures = 10;

// Compares acc.round(to, mode) with the model in every deterministic mode and
// each target format, and value() with the exact MPFR sum.
void check(const ExactAccumulator& acc, const Model& model, std::span<const Format* const> targets,
           const Trial& t, Stats& stats) {
  const Format& format = acc.format();
  if (!model.all_exact()) {
    ++stats.failures;
    FAIL_CHECK("the MPFR model was inexact (test bug): " << describe(format, t));
    return;
  }
  if (acc.is_nan() != model.is_nan() || acc.is_infinite() != model.is_infinite()) {
    ++stats.failures;
    FAIL_CHECK("is_nan " << acc.is_nan() << " is_infinite " << acc.is_infinite()
                         << ", MPFR model: " << model.is_nan() << " " << model.is_infinite() << "; "
                         << describe(format, t));
    return;
  }
  for (const Format* to : targets) {
    for (const Rounding mode : fpx::all_deterministic_roundings) {
      const Rounded got = acc.round(*to, mode);
      const Rounded want = model.expected(*to, mode);
      ++stats.comparisons;
      const bool same = got == want;
      if (!same) {
        ++stats.failures;
        FAIL_CHECK("round to " << to->name << " " << fpx::short_name(mode) << ": got "
                               << fpx::testing::describe(*to, got) << ", MPFR "
                               << fpx::testing::describe(*to, want) << "; " << describe(format, t));
        return;
      }
      stats.zeros += want.bits == 0 || want.bits == to->sign_mask();
      stats.nans += model.is_nan();
      stats.invalids += want.flags.has(Flags::invalid);
      stats.infinities += model.is_infinite();
      stats.overflows += want.flags.has(Flags::overflow);
      stats.underflows += want.flags.has(Flags::underflow);
    }
  }
  if (model.is_finite()) {
    const fpx::ExactNumber value = acc.value();
    Mpfr converted(64);
    set_exact_number(converted, value);
    const bool same = value.kind == fpx::ExactNumber::Kind::Finite && value.denominator == 1 &&
                      mpfr_equal_p(converted.get(), model.exact()) &&
                      acc.is_zero() == (mpfr_zero_p(model.exact()) != 0) &&
                      !(value.negative && value.numerator == 0);
    ++stats.comparisons;
    if (!same) {
      ++stats.failures;
      FAIL_CHECK("value() differs from the exact MPFR sum: " << describe(format, t));
    }
  }
}

// ---- Random vectors ---------------------------------------------------------

std::size_t vector_length(OperandGenerator& g) {
  if (g.below(100) == 0) return std::size_t(g.between(65, 1500));
  return std::size_t(g.between(1, 64));
}

// A finite value with an exponent anywhere in the format's range,
// subnormals included (with_exponent gives one below emin).
std::uint64_t anywhere(OperandGenerator& g, const Format& f) {
  return g.with_exponent(g.between(f.min_exponent() - 1, f.max_exponent()), g.coin());
}

std::uint64_t negate(const Format& f, std::uint64_t bits) { return bits ^ f.sign_mask(); }

template <typename T>
void shuffle(OperandGenerator& g, std::vector<T>& v) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[g.below(i)]);
}

// Replaces one to three elements by special values (NaN, inf, zero, extreme
// finite values), in some vectors only.
void sprinkle_specials(OperandGenerator& g, std::vector<std::uint64_t>& v) {
  if (v.empty() || g.below(8) != 0) return;
  const int count = g.between(1, 3);
  for (int k = 0; k < count; ++k) v[g.below(v.size())] = g.special();
}

constexpr int sum_kinds = 8;

std::vector<std::uint64_t> sum_terms(OperandGenerator& g, const Format& f, std::size_t n,
                                     int kind) {
  std::vector<std::uint64_t> v;
  v.reserve(n);
  switch (kind) {
    case 0:  // exponents across the whole range
      for (std::size_t i = 0; i < n; ++i) v.push_back(anywhere(g, f));
      break;
    case 1: {  // a window of exponents: cancellation, carries, ties
      const int top = g.between(f.min_exponent() - 1, f.max_exponent());
      const int width = g.between(0, 2 * f.precision + 4);
      for (std::size_t i = 0; i < n; ++i)
        v.push_back(g.with_exponent(top - g.between(0, width), g.coin()));
      break;
    }
    case 2: {  // exact cancellation to zero, sometimes with a small rest
      for (std::size_t i = 0; i < n / 2; ++i) v.push_back(g.coin() ? anywhere(g, f) : g.moderate());
      for (std::size_t i = 0; i < n / 2; ++i) v.push_back(negate(f, v[i]));
      if (n % 2)
        v.push_back(g.coin() ? 0 : g.with_exponent(f.min_exponent() - g.between(0, 3), g.coin()));
      break;
    }
    case 3: {  // partial sums beyond the largest finite, a finite total
      const bool negative = g.coin();
      const std::size_t big = std::max<std::size_t>(1, n / 2);
      for (std::size_t i = 0; i < big; ++i)
        v.push_back(g.with_exponent(f.max_exponent() - g.between(0, 2), negative));
      for (std::size_t i = 1; i < big && v.size() < n; ++i) v.push_back(negate(f, v[i]));
      while (v.size() < n) v.push_back(anywhere(g, f));
      break;
    }
    case 4: {  // near ties of the target formats: terms at the round bit
      const int top = g.between(f.min_exponent(), f.max_exponent());
      const int precisions[] = {f.precision, 24, 53, 11, 8};
      v.push_back(g.with_exponent(top, g.coin()));
      for (std::size_t i = 1; i < n; ++i) {
        const int p = precisions[g.below(5)];
        const int below = g.below(4) == 0 ? g.between(p + 1, 3 * p) : p + g.between(-1, 1);
        v.push_back(g.with_exponent(top - below, g.coin()));
      }
      break;
    }
    case 5:  // subnormals and the smallest normals
      for (std::size_t i = 0; i < n; ++i)
        v.push_back(g.coin() ? (g.coin() ? f.sign_mask() : 0) | g.subnormal_magnitude()
                             : g.with_exponent(f.min_exponent() + g.between(0, 2), g.coin()));
      break;
    case 6:  // any encoding
      for (std::size_t i = 0; i < n; ++i) v.push_back(g.random_pattern());
      break;
    default:
      for (std::size_t i = 0; i < n; ++i) v.push_back(g.moderate());
      break;
  }
  shuffle(g, v);
  sprinkle_specials(g, v);
  return v;
}

constexpr int product_kinds = 8;

void product_factors(OperandGenerator& g, const Format& f, std::size_t n, int kind,
                     std::vector<std::uint64_t>& a, std::vector<std::uint64_t>& b) {
  a.clear();
  b.clear();
  const int emin = f.min_exponent(), emax = f.max_exponent();
  auto push = [&](std::uint64_t x, std::uint64_t y) {
    a.push_back(x);
    b.push_back(y);
  };
  switch (kind) {
    case 0:  // both factors anywhere: products from 2^(2 qmin) to 2^(2 emax + 2)
      for (std::size_t i = 0; i < n; ++i) push(anywhere(g, f), anywhere(g, f));
      break;
    case 1: {  // products near one exponent anywhere in the product range
      const int target = g.between(2 * emin - 2 * f.precision, 2 * emax);
      for (std::size_t i = 0; i < n; ++i) {
        const int ea = g.between(std::max(emin - f.precision, target - emax),
                                 std::min(emax, target - emin + f.precision));
        push(g.with_exponent(ea, g.coin()),
             g.with_exponent(target - ea - g.between(0, f.precision / 2), g.coin()));
      }
      break;
    }
    case 2:  // tiny times tiny: products below the subnormal range
      for (std::size_t i = 0; i < n; ++i) {
        auto tiny = [&] {
          return g.coin() ? (g.coin() ? f.sign_mask() : 0) | g.subnormal_magnitude()
                          : g.with_exponent(emin + g.between(0, 3), g.coin());
        };
        if (g.below(8) == 0)
          push(g.moderate(), tiny());
        else
          push(tiny(), tiny());
      }
      break;
    case 3: {  // products cancelling exactly
      for (std::size_t i = 0; i < n / 2; ++i)
        push(g.coin() ? anywhere(g, f) : g.moderate(), g.coin() ? anywhere(g, f) : g.moderate());
      for (std::size_t i = 0; i < n / 2; ++i) {
        switch (g.below(3)) {
          case 0: push(negate(f, a[i]), b[i]); break;
          case 1: push(a[i], negate(f, b[i])); break;
          default: push(negate(f, b[i]), a[i]); break;
        }
      }
      if (n % 2) push(g.moderate(), g.coin() ? 0 : g.with_exponent(emin, g.coin()));
      break;
    }
    case 4: {  // large products, partial sums beyond the largest finite
      const bool negative = g.coin();
      const int total = g.coin() ? 2 * emax : emax;  // product exponent
      const std::size_t big = std::max<std::size_t>(1, n / 2);
      for (std::size_t i = 0; i < big; ++i) {
        const int ea = g.between(total - emax, std::min(emax, total - emin));
        push(g.with_exponent(ea, negative), g.with_exponent(total - ea - g.between(0, 1), false));
      }
      for (std::size_t i = 1; i < big && a.size() < n; ++i) push(a[i], negate(f, b[i]));
      while (a.size() < n) push(anywhere(g, f), g.moderate());
      break;
    }
    case 5: {  // sums as dots: terms times powers of two
      const auto terms = sum_terms(g, f, n, g.coin() ? 4 : 1);
      for (std::size_t i = 0; i < n; ++i) {
        const auto two = fpx::power_of_two(f, g.between(-3, 3));
        push(terms[i], two ? *two : g.moderate());
      }
      break;
    }
    case 6:  // any encodings
      for (std::size_t i = 0; i < n; ++i) push(g.random_pattern(), g.random_pattern());
      break;
    default:
      for (std::size_t i = 0; i < n; ++i) push(g.moderate(), g.moderate());
      break;
  }
  // Shuffle the pairs together.
  for (std::size_t i = a.size(); i > 1; --i) {
    const std::size_t j = g.below(i);
    std::swap(a[i - 1], a[j]);
    std::swap(b[i - 1], b[j]);
  }
  sprinkle_specials(g, a);
  sprinkle_specials(g, b);
}

// Rounded results must be equal in every mode and target, and the exact values.
bool same_accumulators(const ExactAccumulator& x, const ExactAccumulator& y) {
  if (x.is_nan() != y.is_nan() || x.is_infinite() != y.is_infinite()) return false;
  const fpx::ExactNumber vx = x.value(), vy = y.value();
  if (!x.is_nan() && !x.is_infinite() &&
      (vx.negative != vy.negative || vx.numerator != vy.numerator ||
       vx.binary_exponent != vy.binary_exponent))
    return false;
  for (const Format* to : {&x.format(), &fpx::binary64})
    for (const Rounding mode : fpx::all_deterministic_roundings)
      if (x.round(*to, mode) != y.round(*to, mode)) return false;
  return true;
}

// Runs the sum and product trials of one format for `count` vectors.
void random_trials(const Format& format, std::span<const Format* const> targets, std::size_t count,
                   std::uint64_t seed, Stats& stats) {
  Model model(format);
  std::vector<std::uint64_t> a, b;
  std::vector<std::uint32_t> a32, b32;
  const bool is_binary32 = format == fpx::binary32;
  for (std::size_t index = 0; index < count && stats.failures < max_failures; ++index) {
    OperandGenerator g(format, fpx::testing::derive_seed(seed, format.name, index));
    {  // sums
      const int kind = int(g.below(sum_kinds));
      const auto terms = sum_terms(g, format, vector_length(g), kind);
      model.reset();
      ExactAccumulator acc(format), at_once(format), narrow(format);
      for (const std::uint64_t x : terms) {
        model.add(x);
        acc.add(x);
      }
      at_once.add(std::span<const std::uint64_t>(terms));
      check(acc, model, targets, Trial{"add", seed, index, kind, terms, {}}, stats);
      // In the narrowest words that hold the format.
      if (format.width() <= 8) {
        const std::vector<std::uint8_t> words(terms.begin(), terms.end());
        narrow.add(std::span<const std::uint8_t>(words));
      } else if (format.width() <= 16) {
        const std::vector<std::uint16_t> words(terms.begin(), terms.end());
        narrow.add(std::span<const std::uint16_t>(words));
      } else if (format.width() <= 32) {
        const std::vector<std::uint32_t> words(terms.begin(), terms.end());
        narrow.add(std::span<const std::uint32_t>(words));
      } else {
        narrow.add(std::span<const std::uint64_t>(terms));
      }
      // The array entry points (buckets) give what the one-by-one path gives.
      for (const ExactAccumulator* other : {&at_once, &narrow}) {
        if (same_accumulators(*other, acc)) continue;
        ++stats.failures;
        FAIL_CHECK("add(span) differs from add(value): " << describe(
                       format, Trial{"add span", seed, index, kind, terms, {}}));
      }
      ++stats.vectors;
    }
    {  // products and dots
      const int kind = int(g.below(product_kinds));
      product_factors(g, format, vector_length(g), kind, a, b);
      model.reset();
      ExactAccumulator products(format), dot(format);
      for (std::size_t i = 0; i < a.size(); ++i) {
        model.add_product(a[i], b[i]);
        products.add_product(a[i], b[i]);
      }
      dot.add_dot(a.data(), b.data(), a.size());
      check(products, model, targets, Trial{"add_product", seed, index, kind, a, b}, stats);
      check(dot, model, targets, Trial{"add_dot", seed, index, kind, a, b}, stats);
      if (is_binary32) {
        a32.assign(a.begin(), a.end());
        b32.assign(b.begin(), b.end());
        ExactAccumulator dot32(format);
        dot32.add_dot_binary32(a32.data(), b32.data(), a32.size());
        check(dot32, model, targets, Trial{"add_dot_binary32", seed, index, kind, a, b}, stats);
      }
      ++stats.vectors;
    }
  }
}

const Format* const binary32_targets[] = {&fpx::binary32, &fpx::binary64};

}  // namespace

// ---- Random vectors against MPFR ---------------------------------------------

TEST_CASE("exact accumulator binary32 random vectors against MPFR") {
  const std::uint64_t seed = fpx::testing::test_seed();
  CAPTURE(seed);
  Stats stats;
  random_trials(fpx::binary32, binary32_targets, 100'000, seed, stats);
  CHECK(stats.failures == 0);
  // 100,000 sum vectors and 100,000 product vectors, each product vector
  // through add_product, add_dot and add_dot_binary32.
  CHECK(stats.vectors == 200'000);
  // The generator reaches every kind of result.
  CHECK(stats.zeros > 0);
  CHECK(stats.nans > 0);
  CHECK(stats.invalids > 0);
  CHECK(stats.infinities > 0);
  CHECK(stats.overflows > 0);
  CHECK(stats.underflows > 0);
}

TEST_CASE("exact accumulator other formats random vectors against MPFR") {
  const std::uint64_t seed = fpx::testing::test_seed();
  CAPTURE(seed);
  for (const Format* format :
       {&fpx::binary16, &fpx::bfloat16, &fpx::e4m3, &fpx::e5m2, &fpx::binary64}) {
    CAPTURE(format->name);
    const Format* const targets[] = {format, &fpx::binary64, &fpx::binary32};
    const std::size_t target_count = *format == fpx::binary64 ? 2 : 3;  // binary64, binary32
    const Format* const binary64_targets[] = {&fpx::binary64, &fpx::binary32};
    Stats stats;
    random_trials(*format,
                  *format == fpx::binary64 ? std::span<const Format* const>(binary64_targets)
                                           : std::span<const Format* const>(targets, target_count),
                  5'000, seed, stats);
    CHECK(stats.failures == 0);
    CHECK(stats.vectors == 10'000);  // 5,000 sums, 5,000 products (add_product and add_dot)
    CHECK(stats.zeros > 0);
    CHECK(stats.nans > 0);
    CHECK(stats.overflows > 0);
    CHECK(stats.underflows > 0);
  }
}

// ---- Long vectors: several bucket flushes in add_dot_binary32 -----------------

TEST_CASE("exact accumulator long binary32 vectors against MPFR") {
  const std::uint64_t seed = fpx::testing::test_seed();
  CAPTURE(seed);
  constexpr std::size_t block = std::size_t{1} << 15;  // add_dot_binary32's flush interval
  const std::size_t lengths[] = {block - 1, block, block + 1, 3 * block + 7, 200'000};
  Stats stats;
  Model model(fpx::binary32);
  std::vector<std::uint64_t> a, b;
  for (std::size_t index = 0; index < 4 * std::size(lengths); ++index) {
    const std::size_t n = lengths[index % std::size(lengths)];
    const int kind = int(index / std::size(lengths));
    OperandGenerator g(fpx::binary32, fpx::testing::derive_seed(seed, "long", index));
    a.resize(n);
    b.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      switch (kind) {
        case 0:  // every product in one bucket (of each copy), largest
                 // significands, one in 64 negative: a copy's bucket takes
                 // about 2^14 products of (2^24 - 1)^2 between flushes
          a[i] = 0x3FFFFFFF;
          b[i] = g.below(64) == 0 ? 0x3FFFFFFF ^ 0x80000000 : 0x3FFFFFFF;
          break;
        case 1:  // products across the whole range
          a[i] = anywhere(g, fpx::binary32);
          b[i] = anywhere(g, fpx::binary32);
          break;
        case 2:  // moderate, with special values and zeros around the flushes
          a[i] = g.moderate();
          b[i] = g.moderate();
          break;
        default:  // a window of exponents with cancellation
          a[i] = g.with_exponent(g.between(-10, 10), g.coin());
          b[i] = g.with_exponent(g.between(-10, 10), g.coin());
          break;
      }
    }
    if (kind == 2) {
      for (std::size_t at = block - 2; at < n; at += block) {
        a[at] = 0;                                  // zero times anything: the general path
        b[at + 1] = fpx::binary32.fraction_mask();  // a subnormal
      }
      if (index % 2) a[n / 2] = 0x7F800000;  // +inf
    }
    std::vector<std::uint32_t> a32(a.begin(), a.end()), b32(b.begin(), b.end());
    model.reset();
    ExactAccumulator sum(fpx::binary32), products(fpx::binary32), dot(fpx::binary32),
        dot32(fpx::binary32), dot32_pieces(fpx::binary32);
    for (std::size_t i = 0; i < n; ++i) {
      model.add_product(a[i], b[i]);
      products.add_product(a[i], b[i]);
    }
    dot.add_dot(a.data(), b.data(), n);
    dot32.add_dot_binary32(a32.data(), b32.data(), n);
    // The same in unequal pieces, so that the flushes fall elsewhere.
    for (std::size_t start = 0, piece = 1000; start < n; start += piece, piece = piece * 3 + 1)
      dot32_pieces.add_dot_binary32(a32.data() + start, b32.data() + start,
                                    std::min(piece, n - start));
    const Trial t{"long", seed, index, kind, a, b};
    check(products, model, binary32_targets, t, stats);
    check(dot, model, binary32_targets, t, stats);
    check(dot32, model, binary32_targets, t, stats);
    check(dot32_pieces, model, binary32_targets, t, stats);
    // A long sum of the a's.
    model.reset();
    for (std::size_t i = 0; i < n; ++i) {
      model.add(a[i]);
      sum.add(a[i]);
    }
    check(sum, model, binary32_targets, Trial{"long add", seed, index, kind, a, {}}, stats);
  }
  CHECK(stats.failures == 0);
}

// ---- The decoding step of binary32 dot products ------------------------------

// The decoding step of add_dot for binary32, chunk by chunk: the portable
// loop (decode_products) and, where this build and processor have it, the
// AVX-512 decoder (exact_products_avx512.cpp), each against the pairs
// decoded one at a time here. Each must give the same "unusual" answer
// (an infinite or NaN factor), and in every bucket of sign and exponent
// fields (the copy set aside: the decoders order a chunk's products
// differently) the same sum of significand products. Lengths around the
// 16-pair step and the chunk's size; factors that are zeros, subnormals,
// the extremes of the exponent range, both signs, and in a third of the
// chunks infinities and NaNs.
TEST_CASE("exact accumulator decoding of binary32 products, chunk by chunk") {
  const std::uint64_t seed = fpx::testing::test_seed();
  CAPTURE(seed);
  const fpx::detail::Binary32ProductDecoder avx512 = fpx::detail::avx512_binary32_product_decoder();
  if (avx512 == nullptr)
    MESSAGE("no AVX-512 decoder in this build or on this processor: the portable loop only");
  constexpr std::size_t signs_apart = fpx::detail::product_signs_apart<fpx::binary32>;
  constexpr int shift = fpx::detail::product_tag_shift<fpx::binary32>;
  constexpr std::uint64_t untagged = fpx::detail::product_untagged_mask<fpx::binary32>;
  using BucketSums = std::vector<std::uint64_t>;
  // The sums by bucket, the copy set aside; false when a tag is outside the
  // buckets of both copies (add_products would write past them) or the
  // copies are not taken in turn along the array.
  auto sums_of = [&](const std::vector<std::uint64_t>& tagged, BucketSums& sums) {
    sums.assign(2 * signs_apart, 0);
    for (std::size_t i = 0; i < tagged.size(); ++i) {
      const std::uint64_t bucket = tagged[i] >> shift;
      if (bucket >= 2 * 2 * signs_apart || bucket / (2 * signs_apart) != i % 2) return false;
      sums[bucket % (2 * signs_apart)] += tagged[i] & untagged;
    }
    return true;
  };
  const std::size_t lengths[] = {0, 1, 15, 16, 17, 31, 33, 255, fpx::detail::product_chunk};
  const std::vector<std::uint64_t> specials = fpx::testing::special_values(fpx::binary32);
  std::size_t unusual_chunks = 0, portable_mismatches = 0, avx512_mismatches = 0;
  for (std::size_t index = 0; index < 2000; ++index) {
    const std::size_t n = lengths[index % std::size(lengths)];
    OperandGenerator g(fpx::binary32, fpx::testing::derive_seed(seed, "decode", index));
    const bool with_special = (index / std::size(lengths)) % 3 == 0;  // every length
    auto pick = [&]() -> std::uint32_t {
      const std::uint64_t choice = g.below(4);
      if (choice == 0) {
        std::uint32_t value = std::uint32_t(specials[g.below(specials.size())]);
        // Without specials, an infinity or NaN becomes the largest finite value.
        if (!with_special && (value & 0x7F800000) == 0x7F800000)
          value = (value & 0x80000000) | 0x7F7FFFFF;
        return value;
      }
      if (choice == 1) return std::uint32_t(g.with_exponent(g.between(-149, -120), g.coin()));
      if (choice == 2) return std::uint32_t(anywhere(g, fpx::binary32));
      return std::uint32_t(g.moderate());
    };
    std::vector<std::uint32_t> a(n), b(n);
    for (std::size_t i = 0; i < n; ++i) {
      a[i] = pick();
      b[i] = pick();
    }
    // One pair at a time: an exponent field of 0 is a subnormal's, scaled
    // as field 1 and without the hidden bit.
    bool unusual = false;
    BucketSums expected(2 * signs_apart);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t field_a = (a[i] >> 23) & 0xFF, field_b = (b[i] >> 23) & 0xFF;
      unusual = unusual || field_a == 0xFF || field_b == 0xFF;
      const std::uint64_t significand_a = (a[i] & 0x7FFFFF) | (field_a != 0 ? 0x800000 : 0);
      const std::uint64_t significand_b = (b[i] & 0x7FFFFF) | (field_b != 0 ? 0x800000 : 0);
      const bool negative = ((a[i] ^ b[i]) >> 31) != 0;
      const std::size_t bucket =
          (negative ? signs_apart : 0) + std::max(field_a, 1u) + std::max(field_b, 1u);
      expected[bucket] += significand_a * significand_b;
    }
    unusual_chunks += unusual;
    auto agrees = [&](std::uint32_t decoder_unusual, const std::vector<std::uint64_t>& products) {
      if ((decoder_unusual != 0) != unusual) return false;
      if (unusual) return true;  // an unusual chunk's products are not used
      BucketSums sums;
      return sums_of(products, sums) && sums == expected;
    };
    std::vector<std::uint64_t> products(n);
    if (!agrees(fpx::detail::decode_products<fpx::binary32, std::uint32_t>(
                    a.data(), b.data(), n, products.data(), nullptr),
                products) &&
        ++portable_mismatches <= 5)
      std::printf("portable decoding differs: seed 0x%llX, chunk %zu, length %zu\n",
                  static_cast<unsigned long long>(seed), index, n);
    if (avx512 != nullptr && !agrees(avx512(a.data(), b.data(), n, products.data()), products) &&
        ++avx512_mismatches <= 5)
      std::printf("AVX-512 decoding differs: seed 0x%llX, chunk %zu, length %zu\n",
                  static_cast<unsigned long long>(seed), index, n);
  }
  CHECK(portable_mismatches == 0);
  CHECK(avx512_mismatches == 0);
  // A third of the chunks (about 74 of each length) may hold specials,
  // and a pick is infinite or NaN with probability 1/14: about 505 such
  // chunks are expected, and a count far below means the specials went
  // missing (the default seed gives the count printed on failure).
  CHECK_MESSAGE(unusual_chunks > 450, "unusual chunks: " << unusual_chunks);
}

// ---- Long sums through the buckets of add(span) ----------------------------------

TEST_CASE("exact accumulator long sums through the buckets against MPFR") {
  // A binary64 bucket takes 2^11 encodings before it is moved into the
  // digits: lengths around that, one bucket full of the largest
  // significands, sums across the range, special values between them, and
  // the vector in unequal pieces mixed with single additions.
  const std::uint64_t seed = fpx::testing::test_seed();
  CAPTURE(seed);
  constexpr std::size_t room = std::size_t{1} << 11;
  const std::size_t lengths[] = {room - 1, room, room + 1, 3 * room + 7, 50'000};
  Stats stats;
  for (const Format* format : {&fpx::binary64, &fpx::binary32, &fpx::e4m3, &fpx::binary16}) {
    const Format* const targets[] = {format, &fpx::binary64};
    Model model(*format);
    std::vector<std::uint64_t> a;
    for (std::size_t index = 0; index < 4 * std::size(lengths); ++index) {
      const std::size_t n = lengths[index % std::size(lengths)];
      const int kind = int(index / std::size(lengths));
      OperandGenerator g(*format, fpx::testing::derive_seed(seed, "long sums", index));
      a.resize(n);
      const std::uint64_t largest_in_one_bucket =
          (std::uint64_t(format->bias) << format->fraction_bits()) | format->fraction_mask();
      for (std::size_t i = 0; i < n; ++i) {
        switch (kind) {
          case 0: a[i] = largest_in_one_bucket; break;
          case 1: a[i] = anywhere(g, *format); break;
          case 2: a[i] = g.below(100) == 0 ? g.special() : g.moderate(); break;
          default:
            a[i] = g.coin() ? g.subnormal_magnitude() : g.with_exponent(g.between(-3, 3), g.coin());
        }
      }
      model.reset();
      for (std::uint64_t x : a) model.add(x);
      ExactAccumulator whole(*format), pieces(*format);
      whole.add(std::span<const std::uint64_t>(a));
      for (std::size_t start = 0, piece = 100; start < n; start += piece, piece = piece * 2 + 3) {
        const std::size_t length = std::min(piece, n - start);
        if (length > 1) {
          pieces.add(a[start]);
          pieces.add(std::span<const std::uint64_t>(a).subspan(start + 1, length - 1));
        } else {
          pieces.add(a[start]);
        }
      }
      const Trial t{"long add span", seed, index, kind, a, {}};
      check(whole, model, targets, t, stats);
      check(pieces, model, targets, t, stats);
      // A copy made with terms still in the buckets, then more terms.
      ExactAccumulator copy = whole;
      copy.add(std::span<const std::uint64_t>(a));
      ExactAccumulator twice(*format);
      twice.add(std::span<const std::uint64_t>(a));
      twice.add(std::span<const std::uint64_t>(a));
      if (!same_accumulators(copy, twice)) {
        ++stats.failures;
        FAIL_CHECK("a copy with pending buckets differs: " << describe(*format, t));
      }
    }
  }
  CHECK(stats.failures == 0);
  // Words too narrow for the format.
  ExactAccumulator binary32_sum(fpx::binary32);
  const std::vector<std::uint16_t> narrow(4);
  CHECK_THROWS_AS(binary32_sum.add(std::span<const std::uint16_t>(narrow)), std::invalid_argument);
  CHECK_THROWS_AS(binary32_sum.add_dot(std::span<const std::uint16_t>(narrow),
                                       std::span<const std::uint16_t>(narrow)),
                  std::invalid_argument);
  const std::vector<std::uint32_t> three(3), four(4);
  CHECK_THROWS_AS(binary32_sum.add_dot(std::span<const std::uint32_t>(three),
                                       std::span<const std::uint32_t>(four)),
                  std::invalid_argument);
}

// ---- Merging ----------------------------------------------------------------

TEST_CASE("exact accumulator merging equals accumulating all") {
  const std::uint64_t seed = fpx::testing::test_seed();
  CAPTURE(seed);
  std::size_t merges = 0, failures = 0;
  std::vector<std::uint64_t> a, b;
  for (const Format* format : {&fpx::binary32, &fpx::binary16, &fpx::e4m3, &fpx::binary64}) {
    const std::size_t count = *format == fpx::binary32 ? 10'000 : 2'000;
    for (std::size_t index = 0; index < count && failures < max_failures; ++index) {
      OperandGenerator g(*format, fpx::testing::derive_seed(seed, "merge", index));
      const int kind = int(g.below(product_kinds));
      product_factors(g, *format, vector_length(g), kind, a, b);
      ExactAccumulator all(*format), first(*format), second(*format);
      for (std::size_t i = 0; i < a.size(); ++i) {
        ExactAccumulator& part = g.coin() ? first : second;
        if (g.coin()) {
          all.add(a[i]);
          part.add(a[i]);
        } else {
          all.add_product(a[i], b[i]);
          part.add_product(a[i], b[i]);
        }
      }
      ExactAccumulator copy = first;
      first.add(second);
      second.add(copy);
      ++merges;
      if (!same_accumulators(first, all) || !same_accumulators(second, all)) {
        ++failures;
        FAIL_CHECK("merge differs from one accumulator: " << describe(
                       *format, Trial{"merge", seed, index, kind, a, b}));
      }
      // Merging an accumulator with a copy of itself doubles it.
      ExactAccumulator doubled(*format), products(*format);
      for (int k = 0; k < 2; ++k)
        for (std::size_t i = 0; i < a.size(); ++i) doubled.add_product(a[i], b[i]);
      for (std::size_t i = 0; i < a.size(); ++i) products.add_product(a[i], b[i]);
      products.add(ExactAccumulator(products));
      if (!same_accumulators(products, doubled)) {
        ++failures;
        FAIL_CHECK(
            "self-merge differs: " << describe(*format, Trial{"merge", seed, index, kind, a, b}));
      }
    }
  }
  CHECK(failures == 0);
  CHECK(merges == 16'000);
  ExactAccumulator x(fpx::binary32), y(fpx::binary64);
  CHECK_THROWS_AS(x.add(y), std::invalid_argument);
  const std::uint32_t one = 0x3F800000;
  CHECK_THROWS_AS(y.add_dot_binary32(&one, &one, 1), std::invalid_argument);
}

// ---- Edge cases, spelled out ----------------------------------------------------

namespace {

// "0x7FC00000 flags 0x10 (v....)": shown by doctest when a check fails.
std::string show(const Rounded& r) {
  char text[40];
  std::snprintf(text, sizeof text, "0x%llX flags 0x%02X (", (unsigned long long)r.bits,
                unsigned(r.flags.bits));
  return text + fpx::flag_letters(r.flags) + ")";
}

constexpr std::uint32_t f32_max = 0x7F7FFFFF, f32_one = 0x3F800000, f32_inf = 0x7F800000;
constexpr std::uint32_t f32_qnan = 0x7FC00000, f32_snan = 0x7F800001, f32_sign = 0x80000000;

// The product vector through add_product, add_dot and add_dot_binary32.
std::vector<ExactAccumulator> binary32_dots(std::span<const std::uint32_t> a,
                                            std::span<const std::uint32_t> b) {
  std::vector<ExactAccumulator> out(3, ExactAccumulator(fpx::binary32));
  const std::vector<std::uint64_t> a64(a.begin(), a.end()), b64(b.begin(), b.end());
  for (std::size_t i = 0; i < a.size(); ++i) out[0].add_product(a[i], b[i]);
  out[1].add_dot(a64.data(), b64.data(), a.size());
  out[2].add_dot_binary32(a.data(), b.data(), a.size());
  return out;
}

ExactAccumulator binary32_sum(std::initializer_list<std::uint32_t> terms) {
  ExactAccumulator acc(fpx::binary32);
  for (const std::uint32_t x : terms) acc.add(x);
  return acc;
}

}  // namespace

TEST_CASE("exact accumulator intermediate overflow with a finite total") {
  for (const Rounding mode : fpx::all_deterministic_roundings) {
    CAPTURE(fpx::short_name(mode));
    // max + max - max: a serial binary32 sum overflows; the exact one is max.
    for (const auto& acc : {binary32_sum({f32_max, f32_max, f32_max | f32_sign}),
                            binary32_sum({f32_max | f32_sign, f32_max, f32_max})}) {
      CHECK(show(acc.round(fpx::binary32, mode)) == show(Rounded{f32_max, {}}));
      CHECK(show(acc.round(fpx::binary64, mode)) == show(Rounded{0x47EFFFFFE0000000, {}}));
    }
    const std::uint32_t a[] = {f32_max, f32_max, f32_max},
                        b[] = {f32_one, f32_one, f32_one | f32_sign};
    for (const auto& acc : binary32_dots(a, b))
      CHECK(show(acc.round(fpx::binary32, mode)) == show(Rounded{f32_max, {}}));
    // max * max twice minus once: max^2 = (2^24 - 1)^2 2^208, exact in
    // binary64, beyond binary32.
    const std::uint32_t c[] = {f32_max, f32_max, f32_max | f32_sign};  // times a: max, max, max
    const Rounded overflow = fpx::multiply(fpx::binary32, f32_max, f32_max, mode);
    const Rounded exact64 =
        fpx::multiply(fpx::binary64, 0x47EFFFFFE0000000, 0x47EFFFFFE0000000, mode);
    CHECK(exact64.flags == Flags{});
    for (const auto& acc : binary32_dots(c, a)) {
      CHECK(show(acc.round(fpx::binary32, mode)) == show(overflow));
      CHECK(show(acc.round(fpx::binary64, mode)) == show(exact64));
    }
  }
}

TEST_CASE("exact accumulator exact cancellation gives plus zero or minus zero toward negative") {
  const std::uint64_t seed = fpx::testing::test_seed();
  CAPTURE(seed);
  OperandGenerator g(fpx::binary32, fpx::testing::derive_seed(seed, "zero"));
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<std::uint32_t> a, b;
    for (int i = 0; i < 20; ++i) {
      a.push_back(std::uint32_t(anywhere(g, fpx::binary32)));
      b.push_back(std::uint32_t(anywhere(g, fpx::binary32)));
    }
    for (int i = 0; i < 20; ++i) {
      a.push_back(a[i] ^ f32_sign);
      b.push_back(b[i]);
    }
    ExactAccumulator sum(fpx::binary32);
    for (const std::uint32_t x : a) sum.add(x);
    auto accumulators = binary32_dots(a, b);
    accumulators.push_back(std::move(sum));
    for (const auto& acc : accumulators) {
      CHECK(acc.is_zero());
      for (const Rounding mode : fpx::all_deterministic_roundings) {
        const bool minus = mode == Rounding::TowardNegative;
        CHECK(show(acc.round(fpx::binary32, mode)) == show(Rounded{minus ? 0x80000000u : 0u, {}}));
        CHECK(show(acc.round(fpx::binary64, mode)) ==
              show(Rounded{minus ? 0x8000000000000000u : 0u, {}}));
        CHECK(show(acc.round(fpx::e4m3, mode)) == show(Rounded{minus ? 0x80u : 0u, {}}));
      }
    }
  }
  // No terms, or only zeros of either sign: the same rule (a serial sum from +0).
  for (const auto& acc : {ExactAccumulator(fpx::binary32), binary32_sum({f32_sign, f32_sign}),
                          binary32_sum({0, f32_sign})}) {
    CHECK(acc.is_zero());
    CHECK(show(acc.round(fpx::binary32, Rounding::NearestEven)) == show(Rounded{0, {}}));
    CHECK(show(acc.round(fpx::binary32, Rounding::TowardNegative)) == show(Rounded{f32_sign, {}}));
  }
}

TEST_CASE("exact accumulator subnormal products") {
  // The smallest subnormal squared, 2^-298: exact in the accumulator and in
  // binary64, below half the smallest binary32 subnormal.
  const std::uint32_t tiny[] = {1}, minus_tiny[] = {1 | f32_sign};
  const std::uint64_t two_to_minus_298 = *fpx::power_of_two(fpx::binary64, -298);
  for (const auto& acc : binary32_dots(tiny, tiny)) {
    for (const Rounding mode : fpx::all_deterministic_roundings) {
      CAPTURE(fpx::short_name(mode));
      CHECK(show(acc.round(fpx::binary64, mode)) == show(Rounded{two_to_minus_298, {}}));
      const bool up = mode == Rounding::TowardPositive || mode == Rounding::ToOdd;
      CHECK(acc.round(fpx::binary32, mode) ==
            Rounded{up ? 1u : 0u, Flags{Flags::underflow | Flags::inexact}});
    }
    CHECK(acc.value().binary_exponent <= -298);
  }
  for (const auto& acc : binary32_dots(tiny, minus_tiny)) {
    CHECK(acc.round(fpx::binary64, Rounding::NearestEven) ==
          Rounded{two_to_minus_298 | fpx::binary64.sign_mask(), {}});
    CHECK(acc.round(fpx::binary32, Rounding::TowardNegative) ==
          Rounded{1 | f32_sign, Flags{Flags::underflow | Flags::inexact}});
  }
  const std::uint32_t half_subnormal[] = {0x00400000};  // 2^-127, squared 2^-254
  for (const auto& acc : binary32_dots(half_subnormal, half_subnormal))
    CHECK(acc.round(fpx::binary64, Rounding::NearestEven) ==
          Rounded{*fpx::power_of_two(fpx::binary64, -254), {}});
}

TEST_CASE("exact accumulator non-finite terms") {
  const Rounded nan{0x7FC00000, {}}, nan_invalid{0x7FC00000, Flags{Flags::invalid}};
  const Rounded plus_inf{f32_inf, {}}, minus_inf{f32_inf | f32_sign, {}};
  auto sum = [](std::initializer_list<std::uint32_t> terms) {
    return binary32_sum(terms).round(fpx::binary32, Rounding::NearestEven);
  };
  CHECK(show(sum({f32_inf, f32_max, f32_one})) == show(plus_inf));
  CHECK(show(sum({f32_inf | f32_sign, f32_inf | f32_sign})) == show(minus_inf));
  CHECK(show(sum({f32_inf, f32_inf | f32_sign})) == show(nan_invalid));
  CHECK(show(sum({f32_qnan, f32_one})) == show(nan));
  CHECK(show(sum({f32_snan, f32_one})) == show(nan_invalid));
  CHECK(show(sum({f32_qnan, f32_snan})) == show(nan_invalid));
  // A quiet NaN absorbs inf - inf (the accumulator's rule, order-free).
  CHECK(show(sum({f32_inf, f32_qnan, f32_inf | f32_sign})) == show(nan));
  CHECK(binary32_sum({f32_inf}).is_infinite());
  CHECK(binary32_sum({f32_inf, f32_inf | f32_sign}).is_nan());
  // Into a format without infinities, an infinite sum is its NaN, invalid.
  CHECK(binary32_sum({f32_inf}).round(fpx::e4m3, Rounding::NearestEven) ==
        Rounded{0x7F, Flags{Flags::invalid}});
  CHECK(binary32_sum({f32_inf}).round(fpx::binary64, Rounding::TowardZero) ==
        Rounded{0x7FF0000000000000, {}});

  auto dot = [](std::initializer_list<std::uint32_t> a, std::initializer_list<std::uint32_t> b) {
    std::vector<Rounded> out;
    for (const auto& acc :
         binary32_dots(std::vector<std::uint32_t>(a), std::vector<std::uint32_t>(b)))
      out.push_back(acc.round(fpx::binary32, Rounding::NearestEven));
    return out;
  };
  for (const Rounded r : dot({0, f32_one}, {f32_inf, f32_one}))
    CHECK(show(r) == show(nan_invalid));  // 0 * inf
  for (const Rounded r : dot({f32_inf, f32_one}, {f32_sign | f32_one, f32_max}))
    CHECK(show(r) == show(minus_inf));
  for (const Rounded r : dot({f32_inf, f32_inf}, {f32_one, f32_sign | f32_one}))
    CHECK(show(r) == show(nan_invalid));
  for (const Rounded r : dot({f32_inf}, {f32_qnan})) CHECK(show(r) == show(nan));
  for (const Rounded r : dot({f32_snan}, {f32_one})) CHECK(show(r) == show(nan_invalid));
  for (const Rounded r : dot({f32_snan}, {0})) CHECK(show(r) == show(nan_invalid));
  for (const Rounded r : dot({f32_qnan, f32_max}, {f32_one, f32_max})) CHECK(show(r) == show(nan));
}

// Regression: add_product once counted a zero times a quiet NaN as 0 * inf
// and raised invalid; fpx::multiply, the MPFR reference and IEEE 754 (6.2:
// quiet NaN operands signal nothing) give the NaN without invalid.
TEST_CASE("exact accumulator zero times quiet NaN is not invalid") {
  const std::uint64_t zero_operands[] = {0, f32_qnan};
  const Rounded nan{0x7FC00000, {}};
  REQUIRE(show(fpx::multiply(fpx::binary32, 0, f32_qnan, Rounding::NearestEven)) == show(nan));
  REQUIRE(show(fpx::reference::compute(fpx::Operation::Multiply, fpx::binary32, zero_operands,
                                       Rounding::NearestEven)) == show(nan));
  const std::uint32_t a[] = {0, f32_qnan}, b[] = {f32_qnan, f32_sign};
  for (const auto& acc : binary32_dots(a, b))
    CHECK(show(acc.round(fpx::binary32, Rounding::NearestEven)) == show(nan));
}

TEST_CASE("exact accumulator holds formats whose values are all above or all below 1") {
  // Found with the sanitizer build: the accumulator spanned the products'
  // range 2^(2 qmin) .. 2^(2 (emax + 1)), which misses single values when a
  // custom bias puts qmin above 0 (e11m52b-1024: every value at least
  // 2^973) or emax + 1 below 0 (e11m52b2048: every value below 2^-1). The
  // sum of a value and its double is three times the value, exactly.
  for (const char* spelling : {"e11m52b-1024", "e11m52b2048", "e5m2b-60", "e3m4b30"}) {
    CAPTURE(spelling);
    const fpx::Format& format = *fpx::find_format(spelling);
    for (const std::uint64_t bits : {std::uint64_t{1}, format.max_finite_bits() >> 1,
                                     std::uint64_t{1} << format.fraction_bits()}) {
      fpx::ExactAccumulator sum(format);
      sum.add(bits);
      sum.add(bits);
      sum.add(bits);
      CHECK(fpx::to_rational(sum.value()) == 3 * fpx::to_rational(format, bits));
    }
  }
}
