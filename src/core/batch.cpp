#include "fpx/core/batch.hpp"

#include <array>
#include <charconv>
#include <istream>
#include <ostream>

#include "fpx/core/hex.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/text.hpp"

namespace fpx {
namespace {

struct Tokens {
  std::array<std::string_view, 6> items;
  int count = 0;
};

Tokens split(std::string_view line) {
  Tokens tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i == line.size()) break;
    std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (tokens.count == int(tokens.items.size())) {
      ++tokens.count;  // too many: reported by the caller
      break;
    }
    tokens.items[std::size_t(tokens.count++)] = line.substr(start, i - start);
  }
  return tokens;
}

// The operation; `target` is set for to_FORMAT.
bool parse_batch_operation(std::string_view text, Operation& operation, const Format*& target) {
  target = nullptr;
  if (text.starts_with("to_")) {
    target = find_format(text.substr(3));
    return target != nullptr;
  }
  if (const auto parsed = parse_operation(text)) {
    operation = *parsed;
    return true;
  }
  return false;
}

std::string parse_operand(std::string_view text, const Format& format, std::uint64_t& value) {
  const BitPattern pattern = read_bit_pattern(format, text, /*exact_digits=*/true);
  value = pattern.bits;
  const bool prefixed = text.size() > 2 && text[0] == '0' && (text[1] | 0x20) == 'x';
  const std::size_t digits = text.size() - (prefixed ? 2 : 0);
  switch (pattern.problem) {
    case BitPatternProblem::None: return {};
    case BitPatternProblem::WrongWidth:
      return "operand " + quote(std::string(text)) + " has " + std::to_string(digits) +
             " hex digits; " + std::string(format.name) + " needs " +
             std::to_string(format.hex_digits());
    case BitPatternProblem::NotHexadecimal:
      if (digits != std::size_t(format.hex_digits()))
        return "operand " + quote(std::string(text)) + " has " + std::to_string(digits) +
               " hex digits; " + std::string(format.name) + " needs " +
               std::to_string(format.hex_digits());
      return "operand " + quote(std::string(text)) + " is not hexadecimal";
    case BitPatternProblem::TooWide:
      return "operand " + quote(std::string(text)) + " exceeds the " +
             std::to_string(format.width()) + " bits of " + std::string(format.name);
  }
  return "operand " + quote(std::string(text)) + " is not a bit pattern";
}

}  // namespace

std::string answer_batch_line(std::string_view line, const BatchOptions& options,
                              std::string& answer) {
  const Format& format = *options.format;
  const Tokens tokens = split(line);
  if (tokens.count < 2) return "expected 'OP MODE OPERAND...'";
  Operation operation = Operation::Add;
  const Format* target = nullptr;
  if (!parse_batch_operation(tokens.items[0], operation, target))
    return "unknown operation " + quote(std::string(tokens.items[0])) + "";
  const int needed = target ? 1 : arity(operation);
  if (tokens.count - 2 != needed)
    return std::string(tokens.items[0]) + " needs " + std::to_string(needed) + " operand" +
           (needed == 1 ? "" : "s") + ", got " + std::to_string(std::max(0, tokens.count - 2));

  std::string_view mode_text = tokens.items[1];
  std::uint64_t seed = 0;
  std::optional<Rounding> mode;
  if (mode_text.starts_with("sr:")) {
    std::string_view digits = mode_text.substr(3);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), seed);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size())
      return "bad stochastic seed in " + quote(std::string(mode_text)) + " (expected sr:INTEGER)";
    mode = Rounding::Stochastic;
  } else {
    mode = parse_rounding(mode_text);
    if (!mode || *mode == Rounding::Stochastic)
      return "unknown rounding mode " + quote(mode_text) +
             " (expected rne rna rtz rup rdn rto sr:SEED)";
  }

  std::uint64_t operands[3] = {0, 0, 0};
  for (int i = 0; i < needed; ++i)
    if (std::string problem = parse_operand(tokens.items[std::size_t(2 + i)], format, operands[i]);
        !problem.empty())
      return problem;

  StochasticSource random(seed);
  RoundingOptions rounding_options{options.tininess, &random};
  const Rounded result = target ? convert(format, *target, operands[0], *mode, rounding_options)
                                : apply(operation, format, operands, *mode, rounding_options);
  answer.clear();
  append_hex_digits(answer, result.bits, (target ? *target : format).hex_digits());
  answer.push_back(' ');
  append_hex_digits(answer, result.flags.bits, 2);
  return {};
}

BatchSummary run_batch(std::istream& input, std::ostream& output, std::ostream& errors,
                       const BatchOptions& options) {
  BatchSummary summary;
  std::string line, answer, buffer;
  long number = 0;
  while (std::getline(input, line)) {
    ++number;
    std::string_view view = line;
    std::size_t first = view.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || view[first] == '#') continue;
    if (std::string problem = answer_batch_line(view, options, answer); !problem.empty()) {
      output << buffer << std::flush;  // keep answers and messages in order
      buffer.clear();
      errors << "fpx batch: line " << number << ": " << problem << '\n';
      ++summary.malformed;
      continue;
    }
    buffer += answer;
    buffer.push_back('\n');
    ++summary.answered;
    if (buffer.size() > (1 << 16)) {
      output << buffer;
      buffer.clear();
    }
  }
  output << buffer << std::flush;
  return summary;
}

}  // namespace fpx
