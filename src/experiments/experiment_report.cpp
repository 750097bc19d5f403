// What `fpx experiment` prints (include/fpx/experiments/experiment_report.hpp).
#include "fpx/experiments/experiment_report.hpp"

namespace fpx {
namespace {

std::string render_status(RenderStatus status) {
  switch (status) {
    case RenderStatus::Rendered: return "rendered";
    case RenderStatus::GnuplotMissing: return "gnuplot missing";
    case RenderStatus::Failed: return "failed";
  }
  return "failed";
}

}  // namespace

nlohmann::json experiment_list_json() {
  nlohmann::json out = nlohmann::json::array();
  for (const ExperimentDescription& e : experiment_catalog()) {
    nlohmann::json item = {{"name", e.name},
                           {"summary", e.summary},
                           {"size", e.size_meaning},
                           {"default_size", e.default_size},
                           {"smallest_size", e.smallest_size},
                           {"largest_size", e.largest_size},
                           {"trials", e.trials_meaning},
                           {"default_trials", e.default_trials},
                           {"largest_trials", e.largest_trials},
                           {"default_formats", e.default_formats},
                           {"formats", e.allowed_formats},
                           {"default_strategies", nullptr}};
    if (!e.default_strategies.empty()) item["default_strategies"] = e.default_strategies;
    out.push_back(item);
  }
  return out;
}

std::string experiment_list_text() {
  std::string out =
      "fpx experiment NAME [--out DIR] [--size N] [--trials T] [--seed S] "
      "[--format LIST] [--strategy LIST]: writes NAME.csv, NAME.gp and NAME.svg\n\n";
  for (const ExperimentDescription& e : experiment_catalog()) {
    out += std::string(e.name) + "\n  " + std::string(e.summary) + "\n";
    out += "  --size: " + std::string(e.size_meaning) + ", default " +
           std::to_string(e.default_size) + " (smallest " + std::to_string(e.smallest_size) + ")\n";
    out += "  --trials: " + std::string(e.trials_meaning) + ", default " +
           std::to_string(e.default_trials) + "\n";
    out += "  --format: default " + std::string(e.default_formats) + " (" +
           std::string(e.allowed_formats) + ")\n";
    if (!e.default_strategies.empty())
      out += "  --strategy: default " + std::string(e.default_strategies) + "\n";
  }
  return out;
}

nlohmann::json experiment_json(const ExperimentResult& result, const ExperimentFiles& files) {
  const ExperimentSettings& s = result.settings;
  nlohmann::json formats = nlohmann::json::array(), strategies = nlohmann::json::array();
  for (const ArithmeticChoice& choice : s.formats) formats.push_back(choice.name());
  const ExperimentDescription* experiment = find_experiment(result.name);
  for (const Strategy& strategy : s.strategies)
    strategies.push_back(strategy.name(experiment && experiment->dot_strategies));
  nlohmann::json panels = nlohmann::json::array();
  for (const FigurePanel& panel : result.figure.panels) {
    nlohmann::json series = nlohmann::json::array();
    for (const FigureSeries& line : panel.series)
      series.push_back({{"title", line.title},
                        {"style", style_name(line.style)},
                        {"points", plotted_points(result.table, panel, line)}});
    panels.push_back({{"title", panel.title}, {"series", series}});
  }
  const bool rendered = files.render.status == RenderStatus::Rendered;
  return {{"experiment", result.name},
          {"command", experiment_command(result)},
          {"settings",
           {{"size", s.size},
            {"trials", s.trials},
            {"seed", s.seed},
            {"formats", formats},
            {"strategies", strategies}}},
          {"summary", result.summary},
          {"rows", result.table.rows().size()},
          {"files",
           {{"csv", files.csv.string()},
            {"script", files.script.string()},
            {"svg", rendered ? nlohmann::json(files.svg.string()) : nlohmann::json(nullptr)}}},
          {"figure",
           {{"status", render_status(files.render.status)},
            {"message", files.render.message},
            {"title", result.figure.title},
            {"panels", panels}}}};
}

std::string experiment_text(const ExperimentResult& result, const ExperimentFiles& files) {
  std::string out = "fpx experiment " + result.name + ": " +
                    std::string(find_experiment(result.name)->summary) + "\n";
  out += "  " + experiment_command(result) + "\n";
  for (const std::string& line : result.summary) out += "  " + line + "\n";
  out += "wrote " + files.csv.string() + " (" + std::to_string(result.table.rows().size()) +
         " rows), " + files.script.string();
  if (files.render.status == RenderStatus::Rendered) out += ", " + files.svg.string();
  return out + "\n";
}

}  // namespace fpx
