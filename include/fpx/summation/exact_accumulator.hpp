// An exact accumulator for sums of values and of products of two values of
// one format: a fixed-point number wide enough for the format's whole
// exponent range (a "long accumulator", Kulisch and Miranker, "The arithmetic
// of the digital computer: a new approach", SIAM Review 28(1), 1986), held as
// signed 64-bit limbs of 32-bit digits so that additions need no carry
// propagation until the end (the carry-save idea of Neal, "Fast exact
// summation using small and large superaccumulators", arXiv:1505.05571).
// It rounds once, in any format and mode. Integer code only.
//
// The array entry points (add and add_dot on spans) defer even that: each
// term goes into a bucket for its exponent, an integer sum of the
// significands that share that exponent, and the buckets go into the long
// accumulator only when one could overflow or the value is read (the large
// superaccumulator of Neal 2015, section 4; the bucket idea is Zhu and
// Hayes, "Correct rounding and a hybrid approach to exact floating-point
// summation", SIAM J. Sci. Comput. 31(4), 2009). A sum's bucket is chosen by
// the sign and exponent field, and takes whole encodings, as xsum's large
// accumulator does: their exponent bits are the same in one bucket, so the
// sum of the fractions is recovered from the bucket's count; a product's
// bucket is chosen by its sign and the sum of the exponent fields. So a term
// costs an integer addition, without shifts or carries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx {

namespace detail {
// The buckets of the array entry points (see exact_accumulator.cpp).
struct ExactBuckets {
  std::vector<std::uint64_t> sums;   // one or two words per bucket
  std::vector<std::int32_t> counts;  // sums: room left in each bucket
  std::uint64_t pending = 0;         // terms added since the last flush
};
}  // namespace detail

class ExactAccumulator {
 public:
  // Summands and factors are encodings of `format`.
  explicit ExactAccumulator(const Format& format);

  const Format& format() const { return *format_; }

  void add(std::uint64_t value);
  // Negating is not flipping the sign bit in a format without -0 (FNUZ).
  void subtract(std::uint64_t value);
  // Adds the exact product a * b.
  void add_product(std::uint64_t a, std::uint64_t b);
  // Adds every value, or sum a[i] * b[i] (spans of the same length), exactly:
  // the fast paths of sums and dot products. Encodings in words of any width
  // that holds the format (std::invalid_argument otherwise).
  void add(std::span<const std::uint64_t> values);
  void add(std::span<const std::uint32_t> values);
  void add(std::span<const std::uint16_t> values);
  void add(std::span<const std::uint8_t> values);
  void add_dot(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b);
  void add_dot(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b);
  void add_dot(std::span<const std::uint16_t> a, std::span<const std::uint16_t> b);
  void add_dot(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);
  void add_dot(const std::uint64_t* a, const std::uint64_t* b, std::size_t count) {
    add_dot(std::span<const std::uint64_t>(a, count), std::span<const std::uint64_t>(b, count));
  }
  // The same for binary32 patterns in 32-bit words (format must be binary32).
  void add_dot_binary32(const std::uint32_t* a, const std::uint32_t* b, std::size_t count);
  // Adds another accumulator of the same format.
  void add(const ExactAccumulator& other);

  // The exact sum rounded once into `to` (any format), with the flags of
  // that rounding and invalid for inf - inf, 0 * inf or a signaling NaN. An
  // exact zero is +0, or -0 toward negative (as a serial sum from +0).
  Rounded round(const Format& to, Rounding mode, const RoundingOptions& options = {}) const;

  // Non-finite terms seen so far.
  bool is_nan() const;  // a NaN term, inf - inf, or 0 * inf
  bool is_infinite() const { return !is_nan() && (positive_infinities_ || negative_infinities_); }
  // The exact value when finite (denominator 1).
  ExactNumber value() const;
  bool is_zero() const;

 private:
  static constexpr int digit_bits = 32;
  // Digits take up to 2^31 additions of less than 2^32 before a carry pass.
  static constexpr std::uint64_t additions_between_carries = std::uint64_t{1} << 30;

  void add_scaled(bool negative, std::uint64_t significand_low, std::uint64_t significand_high,
                  int exponent) const;
  void note_special(bool negative, bool is_nan, bool signaling);
  void count_addition(std::uint64_t digits_touched) const;
  // Moves every pending bucket into the digits.
  void flush_buckets() const;
  void flush_sum_bucket(std::size_t bucket) const;
  void flush_product_buckets() const;
  template <typename Word>
  void add_values(std::span<const Word> values);
  template <typename Word>
  void add_products(std::span<const Word> a, std::span<const Word> b);

  const Format* format_;
  int lowest_exponent_;  // exponent of bit 0 of digit 0
  mutable std::vector<std::int64_t> digits_;
  mutable std::uint64_t additions_ = 0;
  mutable detail::ExactBuckets sum_buckets_, product_buckets_;
  std::uint64_t nans_ = 0;
  std::uint64_t positive_infinities_ = 0, negative_infinities_ = 0;
  bool invalid_ = false;
};

}  // namespace fpx
