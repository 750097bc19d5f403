// What the parts of the Python module share: names read into fpx types with
// the command line's messages, numbers of any Python kind read exactly, and
// arrays of encodings in the word size of their format.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/rounding.hpp"
#include "fpx/summation/strategy.hpp"

namespace fpx::python {

namespace py = pybind11;

// Names, each a ValueError with the command line's message when unknown.
const Format& require_format(const std::string& name);
Rounding require_rounding(const std::string& name);
Operation require_operation(const std::string& name);
std::vector<Strategy> require_strategies(const std::string& names, bool dot);
// The seed of stochastic rounding, which must be given for it.
std::uint64_t require_seed(Rounding mode, const std::optional<std::uint64_t>& seed);

// The numpy dtype and format of a float array's elements (float16, float32,
// float64), or null for any other dtype.
const Format* float_format(const py::dtype& dtype);
// The unsigned word numpy holds an encoding of this width in.
py::dtype word_dtype(int width);

// Calls f(Word{}) with the narrowest of uint8 ... uint64 that holds `width` bits.
template <typename Function>
decltype(auto) with_word(int width, Function&& f) {
  if (width <= 8) return f(std::uint8_t{});
  if (width <= 16) return f(std::uint16_t{});
  if (width <= 32) return f(std::uint32_t{});
  return f(std::uint64_t{});
}

// Numbers as the module takes them, read once: either a contiguous float
// array (its elements are binary16, binary32 or binary64 encodings, read
// exactly) or exact numbers from Python objects (int, float,
// fractions.Fraction and other numbers.Rational, str in fpx's number syntax).
struct Numbers {
  std::vector<py::ssize_t> shape;
  std::size_t size = 0;
  const Format* source = nullptr;  // float arrays
  py::array floats;                // float arrays: the contiguous array
  std::vector<ExactNumber> exact;  // object input: one per element
};
// Reads `values` (already made an ndarray by the Python side: a float,
// integer, bool, string or object array). TypeError for what is not a number.
Numbers read_numbers(const py::array& values);

// Encodings of one format, rounded from numbers in one mode.
struct Encodings {
  const Format* format = nullptr;
  std::vector<std::uint64_t> bits;
  Flags flags;                       // the union of every element's
  std::vector<Flags> element_flags;  // when asked for
  std::size_t inexact = 0;           // elements changed by the rounding
};
// Rounds every number into `format` (element i of stochastic rounding from
// StochasticSource(element_seed(seed, i)), as the array kernels do).
Encodings encode(const Numbers& numbers, const Format& format, Rounding mode, std::uint64_t seed,
                 bool element_flags);
// The exact value of element i of `numbers` (the data as given).
ExactNumber exact_element(const Numbers& numbers, std::size_t index);

// Integer bit patterns of `format` (any integer array); a negative one, or
// one wider than the format, is a ValueError (the command line's --raw
// message), another dtype a TypeError.
std::vector<std::uint64_t> read_patterns(const py::array& bits, const Format& format);
// A numpy array of `shape` holding encodings of `format` in its word size.
py::array bits_array(const Format& format, const std::vector<std::uint64_t>& bits,
                     const std::vector<py::ssize_t>& shape);
// Encodings of `format` as values: float32 when every value of the format is
// a binary32 value, float64 otherwise (exact either way).
py::array values_array(const Format& format, const std::vector<std::uint64_t>& bits,
                       const std::vector<py::ssize_t>& shape);
// The dtype values_array gives for `format`.
const Format& value_format(const Format& format);
// Per-element flags as uint8 (the bit values of Flags).
py::array flags_array(const std::vector<Flags>& flags, const std::vector<py::ssize_t>& shape);

// A rational as (numerator, denominator) decimal strings, for fractions.Fraction.
py::tuple rational_parts(const Rational& value);

void register_conversions(py::module_& module);
void register_arrays(py::module_& module);
void register_summation(py::module_& module);
void register_explain(py::module_& module);
void register_linear_models(py::module_& module);

}  // namespace fpx::python
