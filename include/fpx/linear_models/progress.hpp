// Progress of a long computation (reading a large table, the exact
// references, a solver, many perceptron epochs), reported to whoever runs it:
// the library only calls the callback, now and then; the command line shows
// it on a terminal once a stage has run for two seconds.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

namespace fpx {

// `stage` names what is running ("reading data.csv", "exact references:
// X^T X", "qr"), `done` how far it is in `unit` ("bytes", "columns",
// "operations", "epochs"), and `total` where it ends (0 when unknown).
using ProgressCallback = std::function<void(std::string_view stage, std::uint64_t done,
                                            std::uint64_t total, std::string_view unit)>;

}  // namespace fpx
