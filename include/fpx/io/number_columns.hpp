// Numbers for sums and dot products, read from a data file or stream (one
// number per line, or the chosen columns of a delimited file, through the
// one data-line reader of data_table.hpp) or from a list written on the
// command line, each rounded into a format as it is read.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/io/data_table.hpp"

namespace fpx {

struct NumberReadOptions {
  const Format* format = &binary32;
  Rounding rounding = Rounding::NearestEven;
  bool raw = false;                  // hex bit patterns instead of numbers
  std::vector<std::string> columns;  // names or 0-based indices; empty: the first `needed`
  std::size_t needed = 1;            // columns per row
};

// What reading did, so that a report can show every choice it made.
struct NumberReadSummary {
  std::string source;  // "stdin", a path, "--a"
  std::size_t rows = 0;
  std::size_t inexact = 0;           // values changed by rounding into the format
  std::size_t non_finite = 0;        // NaN or infinite values (allowed, reported)
  std::size_t truncated = 0;         // values with more digits than kept exactly (decimal.hpp)
  std::string header;                // the header line, if one was detected
  std::vector<std::string> columns;  // the columns read: names, or 0-based indices
  std::size_t fields = 0;            // fields of the first data line
  char delimiter = 0;                // DataLineReader::delimiter()
  bool byte_order_mark = false;      // skipped at the start
  std::size_t skipped_lines = 0;     // comments and blank lines
};

// Calls `row` with `needed` encoded values for each data row. Without
// `columns`, the data must have exactly `needed` fields per line (a second
// field is never dropped silently: "1,5" is two fields). Throws
// DataFileError (a bad number, a missing column, no numbers, an ambiguous
// first line) or std::invalid_argument (a column named without a header, an
// unknown column, a wrong count of columns).
// `row` receives the encodings and the exact numbers they were read from
// (null for bit patterns, which are their own exact values).
using NumberRow = std::function<void(const std::uint64_t* bits, const ExactNumber* exact)>;
NumberReadSummary read_number_rows(std::istream& input, const std::string& source,
                                   const NumberReadOptions& options, const NumberRow& row);

// Values given as one text ("1.5, -2 0x3F800000"), split on commas and
// spaces; `option` names the text in messages. Throws std::invalid_argument.
// The exact numbers go to `exact` when given (numbers only).
std::vector<std::uint64_t> read_number_list(const std::string& text, const std::string& option,
                                            const NumberReadOptions& options,
                                            NumberReadSummary& summary,
                                            std::vector<ExactNumber>* exact = nullptr);

// Every column of a data file as a matrix (for sums along an axis): the
// encodings row-major, the exact numbers (empty for bit patterns), the
// column names (empty without a header). Every row must have the first
// row's number of fields. Throws as read_number_rows.
struct NumberMatrix {
  std::size_t rows = 0, cols = 0;
  std::vector<std::uint64_t> bits;
  std::vector<ExactNumber> exact;
  std::vector<std::string> names;
  NumberReadSummary summary;
};
NumberMatrix read_number_matrix(std::istream& input, const std::string& source,
                                const NumberReadOptions& options);

}  // namespace fpx
