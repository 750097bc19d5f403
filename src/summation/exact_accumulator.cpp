#include "fpx/summation/exact_accumulator.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "exact_products.hpp"
#include "fpx/core/unpacked.hpp"

namespace fpx {
namespace {

constexpr std::int64_t digit_mask = 0xFFFFFFFF;

// x or -x, without a branch: `negative_mask` is 0 or -1.
constexpr std::int64_t apply_sign(std::int64_t x, std::int64_t negative_mask) {
  return (x ^ negative_mask) - negative_mask;
}

// Digits in [0, 2^32) below the top one, which keeps the sign.
void normalize(std::vector<std::int64_t>& digits) {
  for (std::size_t j = 0; j + 1 < digits.size(); ++j) {
    const std::int64_t carry = digits[j] >> 32;  // floor division by 2^32
    digits[j] -= carry * (std::int64_t{1} << 32);
    digits[j + 1] += carry;
  }
}

}  // namespace

ExactAccumulator::ExactAccumulator(const Format& format) : format_(&format) {
  // Products of two values have their last bit at or above 2^(2 qmin) and
  // their magnitude below 2^(2 (emax + 1)); single values span 2^qmin to
  // 2^(emax + 1). For the usual formats qmin < 0 < emax + 1 and the
  // products' range holds both; a format with a custom bias may have all
  // its values above 1 (qmin > 0) or below 1 (emax + 1 < 0), so the range
  // is the union of the two. 64 more bits hold 2^64 terms.
  const int qmin = format.min_quantum_exponent(), top = format.max_exponent() + 1;
  lowest_exponent_ = std::min(qmin, 2 * qmin);
  const int bits = std::max(top, 2 * top) - lowest_exponent_ + 64;
  digits_.assign(std::size_t(bits / digit_bits + 6), 0);
}

void ExactAccumulator::note_special(bool negative, bool is_nan, bool signaling) {
  if (is_nan) {
    ++nans_;
    invalid_ = invalid_ || signaling;
  } else if (negative) {
    ++negative_infinities_;
  } else {
    ++positive_infinities_;
  }
}

void ExactAccumulator::count_addition(std::uint64_t count) const {
  additions_ += count;
  if (additions_ >= additions_between_carries) {
    normalize(digits_);
    additions_ = 0;
  }
}

// Adds (-1)^negative * significand * 2^exponent, significand below 2^128
// given as two 64-bit halves: each 32-bit chunk, shifted into place, spans
// two digits.
void ExactAccumulator::add_scaled(bool negative, std::uint64_t significand_low,
                                  std::uint64_t significand_high, int exponent) const {
  const int position = exponent - lowest_exponent_;
  const std::size_t first = std::size_t(position / digit_bits);
  const int shift = position % digit_bits;
  const std::int64_t negative_mask = negative ? -1 : 0;
  const std::uint64_t chunks[4] = {significand_low & digit_mask, significand_low >> 32,
                                   significand_high & digit_mask, significand_high >> 32};
  for (std::size_t k = 0; k < 4; ++k) {
    if (chunks[k] == 0) continue;
    const std::uint64_t placed = chunks[k] << shift;  // below 2^63
    digits_[first + k] += apply_sign(std::int64_t(placed & digit_mask), negative_mask);
    digits_[first + k + 1] += apply_sign(std::int64_t(placed >> 32), negative_mask);
  }
  count_addition(1);
}

void ExactAccumulator::add(std::uint64_t value) {
  const Unpacked x = unpack(*format_, value);
  if (!x.is_finite()) {
    note_special(x.negative, x.is_nan(), x.is_signaling());
    return;
  }
  if (x.is_zero()) return;
  add_scaled(x.negative, x.significand, 0, x.exponent);
}

void ExactAccumulator::subtract(std::uint64_t value) {
  const Unpacked x = unpack(*format_, value);
  if (!x.is_finite()) {
    note_special(!x.negative, x.is_nan(), x.is_signaling());
    return;
  }
  if (x.is_zero()) return;
  add_scaled(!x.negative, x.significand, 0, x.exponent);
}

void ExactAccumulator::add_product(std::uint64_t a, std::uint64_t b) {
  const Unpacked x = unpack(*format_, a), y = unpack(*format_, b);
  const bool negative = x.negative != y.negative;
  if (!x.is_finite() || !y.is_finite()) {
    const bool zero_times_infinity =
        (x.is_zero() && y.is_infinity()) || (x.is_infinity() && y.is_zero());
    const bool nan = x.is_nan() || y.is_nan() || zero_times_infinity;
    note_special(negative, nan, x.is_signaling() || y.is_signaling() || zero_times_infinity);
    return;
  }
  if (x.is_zero() || y.is_zero()) return;
  const UInt128 product = UInt128(x.significand) * y.significand;
  add_scaled(negative, std::uint64_t(product), std::uint64_t(product >> 64),
             x.exponent + y.exponent);
}

// ---------------------------------------------------------------------------
// The array entry points: buckets by exponent (see the header).

namespace {

constexpr std::size_t scan_chunk = 4096;

// Sums: bucket k = the encoding's sign and exponent field, taking whole
// encodings. A bucket of c encodings holds c * (k << fraction_bits) plus the
// sum of c fractions, modulo 2^64; the fractions' sum is below c * 2^f, so
// it is exact while c < 2^(64 - f). Room per bucket, at most 2^30 so that
// the counts are 32-bit words: the loop below ran about a fifth faster with
// them than with 64-bit counts (as xsum's 16-bit counts), the flush that a
// smaller room costs coming once in 2^30 additions.
constexpr std::int64_t sum_capacity(const Format& format) {
  const int bits = 63 - format.fraction_bits();
  return std::int64_t{1} << (bits < 30 ? bits : 30);
}

// Products: bucket = sign * 2^(e+1) + (field a + field b), fields of
// subnormals counted as 1; the unsigned products of the significands add
// into one word (two for binary64's 106 bits). Terms between flushes:
template <const Format& F>
constexpr std::uint64_t product_capacity() {
  constexpr int bits = 2 * F.precision <= 64 ? 63 - 2 * F.precision : 127 - 2 * F.precision;
  return std::uint64_t{1} << (bits < 40 ? bits : 40);
}

// The exponent field of a bucket: max(field, 1), so that subnormals have the
// smallest normal's scale (their significands have no hidden bit).
template <const Format& F>
[[gnu::always_inline]] inline std::uint64_t scale_field(std::uint64_t bits) {
  const std::uint64_t field = (bits & F.magnitude_mask()) >> F.fraction_bits();
  return field | std::uint64_t(field == 0);
}

template <const Format& F>
[[gnu::always_inline]] inline std::uint64_t significand_of(std::uint64_t bits) {
  const std::uint64_t field = (bits & F.magnitude_mask()) >> F.fraction_bits();
  return (bits & F.fraction_mask()) | (std::uint64_t(field != 0) << F.fraction_bits());
}

template <const Format& F>
[[gnu::always_inline]] inline bool is_special(std::uint64_t bits) {
  const std::uint64_t magnitude = bits & F.magnitude_mask();
  if constexpr (F.special_encoding == SpecialEncoding::Ieee) return magnitude >= F.infinity_bits();
  return magnitude == F.magnitude_mask();
}

// Whether any of `values` is infinite or NaN (those go through the
// element-by-element path, which counts them).
template <const Format& F, typename Word>
bool any_special(const Word* values, std::size_t count) {
  bool found = false;
  for (std::size_t i = 0; i < count; ++i) found |= is_special<F>(values[i]);
  return found;
}

// Calls visitor.template operator()<F>() for the predefined format equal to
// `format`; false for a format known only at run time (which the callers add
// element by element).
template <typename Visitor>
bool visit_format(const Format& format, Visitor&& visitor) {
#define FPX_VISIT(candidate)                  \
  if (format == candidate) {                  \
    visitor.template operator()<candidate>(); \
    return true;                              \
  }
  FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_VISIT)
#undef FPX_VISIT
  return false;
}

template <typename Word>
void check_words(const Format& format) {
  if (std::size_t(format.width()) > 8 * sizeof(Word))
    throw std::invalid_argument("exact accumulator: " + std::string(format.name) +
                                " values do not fit " + std::to_string(8 * sizeof(Word)) +
                                "-bit words");
}

}  // namespace

// Bucket k of the sums into the digits: its count of encodings gives back the
// sum of their significands (fractions plus hidden bits).
void ExactAccumulator::flush_sum_bucket(std::size_t bucket) const {
  const Format& f = *format_;
  const std::uint64_t all_ones = (std::uint64_t{1} << f.exponent_bits) - 1;
  const std::uint64_t field = bucket & all_ones;
  // IEEE infinities and NaNs never enter a bucket (theirs has no room).
  if (f.special_encoding == SpecialEncoding::Ieee && field == all_ones) return;
  const std::int64_t capacity = sum_capacity(f);
  const std::uint64_t count = std::uint64_t(capacity - sum_buckets_.counts[bucket]);
  if (count == 0) return;
  const std::uint64_t fractions =
      sum_buckets_.sums[bucket] - count * (std::uint64_t(bucket) << f.fraction_bits());
  const UInt128 significands =
      UInt128(fractions) + (field != 0 ? UInt128(count) << f.fraction_bits() : 0);
  const int exponent = int(field | (field == 0)) - f.bias - f.fraction_bits();
  add_scaled((bucket >> f.exponent_bits) != 0, std::uint64_t(significands),
             std::uint64_t(significands >> 64), exponent);
  sum_buckets_.sums[bucket] = 0;
  sum_buckets_.counts[bucket] = std::int32_t(capacity);
}

void ExactAccumulator::flush_product_buckets() const {
  if (product_buckets_.pending == 0) return;
  visit_format(*format_, [&]<const Format & F>() {
    constexpr int words = 2 * F.precision <= 64 ? 1 : 2;
    constexpr std::size_t signs_apart = std::size_t{2} << F.exponent_bits;
    std::vector<std::uint64_t>& sums = product_buckets_.sums;
    for (std::size_t bucket = 0; bucket < sums.size() / words; ++bucket) {
      const std::uint64_t low = sums[bucket * words];
      const std::uint64_t high = words == 2 ? sums[bucket * words + 1] : 0;
      if (low == 0 && high == 0) continue;
      const std::size_t signed_bucket = bucket % (2 * signs_apart);  // the copy does not matter
      const int exponent = int(signed_bucket % signs_apart) - 2 * (F.bias + F.fraction_bits());
      add_scaled(signed_bucket >= signs_apart, low, high, exponent);
      sums[bucket * words] = 0;
      if (words == 2) sums[bucket * words + 1] = 0;
    }
  });
  product_buckets_.pending = 0;
}

void ExactAccumulator::flush_buckets() const {
  if (sum_buckets_.pending != 0) {
    for (std::size_t bucket = 0; bucket < sum_buckets_.counts.size(); ++bucket)
      flush_sum_bucket(bucket);
    sum_buckets_.pending = 0;
  }
  flush_product_buckets();
}

template <typename Word>
void ExactAccumulator::add_values(std::span<const Word> values) {
  check_words<Word>(*format_);
  const bool predefined = visit_format(*format_, [&]<const Format & F>() {
    constexpr std::size_t buckets = std::size_t{2} << F.exponent_bits;
    constexpr std::uint64_t all_ones = (std::uint64_t{1} << F.exponent_bits) - 1;
    constexpr std::int64_t capacity = sum_capacity(F);
    if (sum_buckets_.counts.empty()) {
      sum_buckets_.sums.assign(buckets, 0);
      sum_buckets_.counts.assign(buckets, std::int32_t(capacity));
      // IEEE infinities and NaNs find no room, so they take the slow path.
      if constexpr (F.special_encoding == SpecialEncoding::Ieee) {
        sum_buckets_.counts[all_ones] = 0;
        sum_buckets_.counts[buckets / 2 + all_ones] = 0;
      }
    }
    std::uint64_t* sums = sum_buckets_.sums.data();
    std::int32_t* counts = sum_buckets_.counts.data();
    constexpr std::uint64_t mask = F.sign_mask() | F.magnitude_mask();
    auto add_one = [&](std::uint64_t bits) {
      const std::uint64_t bucket = bits >> F.fraction_bits();
      const std::int32_t room = counts[bucket] - 1;
      if (room < 0) [[unlikely]] {
        if ((bucket & all_ones) == all_ones && F.special_encoding == SpecialEncoding::Ieee) {
          add(bits);  // infinity or NaN
          return;
        }
        flush_sum_bucket(bucket);
        counts[bucket] = std::int32_t(capacity - 1);
        sums[bucket] = bits;
        return;
      }
      counts[bucket] = room;
      sums[bucket] += bits;
    };
    for (std::size_t start = 0; start < values.size(); start += scan_chunk) {
      const std::size_t length = std::min(scan_chunk, values.size() - start);
      const Word* x = values.data() + start;
      if constexpr (F.special_encoding != SpecialEncoding::Ieee) {
        // E4M3's NaN shares its exponent field with finite values.
        if (any_special<F>(x, length)) {
          for (std::size_t i = 0; i < length; ++i) add(std::uint64_t(x[i]) & mask);
          continue;
        }
      }
      for (std::size_t i = 0; i < length; ++i) add_one(std::uint64_t(x[i]) & mask);
      sum_buckets_.pending += length;
    }
  });
  if (!predefined)
    for (const Word value : values) add(std::uint64_t(value));
}

template <typename Word>
void ExactAccumulator::add_products(std::span<const Word> a, std::span<const Word> b) {
  if (a.size() != b.size())
    throw std::invalid_argument("exact accumulator: dot product of vectors of different lengths");
  check_words<Word>(*format_);
  const bool predefined = visit_format(*format_, [&]<const Format & F>() {
    constexpr int words = 2 * F.precision <= 64 ? 1 : 2;
    constexpr std::size_t signs_apart = detail::product_signs_apart<F>;
    constexpr std::uint64_t capacity = product_capacity<F>();
    constexpr std::size_t copies = detail::product_copies<F>;
    if (product_buckets_.sums.empty())
      product_buckets_.sums.assign(copies * 2 * signs_apart * words, 0);
    std::uint64_t* sums = product_buckets_.sums.data();
    // A chunk is decoded and multiplied first (exact_products.hpp: a loop
    // the compiler vectorizes; for binary32 with AVX-512 where there is,
    // exact_products_avx512.cpp), then added into the buckets; a chunk with
    // an infinity or NaN goes element by element.
    using Product = detail::ExactProduct<F>;
    Product products[detail::product_chunk];
    // Wider products keep their buckets apart; one-word products are tagged.
    std::uint32_t bucket_of[words == 1 ? 1 : detail::product_chunk];
    detail::Binary32ProductDecoder fast = nullptr;
    if constexpr (F == binary32 && std::is_same_v<Word, std::uint32_t>)
      fast = detail::avx512_binary32_product_decoder();
    for (std::size_t start = 0; start < a.size(); start += detail::product_chunk) {
      const std::size_t length = std::min(detail::product_chunk, a.size() - start);
      const Word* x = a.data() + start;
      const Word* y = b.data() + start;
      std::uint32_t unusual = 0;
      if constexpr (F == binary32 && std::is_same_v<Word, std::uint32_t>) {
        unusual = fast ? fast(x, y, length, products)
                       : detail::decode_products<F, Word>(x, y, length, products, bucket_of);
      } else {
        unusual = detail::decode_products<F, Word>(x, y, length, products, bucket_of);
      }
      if (unusual) {
        for (std::size_t i = 0; i < length; ++i) add_product(x[i], y[i]);
        continue;
      }
      // The loop below, unrolled four times: 1.09-1.22x the naive dot's
      // time against 1.15-1.37x rolled, in seven alternated runs each
      // (bench/README.md).
      if (product_buckets_.pending + length > capacity) flush_product_buckets();
#pragma GCC unroll 4
      for (std::size_t i = 0; i < length; ++i) {
        if constexpr (words == 1) {
          const std::uint64_t tagged = products[i];
          sums[tagged >> detail::product_tag_shift<F>] += tagged & detail::product_untagged_mask<F>;
        } else {
          UInt128 sum = (UInt128(sums[2 * bucket_of[i] + 1]) << 64) | sums[2 * bucket_of[i]];
          sum += products[i];
          sums[2 * bucket_of[i]] = std::uint64_t(sum);
          sums[2 * bucket_of[i] + 1] = std::uint64_t(sum >> 64);
        }
      }
      product_buckets_.pending += length;
    }
  });
  if (!predefined)
    for (std::size_t i = 0; i < a.size(); ++i)
      add_product(std::uint64_t(a[i]), std::uint64_t(b[i]));
}

void ExactAccumulator::add(std::span<const std::uint64_t> values) { add_values(values); }
void ExactAccumulator::add(std::span<const std::uint32_t> values) { add_values(values); }
void ExactAccumulator::add(std::span<const std::uint16_t> values) { add_values(values); }
void ExactAccumulator::add(std::span<const std::uint8_t> values) { add_values(values); }
void ExactAccumulator::add_dot(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) {
  add_products(a, b);
}
void ExactAccumulator::add_dot(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  add_products(a, b);
}
void ExactAccumulator::add_dot(std::span<const std::uint16_t> a, std::span<const std::uint16_t> b) {
  add_products(a, b);
}
void ExactAccumulator::add_dot(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  add_products(a, b);
}

void ExactAccumulator::add_dot_binary32(const std::uint32_t* a, const std::uint32_t* b,
                                        std::size_t count) {
  if (*format_ != binary32)
    throw std::invalid_argument("add_dot_binary32 needs a binary32 accumulator");
  add_products(std::span<const std::uint32_t>(a, count), std::span<const std::uint32_t>(b, count));
}

void ExactAccumulator::add(const ExactAccumulator& other) {
  if (*other.format_ != *format_) throw std::invalid_argument("accumulators of different formats");
  flush_buckets();
  other.flush_buckets();
  for (std::size_t j = 0; j < digits_.size(); ++j) digits_[j] += other.digits_[j];
  count_addition(other.additions_ + 1);
  nans_ += other.nans_;
  positive_infinities_ += other.positive_infinities_;
  negative_infinities_ += other.negative_infinities_;
  invalid_ = invalid_ || other.invalid_;
}

bool ExactAccumulator::is_nan() const {
  return nans_ != 0 || (positive_infinities_ != 0 && negative_infinities_ != 0);
}

bool ExactAccumulator::is_zero() const { return value().numerator == 0; }

ExactNumber ExactAccumulator::value() const {
  flush_buckets();
  std::vector<std::int64_t> digits = digits_;
  normalize(digits);
  BigInteger total = 0;
  for (std::size_t j = digits.size(); j-- > 0;) total = (total << digit_bits) + digits[j];
  ExactNumber out;
  out.negative = total < 0;
  out.numerator = out.negative ? BigInteger(-total) : total;
  out.binary_exponent = lowest_exponent_;
  return out;
}

Rounded ExactAccumulator::round(const Format& to, Rounding mode,
                                const RoundingOptions& options) const {
  if (is_nan())
    return Rounded{to.default_nan_bits(),
                   Flags{invalid_ || nans_ == 0 ? Flags::invalid : std::uint8_t{0}}};
  if (is_infinite()) {
    const bool negative = negative_infinities_ != 0;
    if (to.has_infinity()) return Rounded{(negative ? to.sign_mask() : 0) | to.infinity_bits(), {}};
    // Finite-only formats saturate.
    if (!to.has_nan())
      return Rounded{(negative ? to.sign_mask() : 0) | to.max_finite_bits(),
                     Flags{Flags::overflow | Flags::inexact}};
    return Rounded{to.default_nan_bits(), Flags{Flags::invalid}};
  }
  // Step 1: carry-propagate a copy; the top digit's sign is the sum's.
  flush_buckets();
  std::vector<std::int64_t> digits = digits_;
  normalize(digits);
  const bool negative = digits.back() < 0;
  if (negative) {
    for (auto& digit : digits) digit = -digit;
    normalize(digits);
  }
  // Step 2: the highest nonzero digit and the three below it give 128 bits;
  // anything lower is the sticky bit.
  std::size_t top = digits.size();
  while (top > 0 && digits[top - 1] == 0) --top;
  // An exact zero is +0, or -0 toward negative: what a serial sum started
  // at +0 gives (IEEE 754-2019 6.3).
  if (top == 0) return zero_result(to, mode == Rounding::TowardNegative);
  const std::size_t high = top - 1;
  const std::size_t low = high >= 3 ? high - 3 : 0;
  UInt128 significand = 0;
  for (std::size_t j = high + 1; j-- > low;)
    significand = (significand << digit_bits) | UInt128(digits[j]);
  bool sticky = false;
  for (std::size_t j = 0; j < low; ++j) sticky = sticky || digits[j] != 0;
  const int exponent = lowest_exponent_ + int(low) * digit_bits;
  Rounded out = round_pack(to, negative, exponent, significand, sticky, mode, options);
  if (invalid_) out.flags.bits |= Flags::invalid;
  return out;
}

}  // namespace fpx
