#include "data_input.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "commands.hpp"
#include "fpx/decimal.hpp"

namespace fpx::cli {
namespace {

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return std::string(text);
}

std::vector<std::string> split_fields(const std::string& line, char delimiter) {
  std::vector<std::string> fields;
  if (delimiter == ' ') {
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      std::size_t start = i;
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      if (i > start) fields.push_back(line.substr(start, i - start));
    }
    return fields;
  }
  std::size_t start = 0;
  for (;;) {
    std::size_t end = line.find(delimiter, start);
    fields.push_back(trim(std::string_view(line).substr(
        start, end == std::string::npos ? std::string::npos : end - start)));
    if (end == std::string::npos) return fields;
    start = end + 1;
  }
}

char detect_delimiter(const std::string& line) {
  for (char candidate : {',', ';', '\t'})
    if (line.find(candidate) != std::string::npos) return candidate;
  return ' ';
}

bool parse_hex_pattern(const std::string& text, const Format& format, std::uint64_t& value) {
  std::string digits = text;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
    digits = digits.substr(2);
  if (digits.empty() || digits.size() > 16) return false;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  return error == std::errc() && end == digits.data() + digits.size() &&
         (value & ~(format.sign_mask() | format.magnitude_mask())) == 0;
}

// One field as an encoding; false if it is not a number.
bool parse_field(const std::string& text, const ReadOptions& options, std::uint64_t& bits,
                 ReadSummary& summary) {
  if (options.raw) {
    if (!parse_hex_pattern(text, *options.format, bits)) return false;
  } else {
    try {
      const Rounded rounded = parse_number(*options.format, text, options.rounding);
      bits = rounded.bits;
      if (rounded.flags.has(Flags::inexact)) ++summary.inexact;
    } catch (const ParseError&) {
      return false;
    }
  }
  const FloatClass value_class = classify(*options.format, bits);
  if (value_class == FloatClass::Infinity || value_class == FloatClass::QuietNaN ||
      value_class == FloatClass::SignalingNaN)
    ++summary.non_finite;
  return true;
}

std::vector<std::size_t> resolve_columns(const ReadOptions& options,
                                         const std::vector<std::string>& header) {
  std::vector<std::size_t> indices;
  if (options.columns.empty()) {
    for (std::size_t i = 0; i < options.needed; ++i) indices.push_back(i);
    return indices;
  }
  if (options.columns.size() != options.needed)
    throw UsageError("expected " + std::to_string(options.needed) + " column(s), got " +
                     std::to_string(options.columns.size()));
  for (const std::string& column : options.columns) {
    std::size_t index = 0;
    auto [end, error] = std::from_chars(column.data(), column.data() + column.size(), index);
    if (error == std::errc() && end == column.data() + column.size()) {
      indices.push_back(index);
      continue;
    }
    auto found = std::find(header.begin(), header.end(), column);
    if (found == header.end())
      throw UsageError(header.empty()
                           ? "column '" + column + "' named, but the data has no header line"
                           : "no column named '" + column + "' in the header");
    indices.push_back(std::size_t(found - header.begin()));
  }
  return indices;
}

}  // namespace

ReadSummary read_rows(std::istream& input, const std::string& source, const ReadOptions& options,
                      const std::function<void(const std::uint64_t*)>& row) {
  ReadSummary summary;
  std::string line;
  std::size_t line_number = 0;
  char delimiter = 0;
  std::vector<std::size_t> indices;
  std::vector<std::uint64_t> values(options.needed);
  bool first_data_line = true;
  auto where = [&] { return source + ":" + std::to_string(line_number) + ": "; };
  while (std::getline(input, line)) {
    ++line_number;
    const std::string content = trim(line);
    if (content.empty() || content[0] == '#') continue;
    if (!delimiter) delimiter = detect_delimiter(content);
    const std::vector<std::string> fields = split_fields(content, delimiter);
    if (first_data_line) {
      first_data_line = false;
      // A header: a first line whose fields are not all numbers.
      bool all_numbers = true;
      for (const std::string& field : fields) {
        std::uint64_t ignored;
        ReadSummary scratch;
        all_numbers = all_numbers && parse_field(field, options, ignored, scratch);
      }
      if (!all_numbers) {
        summary.header = content;
        indices = resolve_columns(options, fields);
        continue;
      }
      indices = resolve_columns(options, {});
    }
    for (std::size_t k = 0; k < indices.size(); ++k) {
      if (indices[k] >= fields.size())
        throw DataError(where() + "expected at least " + std::to_string(indices[k] + 1) +
                        " column(s), found " + std::to_string(fields.size()));
      if (!parse_field(fields[indices[k]], options, values[k], summary))
        throw DataError(
            where() + "'" + fields[indices[k]] + "' is not " +
            (options.raw ? "a " + std::string(options.format->name) + " bit pattern" : "a number"));
    }
    row(values.data());
    ++summary.rows;
  }
  if (summary.rows == 0)
    throw DataError(source + ": no numbers" + (summary.header.empty() ? "" : " after the header"));
  return summary;
}

std::vector<std::uint64_t> read_list(const std::string& text, const std::string& option,
                                     const ReadOptions& options, ReadSummary& summary) {
  std::string spaced = text;
  std::replace(spaced.begin(), spaced.end(), ',', ' ');
  std::vector<std::uint64_t> values;
  for (const std::string& field : split_fields(spaced, ' ')) {
    std::uint64_t bits;
    if (!parse_field(field, options, bits, summary))
      throw UsageError(option + ": '" + field + "' is not " +
                       (options.raw ? "a bit pattern" : "a number"));
    values.push_back(bits);
  }
  if (values.empty()) throw UsageError(option + " has no values");
  summary.rows = values.size();
  return values;
}

}  // namespace fpx::cli
