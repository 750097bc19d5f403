// Data files (include/fpx/io/data_table.hpp).
#include "fpx/io/data_table.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
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

// `text` as an exact rational, or the reason it is not one fpx can compute
// with exactly: not a finite number, or a number that read_number keeps
// only approximately (more than 2048 digits, beyond 10^+-1000).
std::string exact_rational(const std::string& text, Rational& value) {
  ExactNumber number;
  try {
    number = read_number(text);
  } catch (const ParseError&) {
    return quote(text) + " is not a finite number";
  }
  if (number.kind != ExactNumber::Kind::Finite) return quote(text) + " is not a finite number";
  if (number.beyond_range)
    return quote(text) + " lies beyond 10^+-1000, where fpx does not compute exactly";
  if (number.truncated)
    return quote(text) + " has more significant digits than fpx keeps exactly (2048)";
  value = to_rational(number);
  return {};
}

}  // namespace

DataLineReader::DataLineReader(std::istream& input, std::string source)
    : input_(input), source_(std::move(source)) {}

// std::getline with a length limit and a check that the stream could be read.
bool DataLineReader::read_line() {
  line_.clear();
  errno = 0;
  std::streambuf* buffer = input_.rdbuf();
  bool any = false;
  for (;;) {
    int c = std::char_traits<char>::eof();
    try {
      c = buffer ? buffer->sbumpc() : c;
    } catch (const std::ios_base::failure&) {  // libstdc++ throws on a read error
      if (errno == 0) errno = EIO;
    }
    if (c == std::char_traits<char>::eof()) break;
    any = true;
    if (c == '\n') return true;
    line_.push_back(char(c));
    if (line_.size() > max_line_bytes)
      throw DataFileError(source_ + ":" + std::to_string(line_number_ + 1) +
                          ": a line longer than " + std::to_string(max_line_bytes >> 20) + " MiB");
  }
  if (!buffer || (!any && errno != 0)) {
    input_.setstate(std::ios::badbit);
    throw read_error(source_);
  }
  input_.setstate(std::ios::eofbit);
  return any;
}

bool DataLineReader::next(std::vector<std::string>& fields) {
  while (read_line()) {
    ++line_number_;
    std::string_view view = line_;
    if (line_number_ == 1 && view.starts_with("\xEF\xBB\xBF")) {
      view.remove_prefix(3);
      byte_order_mark_ = true;
    }
    content_ = std::string(trim(view));
    if (content_.empty() || content_[0] == '#') {
      ++skipped_lines_;
      if (!delimiter_ && !content_.empty() && leading_comments_.size() < 100)
        leading_comments_.push_back(content_);
      continue;
    }
    if (!delimiter_) delimiter_ = detect_delimiter(content_);
    split_fields(content_, delimiter_, fields);
    return true;
  }
  return false;
}

std::string DataLineReader::where() const {
  return source_ + ":" + std::to_string(line_number_) + ": ";
}

std::string delimiter_name(char delimiter) {
  switch (delimiter) {
    case ',': return "comma";
    case ';': return "semicolon";
    case '\t': return "tab";
    default: return "white space";
  }
}

FirstLine classify_first_line(const std::vector<std::string>& fields,
                              const std::function<bool(const std::string&)>& is_value,
                              const DataLineReader& reader) {
  std::size_t values = 0, names = 0;
  const std::string* neither = nullptr;
  for (const std::string& field : fields) {
    if (is_value(field)) {
      ++values;
    } else if (!field.empty() &&
               (std::isalpha(static_cast<unsigned char>(field[0])) || field[0] == '_')) {
      ++names;
    } else if (!neither) {
      neither = &field;
    }
  }
  if (neither)
    throw DataFileError(reader.where() + quote(*neither) + " is neither " +
                        (values ? "a number" : "a number nor a column name") +
                        (neither->empty() ? " (an empty field)" : ""));
  if (values == fields.size()) return FirstLine::Data;
  if (names != fields.size())
    throw DataFileError(reader.where() +
                        "the first line mixes numbers and names: a header has only names, data "
                        "only numbers");
  for (std::size_t k = 0; k < fields.size(); ++k)
    for (std::size_t m = k + 1; m < fields.size(); ++m)
      if (fields[k] == fields[m])
        throw DataFileError(reader.where() + "the header names column " + quote(fields[k]) +
                            " twice");
  return FirstLine::Header;
}

Rational parse_rational(const std::string& text) {
  Rational value;
  if (std::string problem = exact_rational(text, value); !problem.empty())
    throw DataFileError(problem);
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
      table.skipped_lines = reader.skipped_lines();
      Rational ignored;
      table.has_header =
          classify_first_line(
              fields,
              [&](const std::string& field) { return read_finite_rational(field, ignored); },
              reader) == FirstLine::Header;
      if (table.has_header) {
        table.header = fields;
      } else {
        for (std::size_t k = 0; k < fields.size(); ++k) table.header.push_back(std::to_string(k));
      }
      is_text.assign(table.header.size(), false);
      for (const std::string& name : text_columns) is_text[table.column(name)] = true;
      if (table.has_header) continue;
    }
    if (fields.size() != table.header.size())
      throw DataFileError(reader.where() + "expected " + std::to_string(table.header.size()) +
                          " fields, found " + std::to_string(fields.size()));
    std::vector<Rational> values(fields.size());
    for (std::size_t k = 0; k < fields.size(); ++k) {
      if (is_text[k]) continue;
      if (std::string problem = exact_rational(fields[k], values[k]); !problem.empty())
        throw DataFileError(reader.where() + "column " + quote(table.header[k]) + ": " + problem);
    }
    table.rows.push_back(std::move(values));
    table.text.push_back(fields);
  }
  table.byte_order_mark = reader.byte_order_mark();
  table.skipped_lines = reader.skipped_lines();
  table.comments = reader.leading_comments();
  if (table.rows.empty()) throw DataFileError(source + ": no data rows");
  return table;
}

}  // namespace fpx
