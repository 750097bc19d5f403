// A tidy table (Wickham, "Tidy data", J. Stat. Software 59(10), 2014): one
// row per observation, one column per variable, every cell text. What each
// experiment produces and writes as CSV (RFC 4180), read by the gnuplot
// script beside it and by any data-frame library.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fpx {

class TidyTable {
 public:
  TidyTable() = default;
  explicit TidyTable(std::vector<std::string> columns) : columns_(std::move(columns)) {}

  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<std::vector<std::string>>& rows() const { return rows_; }
  // Throws std::invalid_argument when the row's width is not the table's.
  void add_row(std::vector<std::string> cells);
  // The index of a column; std::invalid_argument naming it if there is none.
  std::size_t column(std::string_view name) const;
  // One cell by row index and column name.
  const std::string& at(std::size_t row, std::string_view column_name) const;

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// The table as CSV: a header line, then one line per row, fields quoted
// only when they hold a comma, a quote or a line break; lines end in "\n".
std::string csv_text(const TidyTable& table);

// A number as a cell: the shortest decimal that reads back to the same
// binary64 value ("0.1", "1e-07", "16777216"); a NaN is the empty cell (a
// missing value to gnuplot and to data-frame readers).
std::string number_cell(double value);
std::string number_cell(long long value);
std::string number_cell(std::size_t value);

}  // namespace fpx
