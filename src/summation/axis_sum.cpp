// Sums along an axis in numpy's order (include/fpx/summation/axis_sum.hpp).
#include "fpx/summation/axis_sum.hpp"

#include <stdexcept>

#include "fpx/core/exact_error.hpp"
#include "fpx/summation/exact_accumulator.hpp"
#include "fpx/summation/exact_number_sum.hpp"

namespace fpx {

AxisSums numpy_axis_sums(const std::vector<std::uint64_t>& X, const std::vector<ExactNumber>& data,
                         std::size_t rows, std::size_t cols, int axis,
                         const std::vector<std::string>& names, const SummationOptions& options) {
  if (axis != 0 && axis != 1) throw std::invalid_argument("axis must be 0 or 1");
  if (X.size() != rows * cols) throw std::invalid_argument("axis sums: X has another size");
  AxisSums out;
  out.axis = axis;
  out.strategy = Strategy{axis == 0 ? StrategyKind::Serial : StrategyKind::Numpy};
  out.rows = rows;
  out.cols = cols;
  const Format& input = *options.input_format;
  const Format& accumulator = options.accumulator();
  const std::size_t count = axis == 0 ? cols : rows, length = axis == 0 ? rows : cols;
  std::vector<std::uint64_t> line(length);
  for (std::size_t k = 0; k < count; ++k) {
    ExactAccumulator exact(input);
    ExactNumberSum written;
    for (std::size_t m = 0; m < length; ++m) {
      const std::size_t at = axis == 0 ? m * cols + k : k * cols + m;
      line[m] = X[at];
      exact.add(X[at]);
      written.add(data.empty() ? exact_number(input, X[at]) : data[at]);
    }
    AxisSum result;
    result.label = axis == 0 ? (names.empty() ? std::to_string(k) : names[k]) : std::to_string(k);
    result.result = sum(out.strategy, line, options);
    result.inputs = exact_value_of(exact);
    result.data = exact_value_of(written);
    result.against_data = measure_error(accumulator, result.result.bits, result.data);
    result.against_inputs = measure_error(accumulator, result.result.bits, result.inputs);
    out.sums.push_back(std::move(result));
  }
  return out;
}

}  // namespace fpx
