// A count of the mismatches of a long comparison, for doctest: the first few
// are reported in full, the count at the end (when the tally goes out of
// scope).
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <utility>

namespace fpx::testing {

class Tally {
 public:
  explicit Tally(std::string label) : label_(std::move(label)) {}
  ~Tally() {
    CAPTURE(label_);
    CHECK_MESSAGE(mismatches_ == 0, mismatches_ << " mismatches in " << cases_ << " cases");
  }
  Tally(const Tally&) = delete;
  Tally& operator=(const Tally&) = delete;
  // An empty `difference` is a match.
  void record(const std::string& difference) {
    ++cases_;
    if (difference.empty()) return;
    if (++mismatches_ <= 3) FAIL_CHECK(label_ << ": " << difference);
  }

 private:
  std::string label_;
  long cases_ = 0;
  long mismatches_ = 0;
};

}  // namespace fpx::testing
