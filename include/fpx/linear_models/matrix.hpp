// A dense row-major matrix of bit patterns of one format (a vector is n x 1),
// with its place in a memory account (counted_arithmetic.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fpx/core/format.hpp"
#include "fpx/linear_models/counted_arithmetic.hpp"

namespace fpx {

// A dense row-major matrix of bit patterns (a vector is n x 1). A matrix
// made with an Arithmetic is a new buffer in its memory account for as long
// as it lives; one made without is an input.
class Matrix {
 public:
  Matrix() = default;
  Matrix(std::size_t rows, std::size_t cols, Arithmetic& account);   // new buffer, zeros
  Matrix(std::size_t rows, std::size_t cols, const Format& format);  // input, zeros
  ~Matrix();
  Matrix(const Matrix& other);  // the copy is untracked
  Matrix& operator=(const Matrix& other);
  Matrix(Matrix&& other) noexcept;
  Matrix& operator=(Matrix&& other) noexcept;

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t size() const { return data_.size(); }
  const Format& format() const { return *format_; }
  std::uint64_t bytes() const { return data_.size() * element_bytes(*format_); }

  std::uint64_t& operator()(std::size_t i, std::size_t j) { return data_[i * cols_ + j]; }
  std::uint64_t operator()(std::size_t i, std::size_t j) const { return data_[i * cols_ + j]; }
  std::uint64_t& operator[](std::size_t i) { return data_[i]; }
  std::uint64_t operator[](std::size_t i) const { return data_[i]; }
  std::uint64_t* data() { return data_.data(); }
  const std::uint64_t* data() const { return data_.data(); }
  const std::vector<std::uint64_t>& values() const { return data_; }

 private:
  std::size_t rows_ = 0, cols_ = 0;
  const Format* format_ = &binary32;
  std::vector<std::uint64_t> data_;
  Arithmetic* account_ = nullptr;
};

}  // namespace fpx
