// One operation explained (`fpx op`): the operands, the exact result cut
// after the format's last bit with the guard, round and sticky bits, and the
// rounded result, flags and error in each mode; as JSON and as text.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fpx/core/operations.hpp"
#include "fpx/core/value_text.hpp"
#include "fpx/reference/exact_operation.hpp"

namespace fpx {

struct OperationExplanation {
  Operation operation = Operation::Add;
  const Format* format = &binary32;
  std::vector<InputValue> inputs;
  std::vector<std::uint64_t> operands;
  ExactBinary exact;
  CutPicture picture;
  std::vector<Rounding> modes;
  std::vector<Rounded> results;  // one per mode (stochastic: the first seed's)
  // Stochastic rounding over `trials` consecutive seeds from `seed`: how
  // often it rounded up (toward +inf), beside the rule's probability.
  std::uint64_t seed = 0;
  std::size_t trials = 1;
  std::size_t rounded_up = 0;
};

// Throws std::invalid_argument for a wrong operand count.
OperationExplanation explain_operation(Operation operation, const Format& format,
                                       std::vector<InputValue> inputs, std::vector<Rounding> modes,
                                       std::uint64_t seed = 0, std::size_t trials = 1);

// What IEEE 754 says about this case, in words: the special case that
// decides a NaN or infinite result, an overflow or underflow, a tie.
std::vector<std::string> operation_notes(const OperationExplanation& explanation);

nlohmann::json operation_json(const OperationExplanation& explanation);
std::string operation_text(const OperationExplanation& explanation, bool color);
// The same operation in several formats, as one table.
std::string operations_text(const std::vector<OperationExplanation>& explanations, bool color);

}  // namespace fpx
