// Numbers for sums and dot products (include/fpx/io/number_columns.hpp).
#include "fpx/io/number_columns.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>
#include <stdexcept>

#include "fpx/core/decimal.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/text.hpp"

namespace fpx {
namespace {

// One field as an encoding; false if it is not a number (or bit pattern).
bool parse_field(const std::string& text, const NumberReadOptions& options, std::uint64_t& bits,
                 NumberReadSummary& summary, ExactNumber* exact = nullptr) {
  if (options.raw) {
    const BitPattern pattern = read_bit_pattern(*options.format, text);
    if (!pattern.ok()) return false;
    bits = pattern.bits;
  } else {
    try {
      ExactNumber number = read_number(text);
      const Rounded rounded = round_number(*options.format, number, options.rounding);
      bits = rounded.bits;
      if (rounded.flags.has(Flags::inexact)) ++summary.inexact;
      if (number.truncated) ++summary.truncated;
      if (exact) *exact = std::move(number);
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

std::vector<std::size_t> resolve_columns(const NumberReadOptions& options,
                                         const std::vector<std::string>& header,
                                         std::size_t fields) {
  std::vector<std::size_t> indices;
  if (options.columns.empty()) {
    for (std::size_t i = 0; i < options.needed; ++i) indices.push_back(i);
    return indices;
  }
  if (options.columns.size() != options.needed)
    throw std::invalid_argument("expected " + std::to_string(options.needed) + " column(s), got " +
                                std::to_string(options.columns.size()));
  for (const std::string& column : options.columns) {
    std::size_t index = 0;
    auto [end, error] = std::from_chars(column.data(), column.data() + column.size(), index);
    if (error == std::errc() && end == column.data() + column.size()) {
      if (index >= fields)
        throw std::invalid_argument("column " + std::to_string(index) +
                                    " does not exist: the data has " + std::to_string(fields) +
                                    " column(s), numbered from 0");
      indices.push_back(index);
      continue;
    }
    auto found = std::find(header.begin(), header.end(), column);
    if (found == header.end()) {
      if (header.empty())
        throw std::invalid_argument("column " + quote(column) +
                                    " named, but the data has no header line");
      throw std::invalid_argument(unknown_name_message(
          "column", column, std::vector<std::string_view>(header.begin(), header.end())));
    }
    indices.push_back(std::size_t(found - header.begin()));
  }
  return indices;
}

// Whether the first line is a header: fields that are not all numbers (or
// bit patterns) in the way the rows will be read (data_table.hpp's rule).
bool first_line_is_header(const std::vector<std::string>& fields, const NumberReadOptions& options,
                          const DataLineReader& reader) {
  auto is_value = [&](const std::string& field) {
    std::uint64_t ignored;
    NumberReadSummary scratch;
    return parse_field(field, options, ignored, scratch);
  };
  return classify_first_line(fields, is_value, reader) == FirstLine::Header;
}

}  // namespace

NumberReadSummary read_number_rows(std::istream& input, const std::string& source,
                                   const NumberReadOptions& options, const NumberRow& row) {
  NumberReadSummary summary;
  summary.source = source;
  DataLineReader reader(input, source);
  std::vector<std::string> fields;
  std::vector<std::size_t> indices;
  std::vector<std::uint64_t> values(options.needed);
  std::vector<ExactNumber> exact(options.needed);
  bool first_data_line = true;
  while (reader.next(fields)) {
    if (first_data_line) {
      first_data_line = false;
      summary.fields = fields.size();
      const bool header = first_line_is_header(fields, options, reader);
      if (options.columns.empty() && fields.size() != options.needed)
        throw std::invalid_argument(
            reader.where() + std::to_string(fields.size()) + " fields (" +
            delimiter_name(reader.delimiter()) + "-separated), but " +
            (options.needed == 1 ? "one column is"
                                 : std::to_string(options.needed) + " columns are") +
            " read: choose with --columns" +
            (reader.delimiter() == ',' && !header
                 ? " (fpx reads '.' as the decimal point: '1,5' is two fields)"
                 : ""));
      indices =
          resolve_columns(options, header ? fields : std::vector<std::string>{}, fields.size());
      for (std::size_t index : indices)
        summary.columns.push_back(header && index < fields.size() ? fields[index]
                                                                  : std::to_string(index));
      if (header) {
        summary.header = reader.content();
        continue;
      }
    }
    for (std::size_t k = 0; k < indices.size(); ++k) {
      if (indices[k] >= fields.size())
        throw DataFileError(reader.where() + "expected at least " + std::to_string(indices[k] + 1) +
                            " column(s), found " + std::to_string(fields.size()));
      if (!parse_field(fields[indices[k]], options, values[k], summary, &exact[k]))
        throw DataFileError(
            reader.where() + quote(fields[indices[k]]) + " is not " +
            (options.raw ? "a " + std::string(options.format->name) + " bit pattern" : "a number"));
    }
    row(values.data(), options.raw ? nullptr : exact.data());
    ++summary.rows;
  }
  summary.delimiter = reader.delimiter();
  summary.byte_order_mark = reader.byte_order_mark();
  summary.skipped_lines = reader.skipped_lines();
  if (summary.rows == 0)
    throw DataFileError(source + ": no numbers" +
                        (summary.header.empty() ? "" : " after the header"));
  return summary;
}

std::vector<std::uint64_t> read_number_list(const std::string& text, const std::string& option,
                                            const NumberReadOptions& options,
                                            NumberReadSummary& summary,
                                            std::vector<ExactNumber>* exact) {
  std::string spaced = text;
  std::replace(spaced.begin(), spaced.end(), ',', ' ');
  std::vector<std::uint64_t> values;
  std::istringstream stream(spaced);
  std::string field;
  while (stream >> field) {
    std::uint64_t bits;
    ExactNumber number;
    if (!parse_field(field, options, bits, summary, &number))
      throw std::invalid_argument(option + ": " + quote(field) + " is not " +
                                  (options.raw ? "a bit pattern" : "a number"));
    values.push_back(bits);
    if (exact && !options.raw) exact->push_back(std::move(number));
  }
  if (values.empty()) throw std::invalid_argument(option + " has no values");
  summary.rows = values.size();
  summary.source = option;
  return values;
}

NumberMatrix read_number_matrix(std::istream& input, const std::string& source,
                                const NumberReadOptions& options) {
  NumberMatrix matrix;
  matrix.summary.source = source;
  DataLineReader reader(input, source);
  std::vector<std::string> fields;
  bool first = true;
  while (reader.next(fields)) {
    if (first) {
      first = false;
      const bool header = first_line_is_header(fields, options, reader);
      matrix.cols = fields.size();
      if (header) {
        matrix.names = fields;
        matrix.summary.header = reader.content();
        continue;
      }
    }
    if (fields.size() != matrix.cols)
      throw DataFileError(reader.where() + std::to_string(fields.size()) +
                          " fields, but the first "
                          "row has " +
                          std::to_string(matrix.cols));
    for (const std::string& field : fields) {
      std::uint64_t bits = 0;
      ExactNumber number;
      if (!parse_field(field, options, bits, matrix.summary, &number))
        throw DataFileError(
            reader.where() + quote(field) + " is not " +
            (options.raw ? "a " + std::string(options.format->name) + " bit pattern" : "a number"));
      matrix.bits.push_back(bits);
      if (!options.raw) matrix.exact.push_back(std::move(number));
    }
    ++matrix.rows;
  }
  matrix.summary.rows = matrix.rows;
  matrix.summary.fields = matrix.cols;
  matrix.summary.delimiter = reader.delimiter();
  matrix.summary.byte_order_mark = reader.byte_order_mark();
  matrix.summary.skipped_lines = reader.skipped_lines();
  if (matrix.rows == 0) throw DataFileError(source + ": no numbers");
  return matrix;
}

}  // namespace fpx
