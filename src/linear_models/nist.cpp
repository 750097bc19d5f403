// The NIST StRD linear-regression data sets
// (include/fpx/linear_models/nist.hpp).
#include "fpx/linear_models/nist.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "fpx/core/text.hpp"

namespace fpx {

const std::vector<std::string>& nist_dataset_names() {
  static const std::vector<std::string> names = {"Norris",   "Pontius",  "NoInt1",   "NoInt2",
                                                 "Filip",    "Longley",  "Wampler1", "Wampler2",
                                                 "Wampler3", "Wampler4", "Wampler5"};
  return names;
}

NistDataset load_nist_dataset(const std::string& directory, const std::string& name) {
  const std::string json_path = directory + "/" + name + ".certified.json";
  std::ifstream json_file(json_path);
  if (!json_file) throw DataFileError("cannot open " + quote(json_path) + "");
  nlohmann::json certified;
  try {
    certified = nlohmann::json::parse(json_file);
  } catch (const nlohmann::json::exception& e) {
    throw DataFileError(json_path + ": " + e.what());
  }
  NistDataset dataset;
  dataset.name = name;
  try {
    for (const auto& term : certified.at("model").at("terms")) dataset.terms.push_back(term);
    dataset.intercept = certified.at("model").at("intercept");
    dataset.difficulty = certified.value("difficulty", "");
    for (const auto& coefficient : certified.at("certified").at("coefficients"))
      dataset.certified.push_back(coefficient.at("estimate"));
  } catch (const nlohmann::json::exception& e) {
    throw DataFileError(json_path + ": " + e.what());
  }
  const DataTable table = read_data_table(directory + "/" + name + ".csv");
  dataset.problem = build_problem(table, dataset.terms, certified.value("response", "y"));
  return dataset;
}

}  // namespace fpx
