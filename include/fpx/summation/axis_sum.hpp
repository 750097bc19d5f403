// np.sum(X, axis=0) and np.sum(X, axis=1) of a C-contiguous matrix in the
// order numpy 1.24 adds (numpy's most reported float32 surprise: the two
// give different roundings of the same totals): axis 0 adds the rows one
// after another into the column sums, serially from +0; axis 1 sums each
// contiguous row with np.sum's own order (the numpy strategy). Each sum
// beside its exact value, of the data as written and of the rounded inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/summation/comparison.hpp"
#include "fpx/summation/summation.hpp"

namespace fpx {

struct AxisSum {
  std::string label;  // the column's name or index, or the row's index
  Rounded result;     // in the accumulator format
  ExactValue data, inputs;
  ErrorMeasure against_data, against_inputs;
};

struct AxisSums {
  int axis = 0;
  Strategy strategy;  // serial (axis 0) or numpy (axis 1)
  std::size_t rows = 0, cols = 0;
  std::vector<AxisSum> sums;  // one per column (axis 0) or per row (axis 1)
};

// X: rows x cols encodings of options.input_format, row-major; `data`: the
// exact numbers they were read from (empty: the inputs are the data);
// `names`: the column names (empty: indices).
AxisSums numpy_axis_sums(const std::vector<std::uint64_t>& X, const std::vector<ExactNumber>& data,
                         std::size_t rows, std::size_t cols, int axis,
                         const std::vector<std::string>& names, const SummationOptions& options);

}  // namespace fpx
