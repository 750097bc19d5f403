// One line of `fpx mma` input: A_0 .. A_{K-1} B_0 .. B_{K-1} C [D], read into
// bit patterns of the model's formats. A field is a bit pattern of the
// format's width in hex (with or without 0x), or a number (decimal,
// hex-float, ratio, inf, nan) rounded to nearest even into the format: the
// input format for A and B, the output format for C and D. TF32 patterns are
// given in their binary32 container, low 13 bits clear.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fpx/tensor_core/model.hpp"

namespace fpx {

class OperandLineParser {
 public:
  // `with_expected`: each line ends with the D it should give (fpx mma --check).
  OperandLineParser(const TensorCoreModel& model, std::size_t k, bool with_expected);

  // Fields separated by spaces or tabs; `line` has no newline. Returns an
  // error message naming the field, or empty when the line was read. After
  // a failed line a(), b() and c() hold partial values, and the counts of
  // numbers below leave the line out.
  std::string parse(std::string_view line);

  const std::vector<std::uint64_t>& a() const { return a_; }
  const std::vector<std::uint64_t>& b() const { return b_; }
  std::uint64_t c() const { return c_; }
  std::uint64_t expected_d() const { return expected_d_; }

  // Over the lines read so far: operands given as numbers, and those of
  // them that rounding changed.
  std::size_t numbers() const { return numbers_; }
  std::size_t inexact_numbers() const { return inexact_; }

 private:
  // A field that is not the format's width in hex digits: the value, and
  // whether it was a number; nullopt for neither.
  std::optional<std::pair<std::uint64_t, bool>> read_other(std::string_view text, bool is_input,
                                                           int digits);

  std::size_t k_;
  bool with_expected_;
  bool tf32_ = false;
  int in_digits_ = 4, out_digits_ = 8;
  std::vector<std::uint64_t> a_, b_;
  std::uint64_t c_ = 0, expected_d_ = 0;
  const Format* in_;
  const Format* out_;
  std::size_t numbers_ = 0, inexact_ = 0;            // lines read
  std::size_t line_numbers_ = 0, line_inexact_ = 0;  // the line being read
};

}  // namespace fpx
