// The eleven NIST StRD linear-regression data sets (Norris ... Wampler5):
// the data as a CSV, the model and the certified values in a JSON beside it.
#pragma once

#include <string>
#include <vector>

#include "fpx/linear_models/regression_problem.hpp"

namespace fpx {

const std::vector<std::string>& nist_dataset_names();

struct NistDataset {
  std::string name;
  std::vector<std::string> terms;
  bool intercept = true;
  std::string difficulty;
  std::vector<std::string> certified;  // certified coefficient estimates, as printed
  ExactProblem problem;                // the design matrix built exactly from the decimals
};
// Reads DIRECTORY/NAME.csv and DIRECTORY/NAME.certified.json; throws
// DataFileError.
NistDataset load_nist_dataset(const std::string& directory, const std::string& name);

}  // namespace fpx
