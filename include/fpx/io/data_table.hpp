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
#include "fpx/io/data_file_error.hpp"

namespace fpx {

// Data lines of a stream, split into fields. The rules, once for every
// reader: a UTF-8 byte-order mark at the very start is skipped; lines are
// trimmed (a '\r' of CRLF included); blank lines and lines starting with '#'
// are skipped and counted; the delimiter is detected on the first data line
// (',' then ';' then tab, else runs of white space) and kept for the file;
// fields are trimmed. A line longer than max_line_bytes, or a stream that
// cannot be read (a directory), is a DataFileError.
class DataLineReader {
 public:
  static constexpr std::size_t max_line_bytes = std::size_t{256} << 20;

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
  // What the reader passed over, for reports.
  bool byte_order_mark() const { return byte_order_mark_; }
  std::size_t skipped_lines() const { return skipped_lines_; }
  // ',', ';', '\t', ' ' (white space), or 0 before the first data line.
  char delimiter() const { return delimiter_; }
  // The '#' lines before the first data line (at most 100), trimmed.
  const std::vector<std::string>& leading_comments() const { return leading_comments_; }

 private:
  bool read_line();

  std::istream& input_;
  std::string source_;
  std::string line_, content_;
  std::size_t line_number_ = 0;
  std::size_t skipped_lines_ = 0;
  bool byte_order_mark_ = false;
  char delimiter_ = 0;
  std::vector<std::string> leading_comments_;
};

// "comma", "semicolon", "tab", "white space".
std::string delimiter_name(char delimiter);

// What the first data line is. It is a header when every field is a name: a
// field that is not a value (as `is_value` judges: a number, or a bit
// pattern for raw input) and starts with a letter or '_'. It is data when
// every field is a value. Anything else is ambiguous and throws
// DataFileError naming the line: a field that is neither ("1.5x", an empty
// field) or names beside values. A header with an empty or a repeated name
// throws too.
enum class FirstLine { Header, Data };
FirstLine classify_first_line(const std::vector<std::string>& fields,
                              const std::function<bool(const std::string&)>& is_value,
                              const DataLineReader& reader);

// A data file read exactly: a header line of names (or, without one, the
// names "0", "1", ...), then rows of numbers, through DataLineReader's rules
// (a first line with a text column is ambiguous without a header). Throws
// DataFileError naming the file and line for a non-numeric cell, a row of
// another length, a missing file. Cells in `text_columns` (by name) are kept
// as text only.
struct DataTable {
  std::vector<std::string> header;
  bool has_header = false;                     // false: the names are "0", "1", ...
  bool byte_order_mark = false;                // skipped at the start
  std::size_t skipped_lines = 0;               // comments and blank lines
  std::vector<std::string> comments;           // the '#' lines before the first data line
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
// DataFileError for text that is not a finite number, or one that
// read_number keeps only approximately (beyond 10^+-1000, more than 2048
// significant digits).
Rational parse_rational(const std::string& text);

}  // namespace fpx
