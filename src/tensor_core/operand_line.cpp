// One line of tensor-core operands (include/fpx/tensor_core/operand_line.hpp).
// The common case, a line of bit patterns of the format's width, is read in
// one pass without allocating; anything else takes the slow path.
#include "fpx/tensor_core/operand_line.hpp"

#include "fpx/core/decimal.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/text.hpp"
#include "fpx/tensor_core/configuration.hpp"

namespace fpx {
namespace {

bool is_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

[[gnu::cold]] std::string field_error(std::size_t field, std::string_view text, int digits) {
  for (char ch : text)
    if (hex_digit_value(ch) < 0)
      return "field " + std::to_string(field + 1) + " " + quote(std::string(text)) + " is not hex";
  return "field " + std::to_string(field + 1) + " " + quote(std::string(text)) + " has " +
         std::to_string(text.size()) + " hex digits, expected " + std::to_string(digits);
}

}  // namespace

OperandLineParser::OperandLineParser(const TensorCoreModel& model, std::size_t k,
                                     bool with_expected)
    : k_(k), with_expected_(with_expected), a_(k), b_(k), in_(&model.in()), out_(&model.out()) {
  tf32_ = model.config().input == TensorCoreInput::TF32;
  in_digits_ = tf32_ ? 8 : model.in().hex_digits();
  out_digits_ = model.out().hex_digits();
}

std::string OperandLineParser::parse(std::string_view line) {
  const std::size_t expected = 2 * k_ + 1 + (with_expected_ ? 1 : 0);
  line_numbers_ = line_inexact_ = 0;
  std::size_t field = 0;
  const char* p = line.data();
  const char* const end = p + line.size();
  while (true) {
    while (p < end && is_blank(*p)) ++p;
    if (p == end) break;
    const char* const begin = p;
    std::uint64_t value = 0;
    int bad = 0;
    for (; p < end && !is_blank(*p); ++p) {
      const int v = hex_digit_value(*p);
      bad |= v;  // negative if any digit is not hex
      value = (value << 4) | std::uint64_t(v & 15);
    }
    if (field >= expected) {  // counted for the message only
      ++field;
      continue;
    }
    const std::size_t length = std::size_t(p - begin);
    const bool is_input = field < 2 * k_;
    const int digits = is_input ? in_digits_ : out_digits_;
    bool converted = false;
    if (bad < 0 || length != std::size_t(digits)) [[unlikely]] {
      const std::string_view text(begin, length);
      const auto read = read_other(text, is_input, digits);
      if (!read) return field_error(field, text, digits);
      value = read->first;
      converted = read->second;
    }
    if (is_input && !converted && tf32_) {
      if (value & 0x1FFFu) [[unlikely]]
        return "field " + std::to_string(field + 1) + " " + quote(std::string_view(begin, length)) +
               " is not TF32: its low 13 bits are set (round it to TF32 first)";
      value = *tf32_from_binary32_container(std::uint32_t(value));
    }
    if (is_input)
      (field < k_ ? a_[field] : b_[field - k_]) = value;
    else if (field == 2 * k_)
      c_ = value;
    else
      expected_d_ = value;
    ++field;
  }
  if (field != expected) [[unlikely]]
    return "expected " + std::to_string(expected) + " fields (K = " + std::to_string(k_) +
           (with_expected_ ? ": 2K + 2 with the expected D" : ": 2K + 1") + "), got " +
           std::to_string(field);
  numbers_ += line_numbers_;
  inexact_ += line_inexact_;
  return {};
}

std::optional<std::pair<std::uint64_t, bool>> OperandLineParser::read_other(std::string_view text,
                                                                            bool is_input,
                                                                            int digits) {
  if (text.size() == std::size_t(digits) + 2 && text[0] == '0' && (text[1] | 0x20) == 'x') {
    if (const auto value = parse_hex_digits(text.substr(2))) return std::pair{*value, false};
  }
  ExactNumber number;
  try {
    number = read_number(text);
  } catch (const ParseError&) {
    return std::nullopt;
  }
  const Rounded rounded = round_number(is_input ? *in_ : *out_, number, Rounding::NearestEven);
  ++line_numbers_;
  if (rounded.flags.has(Flags::inexact)) ++line_inexact_;
  return std::pair{rounded.bits, true};
}

}  // namespace fpx
