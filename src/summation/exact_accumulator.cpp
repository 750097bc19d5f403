#include "fpx/summation/exact_accumulator.hpp"

#include <algorithm>
#include <stdexcept>

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
  // their magnitude below 2^(2 (emax + 1)); 64 more bits hold 2^64 terms.
  lowest_exponent_ = 2 * format.min_quantum_exponent();
  const int bits = 2 * (format.max_exponent() + 1) - lowest_exponent_ + 64;
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

void ExactAccumulator::count_addition(std::uint64_t count) {
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
                                  std::uint64_t significand_high, int exponent) {
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

void ExactAccumulator::add_dot(const std::uint64_t* a, const std::uint64_t* b, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) add_product(a[i], b[i]);
}

// The hot loop for binary32. Products of normal numbers are sorted by
// exponent into 512 buckets (the sum of the two biased exponent fields): a
// bucket adds signed 48-bit significands, which is exact for 2^15 of them;
// every 2^15 elements the buckets go into the long accumulator. So each
// element costs one multiply and one addition, without shifts (the bucket
// idea of Zhu and Hayes, "Correct rounding and a hybrid approach to exact
// floating-point summation", SIAM J. Sci. Comput. 31(4), 2009). The work is
// done in chunks, first decoding and multiplying a whole chunk (a loop the
// compiler vectorizes), then adding into the buckets; a chunk with a zero,
// subnormal, infinity or NaN takes the general path element by element.
void ExactAccumulator::add_dot_binary32(const std::uint32_t* a, const std::uint32_t* b,
                                        std::size_t count) {
  if (*format_ != binary32)
    throw std::invalid_argument("add_dot_binary32 needs a binary32 accumulator");
  constexpr std::size_t chunk = 1024;
  constexpr std::size_t chunks_between_flushes = (std::size_t{1} << 15) / chunk;
  constexpr int bias_and_fraction = 127 + 23;
  std::int64_t buckets[512] = {};
  std::int64_t products[chunk];
  std::uint32_t bucket_of[chunk];
  auto flush = [&] {
    for (int k = 0; k < 512; ++k) {
      if (buckets[k] == 0) continue;
      const bool negative = buckets[k] < 0;
      const std::uint64_t magnitude =
          negative ? std::uint64_t(0) - std::uint64_t(buckets[k]) : std::uint64_t(buckets[k]);
      add_scaled(negative, magnitude, 0, k - 2 * bias_and_fraction);
      buckets[k] = 0;
    }
  };
  std::size_t chunks = 0;
  for (std::size_t start = 0; start < count; start += chunk) {
    const std::size_t length = std::min(chunk, count - start);
    const std::uint32_t* x = a + start;
    const std::uint32_t* y = b + start;
    std::uint32_t unusual = 0;  // a field 0 (zero, subnormal) or 255 (inf, NaN)
    for (std::size_t i = 0; i < length; ++i) {
      const std::uint32_t field_x = (x[i] >> 23) & 0xFF, field_y = (y[i] >> 23) & 0xFF;
      unusual |= std::uint32_t(field_x - 1 >= 254) | std::uint32_t(field_y - 1 >= 254);
      const std::uint64_t product =
          std::uint64_t((x[i] & 0x7FFFFF) | 0x800000) * std::uint64_t((y[i] & 0x7FFFFF) | 0x800000);
      const std::int64_t negative_mask = -std::int64_t((x[i] ^ y[i]) >> 31);
      products[i] = apply_sign(std::int64_t(product), negative_mask);
      bucket_of[i] = field_x + field_y;
    }
    if (unusual) {
      for (std::size_t i = 0; i < length; ++i) add_product(x[i], y[i]);
    } else {
      for (std::size_t i = 0; i < length; ++i) buckets[bucket_of[i]] += products[i];
    }
    if (++chunks % chunks_between_flushes == 0) flush();
  }
  flush();
}

void ExactAccumulator::add(const ExactAccumulator& other) {
  if (*other.format_ != *format_) throw std::invalid_argument("accumulators of different formats");
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
    return Rounded{to.default_nan_bits(), Flags{Flags::invalid}};
  }
  // Step 1: carry-propagate a copy; the top digit's sign is the sum's.
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
  if (top == 0) return Rounded{mode == Rounding::TowardNegative ? to.sign_mask() : 0, {}};
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
