// What `fpx experiment` prints: the catalog, and one run's summary and files,
// as text and as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "fpx/experiments/experiment.hpp"

namespace fpx {

nlohmann::json experiment_list_json();
std::string experiment_list_text();

// The settings, the summary lines, the files written, whether gnuplot drew
// the figure (else the one line saying how to install it), and the series of
// each panel of the figure.
nlohmann::json experiment_json(const ExperimentResult& result, const ExperimentFiles& files);
std::string experiment_text(const ExperimentResult& result, const ExperimentFiles& files);

}  // namespace fpx
