// nist: the minimum LRE (correct decimal digits against NIST's certified
// values) of every solver on the NIST StRD linear-regression sets, beside
// the ceiling of the format (the certified values rounded into it, which no
// solver can beat) and the rounded-data reference (the exact least-squares
// solution of the data rounded into the format, itself rounded once), as
// `fpx nist all` computes
// them: score_nist_dataset with every method, each direct one also with 10
// steps of refinement, 1000 steps at most for the iterative ones.
#include <string>

#include "fpx/linear_models/nist.hpp"
#include "fpx/linear_models/regression.hpp"
#include "runners.hpp"

namespace fpx::experiments {

ExperimentResult nist(const ExperimentSettings& settings) {
  const std::string directory = find_nist_directory("");
  const std::vector<std::string> names(nist_dataset_names().begin(),
                                       nist_dataset_names().begin() + settings.size);
  std::vector<NistDataset> datasets(names.size());
  for (std::size_t k = 0; k < names.size(); ++k)
    datasets[k] = load_nist_dataset(directory, names[k]);
  const std::size_t formats = settings.formats.size();
  std::vector<NistRow> rows(formats * names.size());
  SharedProgress progress(settings.progress, double(rows.size()));
  for_each_in_parallel(rows.size(), [&](std::size_t task) {
    const std::size_t k = task % names.size(), f = task / names.size();
    SolverRun run;
    run.format = settings.formats[f].format;
    run.rounding = settings.formats[f].rounding;
    run.settings.refine = 10;
    rows[task] = score_nist_dataset(datasets[k], all_methods(), run);
    progress.add(1);
  });

  ExperimentResult out;
  out.table = TidyTable(
      {"format", "dataset", "dataset_index", "difficulty", "series", "kind", "lre", "status"});
  out.figure = figure_of(
      "NIST StRD linear regression: each solver's minimum LRE against the certified values "
      "(correct decimal digits, at most 15); light bars: the ceiling, the certified values rounded "
      "into the format; dark bars: the rounded-data reference",
      int(formats), 1, 1300, 60 + 520 * int(formats));
  for (std::size_t f = 0; f < formats; ++f) {
    const std::string format = settings.formats[f].name();
    const NistRow* first = &rows[f * names.size()];
    const std::vector<SolverScore>& solvers = first[0].solvers;
    FigurePanel panel;
    panel.title = format + " arithmetic (" + std::to_string(names.size()) + " data sets)";
    panel.x_label = "NIST data set (in NIST's order: lower, average, higher difficulty)";
    panel.y_label = "minimum LRE over the coefficients (decimal digits)";
    panel.x_min = -0.6;
    panel.x_max = double(names.size()) - 0.4;
    panel.y_min = 0;
    panel.y_max = 16;
    for (std::size_t k = 0; k < names.size(); ++k) panel.x_tics.emplace_back(double(k), names[k]);
    panel.legend = "outside right top";
    std::size_t at_reference = 0;
    for (std::size_t k = 0; k < names.size(); ++k) {
      out.table.add_row({format, first[k].dataset, number_cell(k), first[k].difficulty, "ceiling",
                         "ceiling", number_cell(first[k].ceiling), ""});
      out.table.add_row({format, first[k].dataset, number_cell(k), first[k].difficulty,
                         "rounded data", "reference", number_cell(first[k].rounded_data_lre), ""});
      if (first[k].within_half_of_rounded_data) ++at_reference;
    }
    const std::string format_name(settings.formats[f].format->name);
    FigureSeries ceiling = series_of("ceiling: the certified values rounded into " + format_name,
                                     {{"format", format}, {"series", "ceiling"}}, "dataset_index",
                                     "lre", SeriesStyle::Bars);
    ceiling.color = "#bbbbbb";
    panel.series.push_back(ceiling);
    FigureSeries reference =
        series_of("rounded data: the exact solution of the data rounded into " + format_name,
                  {{"format", format}, {"series", "rounded data"}}, "dataset_index", "lre",
                  SeriesStyle::Bars);
    reference.color = "#777777";
    panel.series.push_back(reference);
    for (std::size_t s = 0; s < solvers.size(); ++s) {
      const std::string name = solvers[s].name;
      for (std::size_t k = 0; k < names.size(); ++k) {
        const SolverScore& score = first[k].solvers[s];
        out.table.add_row({format, first[k].dataset, number_cell(k), first[k].difficulty, name,
                           "solver",
                           score.has_values ? number_cell(score.min_certified) : std::string(),
                           std::string(status_name(score.result.status))});
      }
      FigureSeries marks = series_of(name, {{"format", format}, {"series", name}}, "dataset_index",
                                     "lre", SeriesStyle::Points);
      // Side by side within a data set's bar.
      marks.x_offset = (double(s) - double(solvers.size() - 1) / 2) * 0.055;
      panel.series.push_back(marks);
    }
    out.figure.panels.push_back(panel);
    std::string line = format + ": a solver within 0.5 digits of the rounded-data reference on " +
                       std::to_string(at_reference) + " of " + std::to_string(names.size()) +
                       " data sets; best:";
    for (std::size_t k = 0; k < names.size(); ++k)
      line +=
          " " + first[k].dataset + " " +
          (first[k].best_lre ? short_number(*first[k].best_lre) + " (" + first[k].best_solver + ")"
                             : std::string("-"));
    out.summary.push_back(line);
  }
  return out;
}

}  // namespace fpx::experiments
