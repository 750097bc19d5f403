// Runs summation strategies on data as it arrives and reports each result
// against the exact sum: the table of `fpx sum`, `fpx dot` and `fpx table`.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data_input.hpp"
#include "fpx/exact_accumulator.hpp"
#include "fpx/summation.hpp"

namespace fpx::cli {

class SummationRun {
 public:
  SummationRun(bool dot, const SummationOptions& options, std::vector<Strategy> strategies);
  // One term, or one pair of factors.
  void add(const std::uint64_t* values);
  // The report: strategy rows, exact value, bounds.
  nlohmann::json report(const ReadSummary& input) const;

 private:
  bool dot_;
  SummationOptions options_;
  std::vector<Strategy> strategies_;
  std::vector<std::unique_ptr<StreamingSummation>>
      streaming_;  // null where the whole vector is needed
  bool keep_vectors_ = false;
  std::vector<std::uint64_t> first_, second_;
  ExactAccumulator exact_, magnitudes_;  // the exact sum and sum |x_i| (or |a_i b_i|)
  std::size_t count_ = 0;
};

// Strategy names separated by commas, or "all".
std::vector<Strategy> require_strategies(const std::string& names, bool dot);

// The report as a text table (`slide` adds a column of printed values).
void print_report(const nlohmann::json& report, bool color);

}  // namespace fpx::cli
