// Tidy tables and their CSV (include/fpx/experiments/tidy_table.hpp).
#include "fpx/experiments/tidy_table.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace fpx {

void TidyTable::add_row(std::vector<std::string> cells) {
  if (cells.size() != columns_.size())
    throw std::invalid_argument("tidy table: a row of " + std::to_string(cells.size()) +
                                " cells for " + std::to_string(columns_.size()) + " columns");
  rows_.push_back(std::move(cells));
}

std::size_t TidyTable::column(std::string_view name) const {
  for (std::size_t j = 0; j < columns_.size(); ++j)
    if (columns_[j] == name) return j;
  throw std::invalid_argument("tidy table: no column '" + std::string(name) + "'");
}

const std::string& TidyTable::at(std::size_t row, std::string_view column_name) const {
  return rows_.at(row).at(column(column_name));
}

namespace {

// RFC 4180: a field with a comma, a quote or a line break is quoted, its
// quotes doubled.
void append_field(std::string& out, const std::string& field) {
  if (field.find_first_of(",\"\n\r") == std::string::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_line(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t j = 0; j < fields.size(); ++j) {
    if (j) out += ',';
    append_field(out, fields[j]);
  }
  out += '\n';
}

}  // namespace

std::string csv_text(const TidyTable& table) {
  std::string out;
  append_line(out, table.columns());
  for (const auto& row : table.rows()) append_line(out, row);
  return out;
}

std::string number_cell(double value) {
  if (std::isnan(value)) return "";
  char text[32];
  const auto [end, error] = std::to_chars(text, text + sizeof text, value);
  if (error != std::errc()) throw std::logic_error("number_cell: no room");
  return std::string(text, end);
}

std::string number_cell(long long value) { return std::to_string(value); }

std::string number_cell(std::size_t value) { return std::to_string(value); }

}  // namespace fpx
