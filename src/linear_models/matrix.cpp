// Dense matrices of bit patterns (include/fpx/linear_models/matrix.hpp).
#include "fpx/linear_models/matrix.hpp"

#include <utility>

namespace fpx {

Matrix::Matrix(std::size_t rows, std::size_t cols, Arithmetic& account)
    : rows_(rows),
      cols_(cols),
      format_(&account.format()),
      data_(rows * cols, 0),
      account_(&account) {
  account_->allocate(bytes());
}

Matrix::Matrix(std::size_t rows, std::size_t cols, const Format& format)
    : rows_(rows), cols_(cols), format_(&format), data_(rows * cols, 0) {}

Matrix::~Matrix() {
  if (account_) account_->release(bytes());
}

Matrix::Matrix(const Matrix& other)
    : rows_(other.rows_), cols_(other.cols_), format_(other.format_), data_(other.data_) {}

Matrix& Matrix::operator=(const Matrix& other) {
  if (this == &other) return *this;
  if (account_) account_->release(bytes());
  account_ = nullptr;
  rows_ = other.rows_;
  cols_ = other.cols_;
  format_ = other.format_;
  data_ = other.data_;
  return *this;
}

Matrix::Matrix(Matrix&& other) noexcept
    : rows_(other.rows_),
      cols_(other.cols_),
      format_(other.format_),
      data_(std::move(other.data_)),
      account_(std::exchange(other.account_, nullptr)) {
  other.rows_ = other.cols_ = 0;
  other.data_.clear();
}

Matrix& Matrix::operator=(Matrix&& other) noexcept {
  if (this == &other) return *this;
  if (account_) account_->release(bytes());
  rows_ = other.rows_;
  cols_ = other.cols_;
  format_ = other.format_;
  data_ = std::move(other.data_);
  account_ = std::exchange(other.account_, nullptr);
  other.rows_ = other.cols_ = 0;
  other.data_.clear();
  return *this;
}

}  // namespace fpx
