// The gnuplot script of a figure (include/fpx/experiments/figure.hpp).
//
// Each series is drawn from the one CSV: a row belongs to it when its
// selection matches, and every other row gives an undefined x (NaN), which
// gnuplot skips. The table lists each series' rows together, so its line is
// unbroken.
#include "fpx/experiments/figure.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <stdexcept>

namespace fpx {
namespace {

// Colours of the measured series, one per title in order of appearance:
// ColorBrewer's Dark2 and Paired's dark shades, reordered so that the first
// few differ most (Harrower and Brewer, "ColorBrewer.org", The Cartographic
// Journal 40(1), 2003).
constexpr const char* palette[] = {"#1f78b4", "#d95f02", "#7570b3", "#e7298a", "#33a02c",
                                   "#a6761d", "#e6ab02", "#1b9e77", "#e31a1c", "#6a3d9a",
                                   "#ff7f00", "#b15928", "#666666", "#66a61e"};
constexpr int palette_size = int(sizeof palette / sizeof palette[0]);
// Marks of the Points series, in the same order: filled circle, square,
// triangles, diamond, then the open ones and crosses.
constexpr int point_types[] = {7, 5, 9, 11, 13, 6, 4, 8, 10, 12, 1, 2, 3, 14};
// Theory lines: black, then greys, each with its own dashes.
constexpr const char* theory_colors[] = {"#000000", "#666666", "#999999"};

// A gnuplot double-quoted string.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + '"';
}

std::string range(const std::optional<double>& low, const std::optional<double>& high) {
  return "[" + (low ? number_cell(*low) : std::string("*")) + ":" +
         (high ? number_cell(*high) : std::string("*")) + "]";
}

// (row selected ? column("x") + offset : NaN)
std::string selected_x(const FigureSeries& series) {
  if (series.x.empty() || series.y.empty())
    throw std::invalid_argument("figure: series '" + series.title + "' names no x or y column");
  std::string test;
  for (const RowSelection& selection : series.rows) {
    // gnuplot splits CSV lines at every comma, quoted or not.
    if (selection.value.find_first_of(",\"") != std::string::npos)
      throw std::invalid_argument("figure: gnuplot cannot select the value '" + selection.value +
                                  "' (a comma or a quote)");
    if (!test.empty()) test += " && ";
    test += "strcol(" + quoted(selection.column) + ") eq " + quoted(selection.value);
  }
  std::string x = "column(" + quoted(series.x) + ")";
  if (series.x_offset != 0) x += " + " + number_cell(series.x_offset);
  if (test.empty()) return "(" + x + ")";
  return "(" + test + " ? " + x + " : NaN)";
}

std::string column(const std::string& name) { return "(column(" + quoted(name) + "))"; }

// A column on a log axis: values at or below 0 have no place there and are
// left out (NaN); a band's edge is instead held at the panel's lower limit,
// so that a band reaching 0 is shaded to the bottom of the panel.
std::string log_column(const std::string& name, const FigurePanel& panel, bool band_edge) {
  if (!panel.log_y) return column(name);
  const std::string value = "column(" + quoted(name) + ")";
  if (band_edge && panel.y_min)
    return "(" + value + " > " + number_cell(*panel.y_min) + " ? " + value + " : " +
           number_cell(*panel.y_min) + ")";
  return "(" + value + " > 0 ? " + value + " : NaN)";
}

struct Styles {
  std::map<std::string, int> index_of_title;  // measured series: palette index
  int next = 0;
  int palette_index(const std::string& title) {
    auto [place, inserted] = index_of_title.emplace(title, next);
    if (inserted) ++next;
    return place->second % palette_size;
  }
};

// The plot clauses of one series (its band first).
std::vector<std::string> series_clauses(const FigureSeries& series, const FigurePanel& panel,
                                        Styles& styles, int theory_index) {
  std::vector<std::string> clauses;
  const std::string x = selected_x(series);
  const std::string title = "title " + quoted(series.title) + " noenhanced";
  std::string color = series.color;
  int point_type = 7;
  if (series.style == SeriesStyle::Theory) {
    if (color.empty()) color = theory_colors[theory_index % 3];
  } else {
    const int index = styles.palette_index(series.title);
    if (color.empty()) color = palette[index];
    point_type = point_types[index];
  }
  const std::string line_color = "lc rgb " + quoted(color);
  if (!series.band_low.empty() && !series.band_high.empty())
    clauses.push_back("using " + x + ":" + log_column(series.band_low, panel, true) + ":" +
                      log_column(series.band_high, panel, true) + " with filledcurves " +
                      line_color + " fs transparent solid 0.12 noborder notitle");
  const std::string using_xy = "using " + x + ":" + log_column(series.y, panel, false);
  switch (series.style) {
    case SeriesStyle::Line:
      clauses.push_back(using_xy + " with linespoints pt 7 ps 0.35 lw 1.5 " + line_color + " " +
                        title);
      break;
    case SeriesStyle::Points:
      clauses.push_back(using_xy + " with points pt " + std::to_string(point_type) + " ps 0.7 " +
                        line_color + " " + title);
      break;
    case SeriesStyle::Theory:
      clauses.push_back(using_xy + " with lines dt " + std::to_string(2 + theory_index) +
                        " lw 1.5 " + line_color + " " + title);
      break;
    case SeriesStyle::Bars:
      clauses.push_back(
          using_xy + (series.bar_width.empty() ? std::string() : ":" + column(series.bar_width)) +
          " with boxes fs solid 0.35 border " + line_color + " " + line_color + " " + title);
      break;
    case SeriesStyle::Marker:
      clauses.push_back(using_xy + " with impulses lw 2 " + line_color + " " + title);
      break;
  }
  return clauses;
}

}  // namespace

std::string_view style_name(SeriesStyle style) {
  switch (style) {
    case SeriesStyle::Line: return "line";
    case SeriesStyle::Points: return "points";
    case SeriesStyle::Theory: return "theory";
    case SeriesStyle::Bars: return "bars";
    case SeriesStyle::Marker: return "marker";
  }
  return "line";
}

std::size_t plotted_points(const TidyTable& table, const FigurePanel& panel,
                           const FigureSeries& series) {
  std::vector<std::pair<std::size_t, const std::string*>> tests;
  for (const RowSelection& selection : series.rows)
    tests.emplace_back(table.column(selection.column), &selection.value);
  const std::size_t x = table.column(series.x), y = table.column(series.y);
  auto usable = [](const std::string& cell, bool log_axis) {
    double value = 0;
    const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    return !cell.empty() && error == std::errc() && end == cell.data() + cell.size() &&
           std::isfinite(value) && (!log_axis || value > 0);
  };
  std::size_t count = 0;
  for (const auto& row : table.rows()) {
    bool selected = true;
    for (const auto& [column, value] : tests) selected = selected && row[column] == *value;
    if (selected && usable(row[x], panel.log_x) && usable(row[y], panel.log_y)) ++count;
  }
  return count;
}

std::string palette_color(std::size_t index) { return palette[index % palette_size]; }

std::string gnuplot_script(const Figure& figure, std::string_view csv_file,
                           std::string_view svg_file, std::string_view description) {
  std::string out;
  std::size_t start = 0;
  while (start <= description.size()) {
    const std::size_t end = std::min(description.find('\n', start), description.size());
    out += "# " + std::string(description.substr(start, end - start)) + "\n";
    start = end + 1;
  }
  out += "# Reads " + std::string(csv_file) + " (one row per point) and writes " +
         std::string(svg_file) + "; run `gnuplot " +
         std::string(svg_file.substr(0, svg_file.rfind('.'))) +
         ".gp` in this folder to draw it again.\n\n";
  out += "set terminal svg size " + std::to_string(figure.width) + "," +
         std::to_string(figure.height) +
         " dynamic enhanced font \"sans,11\" background rgb \"white\"\n";
  out += "set output " + quoted(svg_file) + "\n";
  out += "set datafile separator comma\n";
  out += "set datafile columnheaders\n";
  out += "set grid back lc rgb \"#e0e0e0\"\n";
  out += "set multiplot layout " + std::to_string(figure.rows) + "," +
         std::to_string(figure.columns) + " title " + quoted(figure.title) + " font \",13\"\n";
  Styles styles;
  const std::string data = quoted(csv_file);
  for (const FigurePanel& panel : figure.panels) {
    std::string comment = panel.title;
    std::replace(comment.begin(), comment.end(), '\n', ' ');
    out += "\n# " + comment + "\n";
    out +=
        "unset logscale\nset autoscale\nset xtics norotate autofreq\nset ytics\n"
        "set format x \"% h\"\n"
        "set format y \"% h\"\n";
    out += "set title " + quoted(panel.title) + "\n";
    out += "set xlabel " + quoted(panel.x_label) + "\n";
    out += "set ylabel " + quoted(panel.y_label) + "\n";
    if (panel.log_x) out += "set logscale x 10\nset format x \"10^{%L}\"\n";
    if (panel.log_y) out += "set logscale y 10\nset format y \"10^{%L}\"\n";
    if (!panel.x_tics.empty()) {
      out += "set xtics rotate by -35 left (";
      for (std::size_t k = 0; k < panel.x_tics.size(); ++k)
        out += (k ? ", " : "") + quoted(panel.x_tics[k].second) + " " +
               number_cell(panel.x_tics[k].first);
      out += ")\n";
    }
    out += "set xrange " + range(panel.x_min, panel.x_max) + "\n";
    out += "set yrange " + range(panel.y_min, panel.y_max) + "\n";
    out += "set key " + panel.legend + " font \",9\" samplen 2.5 spacing 1.1\n";
    std::vector<std::string> clauses;
    int theory_index = 0;
    for (std::size_t k = 0; k < panel.series.size(); ++k) {
      const FigureSeries& series = panel.series[k];
      auto more = series_clauses(series, panel, styles, theory_index);
      if (series.style == SeriesStyle::Theory) ++theory_index;
      clauses.insert(clauses.end(), more.begin(), more.end());
    }
    if (clauses.empty())
      throw std::invalid_argument("figure: panel '" + panel.title + "' is empty");
    out += "plot ";
    for (std::size_t k = 0; k < clauses.size(); ++k)
      out += (k ? ", \\\n     " : "") + (k ? std::string("\"\" ") : data + " ") + clauses[k];
    out += "\n";
  }
  out += "\nunset multiplot\n";
  return out;
}

}  // namespace fpx
