// One value and one operation explained: the explain layer's JSON (the
// objects `fpx bits --json` and `fpx op --json` print) and text.
#include "binding.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/printing.hpp"
#include "fpx/core/text.hpp"
#include "fpx/core/value_text.hpp"
#include "fpx/explain/operation_explanation.hpp"
#include "fpx/explain/value_description.hpp"

namespace fpx::python {
namespace {

// A deterministic mode, or a comma list, or "all" (as fpx bits --round).
std::vector<Rounding> require_modes(const std::string& names, bool allow_stochastic) {
  if (equals_ignoring_case(names, "all"))
    return {std::begin(all_deterministic_roundings), std::end(all_deterministic_roundings)};
  std::vector<Rounding> modes;
  for (const std::string& name : split_list(names)) {
    const auto mode = parse_rounding(name);
    if (!mode || (*mode == Rounding::Stochastic && !allow_stochastic))
      throw py::value_error(unknown_rounding_message(name, allow_stochastic));
    modes.push_back(*mode);
  }
  return modes;
}

// fpx bits VALUE --format F --round R --json, and the text fpx bits prints.
py::tuple bits(const std::string& text, const std::string& format_name, const std::string& rounding,
               bool raw) {
  const Format& format = require_format(format_name);
  const std::vector<Rounding> modes = require_modes(rounding, false);
  if (modes.size() != 1) throw py::value_error("bits takes one rounding mode");
  const InputValue input = read_value(format, text, raw, modes[0]);
  nlohmann::json record = value_json(format, input);
  record["rounding"] = short_name(modes[0]);
  return py::make_tuple(record.dump(), value_text(format, input, modes[0], false),
                        lecture_notation(format, input.rounded.bits));
}

// fpx op OPERATION OPERANDS... --format F --round MODES --json, and its text.
py::tuple explain_op(const std::string& operation_text_name,
                     const std::vector<std::string>& operands, const std::string& format_name,
                     const std::string& rounding, std::uint64_t seed, std::size_t trials,
                     bool raw) {
  const Operation operation = require_operation(operation_text_name);
  const Format& format = require_format(format_name);
  const std::vector<Rounding> modes = require_modes(rounding, true);
  if (int(operands.size()) != arity(operation))
    throw py::type_error(std::string(operation_name(operation)) + " needs " +
                         std::to_string(arity(operation)) + " operand" +
                         (arity(operation) == 1 ? "" : "s") + ", got " +
                         std::to_string(operands.size()));
  if (trials < 1 || trials > 1000000) throw py::value_error("trials: 1 to 1000000");
  std::vector<InputValue> inputs;
  for (const std::string& text : operands)
    inputs.push_back(read_value(format, text, raw, Rounding::NearestEven));
  const OperationExplanation explanation =
      explain_operation(operation, format, std::move(inputs), modes, seed, trials);
  return py::make_tuple(operation_json(explanation).dump(), operation_text(explanation, false));
}

}  // namespace

void register_explain(py::module_& module) {
  module.def("bits", &bits);
  module.def("explain_op", &explain_op);
}

}  // namespace fpx::python
