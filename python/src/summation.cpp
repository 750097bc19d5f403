// sum, dot, matmul, exact sums and the comparison of strategies: the
// summation layer's functions (summation.hpp, comparison.hpp,
// exact_accumulator.hpp) on rows of numpy arrays.
#include "fpx/summation/summation.hpp"

#include <functional>
#include <span>

#include "binding.hpp"
#include "fpx/explain/summation_report.hpp"
#include "fpx/summation/comparison.hpp"
#include "fpx/summation/exact_accumulator.hpp"
#include "fpx/summation/exact_number_sum.hpp"

namespace fpx::python {
namespace {

// The formats and mode of a sum or dot product, read as the command line
// reads --format, --acc-format, --product-format, --round and --seed.
SummationOptions summation_options(const std::string& format, const std::string& accumulator,
                                   const std::string& product, const std::string& rounding,
                                   const std::optional<std::uint64_t>& seed) {
  SummationOptions options;
  options.input_format = &require_format(format);
  if (!accumulator.empty()) options.accumulator_format = &require_format(accumulator);
  if (!product.empty()) options.product_format = &require_format(product);
  options.rounding = require_rounding(rounding);
  options.seed = require_seed(options.rounding, seed);
  return options;
}

// Inputs are read in the mode of the arithmetic, or to nearest even under
// stochastic rounding (as the command line reads them).
Rounding reading_mode(Rounding mode) {
  return mode == Rounding::Stochastic ? Rounding::NearestEven : mode;
}

// The numbers of `values` in the input format: bit patterns (raw) or values
// read into it.
Encodings read_inputs(const py::array& values, const SummationOptions& options, bool raw) {
  if (raw) {
    Encodings out;
    out.format = options.input_format;
    out.bits = read_patterns(values, *options.input_format);
    return out;
  }
  return encode(read_numbers(values), *options.input_format, reading_mode(options.rounding), 0,
                false);
}

// The encodings of the accumulator format as (values, bits, flags).
py::tuple results(const Format& format, const std::vector<std::uint64_t>& bits, Flags flags,
                  const std::vector<py::ssize_t>& shape) {
  return py::make_tuple(values_array(format, bits, shape), bits_array(format, bits, shape),
                        flags.bits);
}

// Each row of `values` (rows x n, C order) summed by `strategy`.
py::tuple sum_rows(const py::array& values, std::size_t rows, const std::string& strategy_name,
                   const std::string& format, const std::string& accumulator,
                   const std::string& rounding, const std::optional<std::uint64_t>& seed,
                   bool raw) {
  const SummationOptions options = summation_options(format, accumulator, "", rounding, seed);
  const std::vector<Strategy> strategies = require_strategies(strategy_name, false);
  if (strategies.size() != 1)
    throw py::value_error("sum takes one strategy; compare() runs several side by side");
  check_strategy(strategies[0], options);
  const Encodings inputs = read_inputs(values, options, raw);
  const std::size_t n = rows ? inputs.bits.size() / rows : 0;
  std::vector<std::uint64_t> out(rows);
  Flags flags = inputs.flags;
  {
    py::gil_scoped_release release;
    for (std::size_t row = 0; row < rows; ++row) {
      const Rounded rounded = sum(
          strategies[0], std::span<const std::uint64_t>(inputs.bits).subspan(row * n, n), options);
      out[row] = rounded.bits;
      flags |= rounded.flags;
    }
  }
  return results(options.accumulator(), out, flags, {py::ssize_t(rows)});
}

// Each row of a times the same row of b (rows x n each, C order).
py::tuple dot_rows(const py::array& a, const py::array& b, std::size_t rows,
                   const std::string& strategy_name, const std::string& format,
                   const std::string& accumulator, const std::string& product,
                   const std::string& rounding, const std::optional<std::uint64_t>& seed,
                   bool raw) {
  const SummationOptions options = summation_options(format, accumulator, product, rounding, seed);
  const std::vector<Strategy> strategies = require_strategies(strategy_name, true);
  if (strategies.size() != 1)
    throw py::value_error("dot takes one strategy; compare_dot() runs several side by side");
  check_strategy(strategies[0], options);
  const Encodings first = read_inputs(a, options, raw), second = read_inputs(b, options, raw);
  const std::size_t n = rows ? first.bits.size() / rows : 0;
  std::vector<std::uint64_t> out(rows);
  Flags flags = first.flags | second.flags;
  {
    py::gil_scoped_release release;
    for (std::size_t row = 0; row < rows; ++row) {
      const Rounded rounded =
          dot(strategies[0], std::span<const std::uint64_t>(first.bits).subspan(row * n, n),
              std::span<const std::uint64_t>(second.bits).subspan(row * n, n), options);
      out[row] = rounded.bits;
      flags |= rounded.flags;
    }
  }
  return results(options.accumulator(), out, flags, {py::ssize_t(rows)});
}

// C = A B (A: m x k, B: k x n, C order): each element the dot product of a
// row of A and a column of B by `strategy`.
py::tuple matmul(const py::array& a, const py::array& b, std::size_t m, std::size_t k,
                 std::size_t n, const std::string& strategy_name, const std::string& format,
                 const std::string& accumulator, const std::string& product,
                 const std::string& rounding, const std::optional<std::uint64_t>& seed, bool raw) {
  const SummationOptions options = summation_options(format, accumulator, product, rounding, seed);
  const std::vector<Strategy> strategies = require_strategies(strategy_name, true);
  if (strategies.size() != 1) throw py::value_error("matmul takes one strategy");
  check_strategy(strategies[0], options);
  const Encodings rows = read_inputs(a, options, raw),
                  columns_by_row = read_inputs(b, options, raw);
  std::vector<std::uint64_t> out(m * n);
  Flags flags = rows.flags | columns_by_row.flags;
  {
    py::gil_scoped_release release;
    // B's columns, each contiguous.
    std::vector<std::uint64_t> columns(k * n);
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < n; ++j) columns[j * k + i] = columns_by_row.bits[i * n + j];
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        const Rounded rounded =
            dot(strategies[0], std::span<const std::uint64_t>(rows.bits).subspan(i * k, k),
                std::span<const std::uint64_t>(columns).subspan(j * k, k), options);
        out[i * n + j] = rounded.bits;
        flags |= rounded.flags;
      }
  }
  return results(options.accumulator(), out, flags, {py::ssize_t(m), py::ssize_t(n)});
}

// An exact value as Python sees it: ("fraction", numerator, denominator),
// ("nan",), ("inf",) or ("-inf",).
py::tuple exact_result(bool nan, bool infinite, bool negative_infinity,
                       const std::function<ExactNumber()>& value) {
  if (nan) return py::make_tuple("nan");
  if (infinite) return py::make_tuple(negative_infinity ? "-inf" : "inf");
  const py::tuple parts = rational_parts(to_rational(value()));
  return py::make_tuple("fraction", parts[0], parts[1]);
}

// The exact sum, or dot product, of the numbers as given (format empty) or
// rounded into `format`.
py::tuple exact_sum(const py::array& a, const std::optional<py::array>& b,
                    const std::string& format, const std::string& rounding) {
  const Numbers first = read_numbers(a);
  const std::optional<Numbers> second = b ? std::optional<Numbers>(read_numbers(*b)) : std::nullopt;
  // Float arrays in one format, or numbers rounded into `format`: the
  // exact accumulator of that format.
  const Format* accumulate = format.empty() ? nullptr : &require_format(format);
  if (!accumulate && first.source && (!second || second->source))
    accumulate =
        !second || first.source->width() >= second->source->width() ? first.source : second->source;
  if (accumulate) {
    const Rounding mode = require_rounding(rounding);
    const Encodings x = encode(first, *accumulate, reading_mode(mode), 0, false);
    ExactAccumulator accumulator(*accumulate);
    if (second) {
      const Encodings y = encode(*second, *accumulate, reading_mode(mode), 0, false);
      py::gil_scoped_release release;
      accumulator.add_dot(std::span<const std::uint64_t>(x.bits),
                          std::span<const std::uint64_t>(y.bits));
    } else {
      py::gil_scoped_release release;
      accumulator.add(std::span<const std::uint64_t>(x.bits));
    }
    const bool infinite = accumulator.is_infinite();
    const bool negative =
        infinite && (accumulator.round(binary64, Rounding::NearestEven).bits >> 63) != 0;
    return exact_result(accumulator.is_nan(), infinite, negative,
                        [&] { return accumulator.value(); });
  }
  // Exact numbers (Fractions, strings, big integers): summed as rationals.
  ExactNumberSum total;
  for (std::size_t i = 0; i < first.size; ++i) {
    if (second)
      total.add_product(exact_element(first, i), exact_element(*second, i));
    else
      total.add(exact_element(first, i));
  }
  return exact_result(total.is_nan(), total.is_infinite(), total.negative_infinity(),
                      [&] { return total.value(); });
}

// Strategies side by side (fpx sum / fpx dot): the report's JSON, as the
// command line prints it with --json.
std::string compare(const py::array& a, const std::optional<py::array>& b,
                    const std::string& strategy_names, const std::string& format,
                    const std::string& accumulator, const std::string& product,
                    const std::string& rounding, const std::optional<std::uint64_t>& seed,
                    bool raw) {
  const bool is_dot = b.has_value();
  const SummationOptions options = summation_options(format, accumulator, product, rounding, seed);
  StrategyComparison comparison(is_dot, options, require_strategies(strategy_names, is_dot));
  const Numbers first = raw ? Numbers{} : read_numbers(a);
  const std::optional<Numbers> second =
      is_dot && !raw ? std::optional<Numbers>(read_numbers(*b)) : std::nullopt;
  const Encodings x = read_inputs(a, options, raw);
  const Encodings y = is_dot ? read_inputs(*b, options, raw) : Encodings{};
  if (is_dot && x.bits.size() != y.bits.size())
    throw py::value_error("a has " + std::to_string(x.bits.size()) + " values but b has " +
                          std::to_string(y.bits.size()));
  // The data as given differ from the inputs only where reading rounded.
  const bool data_are_inputs = raw || (x.inexact == 0 && y.inexact == 0);
  NumberReadSummary summary;
  summary.source = "the arrays given";
  summary.rows = x.bits.size();
  summary.inexact = x.inexact + y.inexact;
  for (std::size_t i = 0; i < x.bits.size(); ++i) {
    const std::uint64_t values[2] = {x.bits[i], is_dot ? y.bits[i] : 0};
    for (int k = 0; k < (is_dot ? 2 : 1); ++k) {
      const FloatClass kind = classify(*options.input_format, values[k]);
      if (kind == FloatClass::Infinity || kind == FloatClass::QuietNaN ||
          kind == FloatClass::SignalingNaN)
        ++summary.non_finite;
    }
    if (data_are_inputs) {
      comparison.add(values);
      continue;
    }
    const ExactNumber data[2] = {exact_element(first, i),
                                 is_dot ? exact_element(*second, i) : ExactNumber{}};
    comparison.add(values, data);
  }
  return summation_report_json(comparison.report(), summary).dump();
}

}  // namespace

void register_summation(py::module_& module) {
  module.def("strategy_names", [](bool is_dot) {
    std::vector<std::string> names;
    for (const Strategy& strategy : all_strategies(is_dot)) names.push_back(strategy.name(is_dot));
    return names;
  });
  module.def("sum_rows", &sum_rows);
  module.def("dot_rows", &dot_rows);
  module.def("matmul", &matmul);
  module.def("exact_sum", &exact_sum);
  module.def("compare", &compare);
  module.def("summation_report_text", [](const std::string& report) {
    return summation_report_text(nlohmann::json::parse(report), false);
  });
}

}  // namespace fpx::python
