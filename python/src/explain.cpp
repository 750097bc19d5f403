// One value and one operation explained: the explain layer's JSON (the
// objects `fpx bits --json` and `fpx op --json` print) and text.
#include "binding.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/printing.hpp"
#include "fpx/core/text.hpp"
#include "fpx/core/value_text.hpp"
#include "fpx/explain/operation_explanation.hpp"
#include "fpx/explain/tensor_core_report.hpp"
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

// A name among the values of an enumeration (0 .. last), or the command
// line's message naming them.
template <typename Enum, typename Parse, typename Name>
Enum require_choice(const std::string& what, const std::string& name, Enum last, Parse parse,
                    Name name_of) {
  if (const auto value = parse(name)) return *value;
  std::vector<std::string_view> names;
  for (int k = 0; k <= int(last); ++k) names.push_back(name_of(Enum(k)));
  throw py::value_error(unknown_name_message(what, name, names));
}

// fpx mma --explain: one dot product D = C + sum a_k b_k through the model.
py::tuple explain_mma(const py::array& a, const py::array& b, const py::array& c,
                      const std::string& arch, const std::string& input, const std::string& output,
                      const std::string& instruction, bool raw) {
  TensorCoreConfig config;
  config.arch = require_choice("architecture", arch, TensorCoreArch::B200, parse_arch, arch_name);
  config.input =
      require_choice("input format", input, TensorCoreInput::E5M2, parse_input, input_name);
  config.output =
      require_choice("output format", output, TensorCoreOutput::F16, parse_output, output_name);
  config.instruction = require_choice("instruction", instruction, TensorCoreInstruction::Wgmma,
                                      parse_instruction, instruction_name);
  const TensorCoreModel model(config);
  // Numbers are rounded to nearest into the formats, as fpx mma reads them.
  const auto read = [&](const py::array& values, const Format& format) {
    if (raw) return read_patterns(values, format);
    return encode(read_numbers(values), format, Rounding::NearestEven, 0, false).bits;
  };
  const std::vector<std::uint64_t> first = read(a, model.in()), second = read(b, model.in());
  const std::vector<std::uint64_t> accumulator = read(c, model.out());
  if (first.size() != second.size())
    throw py::value_error("a has " + std::to_string(first.size()) + " values but b has " +
                          std::to_string(second.size()));
  if (accumulator.size() != 1) throw py::value_error("c is one value");
  const std::uint64_t d = model.compute(first, second, accumulator[0]);
  return py::make_tuple(
      tensor_core_explanation_json(model, first, second, accumulator[0], 1).dump(),
      tensor_core_explanation_text(model, first, second, accumulator[0], 1, false),
      values_array(model.out(), {d}, {}), d);
}

}  // namespace

void register_explain(py::module_& module) {
  module.def("explain_mma", &explain_mma);
  module.def("bits", &bits);
  module.def("explain_op", &explain_op);
}

}  // namespace fpx::python
