// Data files, read one way everywhere: one number per line or delimited
// columns (comma, semicolon or tab, detected on the first data line, else
// white space), '#' comment lines and blank lines skipped, and a first line
// that is not all numbers taken as the header of column names. The
// streaming reader serves `fpx sum` and `fpx dot` in O(1) memory; the table
// reader serves the linear models, which need every row exactly.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fpx/core/decimal.hpp"

namespace fpx {

// Bad data (a file that cannot be read, a cell that is not a number, an
// unknown column): what() names the file, line and column.
class DataFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Data lines of a stream, split into fields.
class DataLineReader {
 public:
  // `source` names the stream in messages ("data.csv", "stdin").
  DataLineReader(std::istream& input, std::string source);

  // The fields of the next data line; false at the end of the input.
  bool next(std::vector<std::string>& fields);
  // "SOURCE:LINE: ", for messages about the current line.
  std::string where() const;
  std::size_t line_number() const { return line_number_; }
  const std::string& source() const { return source_; }
  // The current data line, trimmed.
  const std::string& content() const { return content_; }

 private:
  std::istream& input_;
  std::string source_;
  std::string line_, content_;
  std::size_t line_number_ = 0;
  char delimiter_ = 0;  // 0 until the first data line
};

// True if the first data line is a header: not every field is a value (as
// `is_value` judges: a number, or a bit pattern for raw input).
bool is_header_line(const std::vector<std::string>& fields,
                    const std::function<bool(const std::string&)>& is_value);

// A data file read exactly: a header line of names (or, without one, the
// names "0", "1", ...), then rows of numbers. Throws DataFileError naming
// the file and line for a non-numeric cell, a row of another length, a
// missing file. Cells in `text_columns` (by name) are kept as text only.
struct DataTable {
  std::vector<std::string> header;
  std::vector<std::vector<Rational>> rows;     // numeric cells (text columns: 0)
  std::vector<std::vector<std::string>> text;  // every cell as written
  // A column by name, or by 0-based index; throws DataFileError.
  std::size_t column(const std::string& name_or_index) const;
};
DataTable read_data_table(const std::string& path,
                          const std::vector<std::string>& text_columns = {});
DataTable read_data_table(std::istream& input, const std::string& source,
                          const std::vector<std::string>& text_columns = {});

// A decimal (or any read_number text) as an exact rational; throws
// DataFileError for text that is not a finite number.
Rational parse_rational(const std::string& text);

}  // namespace fpx
