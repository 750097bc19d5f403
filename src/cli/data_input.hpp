// Numbers read from a file or stdin for `fpx sum` and `fpx dot`: one number
// per line, or columns of a CSV (comma, semicolon, tab or space separated),
// with a header line detected and column selection by index or name.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

#include "fpx/format.hpp"
#include "fpx/rounding.hpp"

namespace fpx::cli {

// A problem with the data (exit code 1); what() names the source and line.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReadOptions {
  const Format* format = &binary32;
  Rounding rounding = Rounding::NearestEven;
  bool raw = false;                  // hex bit patterns instead of numbers
  std::vector<std::string> columns;  // names or 0-based indices; empty: the first `needed`
  std::size_t needed = 1;            // columns per row
};

struct ReadSummary {
  std::size_t rows = 0;
  std::size_t inexact = 0;     // values changed by rounding into the format
  std::size_t non_finite = 0;  // NaN or infinite values (allowed, reported)
  std::string header;          // the header line, if one was detected
};

// Calls `row` with `needed` encoded values for each data row. Throws
// DataError (bad number, missing column, empty input) or UsageError (a
// column name without a header, an index out of range).
ReadSummary read_rows(std::istream& input, const std::string& source, const ReadOptions& options,
                      const std::function<void(const std::uint64_t*)>& row);

// Values given on the command line ("1.5, -2 0x3F800000"), split on commas
// and spaces.
std::vector<std::uint64_t> read_list(const std::string& text, const std::string& option,
                                     const ReadOptions& options, ReadSummary& summary);

}  // namespace fpx::cli
