#include "fpx/reference/exact_operation.hpp"

#include <mpfr.h>

#include <algorithm>
#include <memory>

#include "fpx/reference/mpfr_reference.hpp"

namespace fpx {
namespace {

// Enough bits for any exact sum of terms of `format` (and products of two).
mpfr_prec_t exact_precision(const Format& format) {
  return mpfr_prec_t(2 * (format.max_exponent() - format.min_quantum_exponent()) +
                     4 * format.precision + 8);
}

class Number {
 public:
  explicit Number(mpfr_prec_t precision) { mpfr_init2(value_, precision); }
  ~Number() { mpfr_clear(value_); }
  Number(const Number&) = delete;
  Number& operator=(const Number&) = delete;
  mpfr_ptr get() { return value_; }

 private:
  mpfr_t value_;
};

ExactBinary from_mpfr(mpfr_srcptr value, bool truncated) {
  ExactBinary out;
  if (!mpfr_number_p(value)) {
    out.nan = mpfr_nan_p(value) != 0;
    out.infinite = mpfr_inf_p(value) != 0;
    out.negative = out.infinite && mpfr_signbit(value) != 0;
    return out;
  }
  out.finite = true;
  out.negative = mpfr_signbit(value) != 0;
  if (mpfr_zero_p(value)) {
    out.zero = true;
    out.digits = "0";
    out.value.negative = out.negative;
    return out;
  }
  mpfr_exp_t exponent = 0;
  char* text = mpfr_get_str(nullptr, &exponent, 2, 0, value, MPFR_RNDZ);
  std::string digits = text[0] == '-' ? text + 1 : text;
  mpfr_free_str(text);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  out.digits = digits;
  out.leading_exponent = int(exponent - 1);
  out.truncated = truncated;
  out.value.negative = out.negative;
  for (char digit : digits) out.value.numerator = (out.value.numerator << 1) + (digit - '0');
  out.value.binary_exponent = long(exponent) - long(digits.size());
  return out;
}

}  // namespace

ExactBinary exact_result(Operation operation, const Format& format,
                         const std::vector<std::uint64_t>& operands) {
  const mpfr_prec_t precision = exact_precision(format);
  std::vector<std::unique_ptr<Number>> values;
  for (std::uint64_t bits : operands) {
    values.push_back(std::make_unique<Number>(mpfr_prec_t(format.precision)));
    reference::to_mpfr(values.back()->get(), format, bits);
  }
  Number result(precision);
  int ternary = 0;
  switch (operation) {
    case Operation::Add:
      ternary = mpfr_add(result.get(), values[0]->get(), values[1]->get(), MPFR_RNDZ);
      break;
    case Operation::Subtract:
      ternary = mpfr_sub(result.get(), values[0]->get(), values[1]->get(), MPFR_RNDZ);
      break;
    case Operation::Multiply:
      ternary = mpfr_mul(result.get(), values[0]->get(), values[1]->get(), MPFR_RNDZ);
      break;
    case Operation::Divide:
      ternary = mpfr_div(result.get(), values[0]->get(), values[1]->get(), MPFR_RNDZ);
      break;
    case Operation::SquareRoot:
      ternary = mpfr_sqrt(result.get(), values[0]->get(), MPFR_RNDZ);
      break;
    case Operation::FusedMultiplyAdd:
      ternary =
          mpfr_fma(result.get(), values[0]->get(), values[1]->get(), values[2]->get(), MPFR_RNDZ);
      break;
  }
  return from_mpfr(result.get(), ternary != 0);
}

ExactBinary exact_sum(const Format& format, const std::vector<std::uint64_t>& terms) {
  Number sum(exact_precision(format) + 64), term(mpfr_prec_t(format.precision));
  mpfr_set_zero(sum.get(), 1);
  int ternary = 0;
  for (std::uint64_t bits : terms) {
    reference::to_mpfr(term.get(), format, bits);
    ternary |= mpfr_add(sum.get(), sum.get(), term.get(), MPFR_RNDZ);
  }
  return from_mpfr(sum.get(), ternary != 0);
}

CutPicture cut_at_format(const Format& format, const ExactBinary& exact) {
  CutPicture picture;
  if (!exact.finite) return picture;
  // Scale: the leading bit's exponent, or emin for values below the normal range.
  const bool below_normal = exact.zero || exact.leading_exponent < format.min_exponent();
  const int scale = below_normal ? format.min_exponent() : exact.leading_exponent;
  picture.scale = std::string(exact.negative ? "-" : "") + "2^" + std::to_string(scale) + " x ";
  // All bits after the point at that scale.
  std::string fraction;
  if (exact.zero) {
    picture.leading = "0.";
  } else if (below_normal) {
    picture.leading = "0.";
    fraction = std::string(std::size_t(scale - exact.leading_exponent - 1), '0') + exact.digits;
  } else {
    picture.leading = "1.";
    fraction = exact.digits.substr(1);
  }
  const std::size_t kept = std::size_t(format.fraction_bits());
  fraction.resize(std::max(fraction.size(), kept + 2), '0');
  picture.kept = fraction.substr(0, kept);
  picture.guard = fraction[kept];
  picture.round = fraction[kept + 1];
  std::string tail = fraction.substr(kept + 2);
  picture.sticky = tail.find('1') != std::string::npos || exact.truncated;
  while (!tail.empty() && tail.back() == '0') tail.pop_back();
  picture.tail = tail + (exact.truncated ? "..." : "");
  return picture;
}

ExactBinary exact_dot(const Format& format, const std::vector<std::uint64_t>& a,
                      const std::vector<std::uint64_t>& b) {
  Number sum(2 * exact_precision(format) + 64), product(2 * mpfr_prec_t(format.precision));
  Number x(mpfr_prec_t(format.precision)), y(mpfr_prec_t(format.precision));
  mpfr_set_zero(sum.get(), 1);
  int ternary = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    reference::to_mpfr(x.get(), format, a[i]);
    reference::to_mpfr(y.get(), format, b[i]);
    ternary |= mpfr_mul(product.get(), x.get(), y.get(), MPFR_RNDZ);
    ternary |= mpfr_add(sum.get(), sum.get(), product.get(), MPFR_RNDZ);
  }
  return from_mpfr(sum.get(), ternary != 0);
}

std::string exact_lecture_notation(const Format& format, const ExactBinary& exact) {
  if (exact.nan) return "nan";
  if (!exact.finite) return exact.negative ? "-inf" : "inf";
  const CutPicture picture = cut_at_format(format, exact);
  std::string fraction = picture.kept + picture.guard + picture.round + picture.tail;
  while (fraction.size() > std::size_t(format.fraction_bits()) && fraction.back() == '0')
    fraction.pop_back();
  return picture.scale + picture.leading + fraction;
}

}  // namespace fpx
