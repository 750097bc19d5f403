// add, sub, mul, div, sqrt, fma elementwise: the operands (broadcast to one
// shape by the Python side) read into the format, then the array kernels of
// core/arrays.hpp.
#include "fpx/core/arrays.hpp"

#include <span>

#include "binding.hpp"
#include "fpx/core/operations.hpp"

namespace fpx::python {
namespace {

py::tuple apply_operation(const std::string& operation_name, const std::vector<py::array>& operands,
                          const std::string& format_name, const std::string& rounding,
                          const std::optional<std::uint64_t>& seed, bool raw, bool element_flags) {
  const std::optional<Operation> operation = require_operation(operation_name);
  const Format& format = require_format(format_name);
  const Rounding mode = require_rounding(rounding);
  const std::uint64_t seed_value = require_seed(mode, seed);
  if (int(operands.size()) != arity(*operation))
    throw py::type_error(std::string(operation_name) + " takes " +
                         std::to_string(arity(*operation)) + " operands");
  std::vector<py::ssize_t> shape(operands[0].shape(), operands[0].shape() + operands[0].ndim());
  std::vector<std::vector<std::uint64_t>> words;
  Flags input_flags;
  for (const py::array& operand : operands) {
    if (raw) {
      words.push_back(read_patterns(operand, format));
      continue;
    }
    // Values read into the format in the operation's mode; stochastic
    // rounding of the inputs from a seed of its own per operand.
    const Encodings encoded =
        encode(read_numbers(operand), format,
               mode == Rounding::Stochastic ? Rounding::NearestEven : mode, seed_value, false);
    input_flags |= encoded.flags;
    words.push_back(encoded.bits);
  }
  const std::size_t size = words[0].size();
  std::vector<std::uint64_t> result(size);
  std::vector<Flags> flags(element_flags ? size : 0);
  ArrayOptions options;
  options.seed = seed_value;
  options.element_flags = flags;
  const std::span<const std::uint64_t> none;
  const auto operand = [&](std::size_t k) {
    return k < words.size() ? std::span<const std::uint64_t>(words[k]) : none;
  };
  Flags all;
  {
    py::gil_scoped_release release;
    all = apply(*operation, format, operand(0), operand(1), operand(2), result, mode, options);
  }
  py::object per_element = py::none();
  if (element_flags) per_element = flags_array(flags, shape);
  return py::make_tuple(
      raw ? bits_array(format, result, shape) : values_array(format, result, shape), all.bits,
      per_element, input_flags.bits);
}

}  // namespace

void register_arrays(py::module_& module) { module.def("apply_operation", &apply_operation); }

}  // namespace fpx::python
