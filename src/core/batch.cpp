#include "fpx/core/batch.hpp"

#include <array>
#include <charconv>
#include <istream>
#include <optional>
#include <ostream>
#include <vector>

#include "fpx/core/arrays.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/integer_conversion.hpp"
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

// The operation; `target` is set for to_FORMAT, `integer` for to_int8 ...
// to_uint64 (convertToInteger, saturating).
bool parse_batch_operation(std::string_view text, Operation& operation, const Format*& target,
                           const IntegerType*& integer) {
  target = nullptr;
  integer = nullptr;
  if (text.starts_with("to_")) {
    integer = find_integer_type(text.substr(3));
    if (integer) return true;
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

// One line taken apart: the operation (or the target of a conversion), the
// mode, the operands; or the problem that makes it malformed.
struct ParsedLine {
  std::string problem;  // empty when the line is valid
  Operation operation = Operation::Add;
  const Format* target = nullptr;        // to_FORMAT
  const IntegerType* integer = nullptr;  // to_int8 ... to_uint64
  Rounding mode = Rounding::NearestEven;
  std::uint64_t seed = 0;  // sr:SEED
  std::uint64_t operands[3] = {0, 0, 0};
};

ParsedLine parse_batch_line(std::string_view line, const Format& format) {
  ParsedLine parsed;
  const Tokens tokens = split(line);
  if (tokens.count < 2) {
    parsed.problem = "expected 'OP MODE OPERAND...'";
    return parsed;
  }
  if (!parse_batch_operation(tokens.items[0], parsed.operation, parsed.target, parsed.integer)) {
    parsed.problem = "unknown operation " + quote(std::string(tokens.items[0]));
    return parsed;
  }
  const int needed = parsed.target || parsed.integer ? 1 : arity(parsed.operation);
  if (tokens.count - 2 != needed) {
    parsed.problem = std::string(tokens.items[0]) + " needs " + std::to_string(needed) +
                     " operand" + (needed == 1 ? "" : "s") + ", got " +
                     std::to_string(std::max(0, tokens.count - 2));
    return parsed;
  }
  std::string_view mode_text = tokens.items[1];
  if (mode_text.starts_with("sr:")) {
    std::string_view digits = mode_text.substr(3);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), parsed.seed);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) {
      parsed.problem =
          "bad stochastic seed in " + quote(std::string(mode_text)) + " (expected sr:INTEGER)";
      return parsed;
    }
    parsed.mode = Rounding::Stochastic;
  } else {
    const std::optional<Rounding> mode = parse_rounding(mode_text);
    if (!mode || *mode == Rounding::Stochastic) {
      parsed.problem = "unknown rounding mode " + quote(mode_text) +
                       " (expected rne rna rtz rup rdn rto sr:SEED)";
      return parsed;
    }
    parsed.mode = *mode;
  }
  for (int i = 0; i < needed; ++i) {
    parsed.problem = parse_operand(tokens.items[std::size_t(2 + i)], format, parsed.operands[i]);
    if (!parsed.problem.empty()) return parsed;
  }
  return parsed;
}

// The answer of a valid line, computed alone (each stochastic line draws from
// its own source seeded with its seed).
Rounded answer_alone(const ParsedLine& parsed, const BatchOptions& options) {
  StochasticSource random(parsed.seed);
  const RoundingOptions rounding_options{options.tininess, &random};
  if (parsed.integer) {
    const IntegerRounded r =
        convert_to_integer(*options.format, parsed.operands[0], *parsed.integer, parsed.mode,
                           IntegerOverflow::Saturate, rounding_options);
    return Rounded{r.bits, r.flags};
  }
  return parsed.target ? convert(*options.format, *parsed.target, parsed.operands[0], parsed.mode,
                                 rounding_options)
                       : apply(parsed.operation, *options.format, parsed.operands, parsed.mode,
                               rounding_options);
}

// The hex digits of a line's result: those of its format, or of its
// integer type.
int result_digits(const ParsedLine& line, const BatchOptions& options) {
  if (line.integer) return line.integer->bits / 4;
  return (line.target ? *line.target : *options.format).hex_digits();
}

void format_answer(std::string& answer, const Rounded& result, int digits) {
  append_hex_digits(answer, result.bits, digits);
  answer.push_back(' ');
  append_hex_digits(answer, result.flags.bits, 2);
}

// The deterministic lines of a block with the same operation (or target) and
// mode go through one call of the array engine (fpx/core/arrays.hpp); the
// answers are the same as line by line.
class BlockAnswers {
 public:
  explicit BlockAnswers(const BatchOptions& options) : options_(options) {}

  void answer(std::vector<ParsedLine>& lines, std::vector<Rounded>& results) {
    results.assign(lines.size(), Rounded{});
    for (auto& group : groups_) group.clear();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const ParsedLine& line = lines[i];
      if (!line.problem.empty()) continue;
      // Stochastic lines, and conversions to a format spelled eXmY (which has
      // no kernels and no group of its own), are answered one by one.
      if (line.mode == Rounding::Stochastic || line.integer ||
          (line.target && !is_predefined(*line.target))) {
        results[i] = answer_alone(line, options_);
        continue;
      }
      groups_[group_of(line)].push_back(i);
    }
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      const std::vector<std::size_t>& members = groups_[g];
      if (members.empty()) continue;
      const ParsedLine& first = lines[members.front()];
      const std::size_t n = members.size();
      for (auto& operand : operands_) operand.resize(n);
      out_.resize(n);
      flags_.resize(n);
      for (std::size_t k = 0; k < n; ++k)
        for (int j = 0; j < 3; ++j) operands_[j][k] = lines[members[k]].operands[j];
      const ArrayOptions array_options{options_.tininess, 0, flags_};
      if (first.target)
        convert(*options_.format, *first.target, std::span<const std::uint64_t>(operands_[0]),
                std::span<std::uint64_t>(out_), first.mode, array_options);
      else
        apply(first.operation, *options_.format, std::span<const std::uint64_t>(operands_[0]),
              std::span<const std::uint64_t>(operands_[1]),
              std::span<const std::uint64_t>(operands_[2]), std::span<std::uint64_t>(out_),
              first.mode, array_options);
      for (std::size_t k = 0; k < n; ++k) results[members[k]] = Rounded{out_[k], flags_[k]};
    }
  }

 private:
  static constexpr std::size_t operation_count = 6;
  static std::size_t group_of(const ParsedLine& line) {
    std::size_t kind = std::size_t(line.operation);
    if (line.target) {
      kind = operation_count;
      for (const Format* format : all_formats()) {
        if (format == line.target) break;
        ++kind;
      }
    }
    return kind * std::size(all_deterministic_roundings) + std::size_t(line.mode);
  }

  const BatchOptions& options_;
  std::vector<std::vector<std::size_t>> groups_ = std::vector<std::vector<std::size_t>>(
      (operation_count + all_formats().size()) * std::size(all_deterministic_roundings));
  std::vector<std::uint64_t> operands_[3], out_;
  std::vector<Flags> flags_;
};

}  // namespace

std::string answer_batch_line(std::string_view line, const BatchOptions& options,
                              std::string& answer) {
  const ParsedLine parsed = parse_batch_line(line, *options.format);
  if (!parsed.problem.empty()) return parsed.problem;
  answer.clear();
  format_answer(answer, answer_alone(parsed, options), result_digits(parsed, options));
  return {};
}

BatchSummary run_batch(std::istream& input, std::ostream& output, std::ostream& errors,
                       const BatchOptions& options) {
  constexpr std::size_t block = 4096;
  BatchSummary summary;
  BlockAnswers answers(options);
  std::vector<ParsedLine> lines;
  std::vector<long> numbers;
  std::vector<Rounded> results;
  std::string line, buffer;
  long number = 0;
  bool more = true;
  while (more) {
    lines.clear();
    numbers.clear();
    while (lines.size() < block && (more = bool(std::getline(input, line)))) {
      ++number;
      std::string_view view = line;
      const std::size_t first = view.find_first_not_of(" \t\r");
      if (first == std::string_view::npos || view[first] == '#') continue;
      lines.push_back(parse_batch_line(view, *options.format));
      numbers.push_back(number);
    }
    answers.answer(lines, results);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (!lines[i].problem.empty()) {
        output << buffer << std::flush;  // keep answers and messages in order
        buffer.clear();
        errors << "fpx batch: line " << numbers[i] << ": " << lines[i].problem << '\n';
        ++summary.malformed;
        continue;
      }
      format_answer(buffer, results[i], result_digits(lines[i], options));
      buffer.push_back('\n');
      ++summary.answered;
      if (buffer.size() > (1 << 16)) {
        output << buffer;
        buffer.clear();
      }
    }
  }
  output << buffer << std::flush;
  return summary;
}

}  // namespace fpx
