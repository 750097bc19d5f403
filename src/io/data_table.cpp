// Data files (include/fpx/io/data_table.hpp).
#include "fpx/io/data_table.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>

#include "fpx/core/text.hpp"

namespace fpx {
namespace {

char detect_delimiter(std::string_view line) {
  for (char candidate : {',', ';', '\t'})
    if (line.find(candidate) != std::string_view::npos) return candidate;
  return ' ';
}

void split_fields(std::string_view line, char delimiter, std::vector<std::string>& fields) {
  fields.clear();
  if (delimiter == ' ') {
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      const std::size_t start = i;
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      if (i > start) fields.emplace_back(line.substr(start, i - start));
    }
    return;
  }
  for (const std::string& field : split_list(line, delimiter)) fields.emplace_back(trim(field));
}

bool read_finite_rational(const std::string& text, Rational& value) {
  ExactNumber number;
  try {
    number = read_number(text);
  } catch (const ParseError&) {
    return false;
  }
  if (number.kind != ExactNumber::Kind::Finite) return false;
  value = to_rational(number);
  return true;
}

}  // namespace

DataLineReader::DataLineReader(std::istream& input, std::string source)
    : input_(input), source_(std::move(source)) {}

bool DataLineReader::next(std::vector<std::string>& fields) {
  while (std::getline(input_, line_)) {
    ++line_number_;
    content_ = std::string(trim(line_));
    if (content_.empty() || content_[0] == '#') continue;
    if (!delimiter_) delimiter_ = detect_delimiter(content_);
    split_fields(content_, delimiter_, fields);
    return true;
  }
  return false;
}

std::string DataLineReader::where() const {
  return source_ + ":" + std::to_string(line_number_) + ": ";
}

bool is_header_line(const std::vector<std::string>& fields,
                    const std::function<bool(const std::string&)>& is_value) {
  return !std::all_of(fields.begin(), fields.end(), is_value);
}

Rational parse_rational(const std::string& text) {
  Rational value;
  if (!read_finite_rational(text, value))
    throw DataFileError(quote(text) + " is not a finite number");
  return value;
}

std::size_t DataTable::column(const std::string& name_or_index) const {
  auto found = std::find(header.begin(), header.end(), name_or_index);
  if (found != header.end()) return std::size_t(found - header.begin());
  if (!name_or_index.empty() && name_or_index.size() < 10 &&
      std::all_of(name_or_index.begin(), name_or_index.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
    const std::size_t index = std::stoul(name_or_index);
    if (index < header.size()) return index;
  }
  std::string names;
  for (const std::string& name : header) names += (names.empty() ? "" : ", ") + name;
  throw DataFileError("no column " + quote(name_or_index) + " (the columns are " + names + ")");
}

DataTable read_data_table(const std::string& path, const std::vector<std::string>& text_columns) {
  std::ifstream file(path);
  if (!file) throw DataFileError("cannot open " + quote(path) + "");
  return read_data_table(file, path, text_columns);
}

DataTable read_data_table(std::istream& input, const std::string& source,
                          const std::vector<std::string>& text_columns) {
  DataLineReader reader(input, source);
  DataTable table;
  std::vector<std::string> fields;
  std::vector<bool> is_text;
  bool first = true;
  while (reader.next(fields)) {
    if (first) {
      first = false;
      Rational ignored;
      const bool header = is_header_line(
          fields, [&](const std::string& field) { return read_finite_rational(field, ignored); });
      if (header) {
        table.header = fields;
      } else {
        for (std::size_t k = 0; k < fields.size(); ++k) table.header.push_back(std::to_string(k));
      }
      is_text.assign(table.header.size(), false);
      for (const std::string& name : text_columns) is_text[table.column(name)] = true;
      if (header) continue;
    }
    if (fields.size() != table.header.size())
      throw DataFileError(reader.where() + "expected " + std::to_string(table.header.size()) +
                          " fields, found " + std::to_string(fields.size()));
    std::vector<Rational> values(fields.size());
    for (std::size_t k = 0; k < fields.size(); ++k) {
      if (is_text[k]) continue;
      if (!read_finite_rational(fields[k], values[k]))
        throw DataFileError(reader.where() + "column " + quote(table.header[k]) + ": " +
                            quote(fields[k]) + " is not a finite number");
    }
    table.rows.push_back(std::move(values));
    table.text.push_back(fields);
  }
  if (table.rows.empty()) throw DataFileError(source + ": no data rows");
  return table;
}

}  // namespace fpx
