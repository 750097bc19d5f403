// What an experiment's figure shows, as data: panels of series, each series
// the rows of the experiment's tidy table that match a selection, and the
// gnuplot script that draws it from the CSV (written beside the data, so a
// user can restyle the figure and run gnuplot again).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fpx/experiments/tidy_table.hpp"

namespace fpx {

enum class SeriesStyle : std::uint8_t {
  Line,    // measured values joined by a line, a small mark at each
  Points,  // marks only
  Theory,  // a dashed line: a formula, not a measurement
  Bars,    // boxes from 0 (a histogram, a ceiling)
  Marker,  // vertical lines from 0 to y (a value marked on a histogram)
};

// "line", "points", "theory", "bars", "marker".
std::string_view style_name(SeriesStyle style);

// The rows of a series: those whose `column` holds exactly `value`.
struct RowSelection {
  std::string column;
  std::string value;
};

struct FigureSeries {
  std::string title;  // its legend entry (every series has one)
  std::vector<RowSelection> rows;
  std::string x, y;  // column names
  // Line and Points: a band shaded between two columns (the 5% and 95%
  // quantiles over trials); empty for none.
  std::string band_low, band_high;
  // Bars: the column with each box's width; empty: gnuplot's default.
  std::string bar_width;
  SeriesStyle style = SeriesStyle::Line;
  // "#RRGGBB"; empty: one colour per title from a fixed palette, the same in
  // every panel (theory lines: black and grey).
  std::string color;
  // Added to x (to set the marks of several series at one category apart).
  double x_offset = 0;
};

struct FigurePanel {
  std::string title;
  std::string x_label, y_label;  // with units
  bool log_x = false, log_y = false;
  std::optional<double> x_min, x_max, y_min, y_max;
  // Where the legend goes, in gnuplot's words ("top left", "bottom right",
  // "outside right top").
  std::string legend = "top left";
  // Labelled x tics (a categorical axis: each category at a position);
  // empty for a numeric axis.
  std::vector<std::pair<double, std::string>> x_tics;
  std::vector<FigureSeries> series;
};

struct Figure {
  std::string title;
  int rows = 1, columns = 1;      // the layout of the panels
  int width = 900, height = 600;  // of the SVG, in pixels
  std::vector<FigurePanel> panels;
};

// The rows of `table` that `series` draws in `panel`: those it selects
// whose x and y are numbers, positive on a log axis.
std::size_t plotted_points(const TidyTable& table, const FigurePanel& panel,
                           const FigureSeries& series);

// The colour of the palette at `index` (cycling), for series that share a
// colour by something other than their title.
std::string palette_color(std::size_t index);

// The gnuplot script that reads `csv_file` and writes `svg_file` (both
// relative to the folder the script runs in), with `description` as its
// opening comment.
std::string gnuplot_script(const Figure& figure, std::string_view csv_file,
                           std::string_view svg_file, std::string_view description);

}  // namespace fpx
