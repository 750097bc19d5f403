// Names, numbers read from Python, and the conversions round, to_bits and
// from_bits: the array kernels of core/arrays.hpp on numpy's buffers.
#include <algorithm>
#include <bit>
#include <cstring>
#include <span>
#include <stdexcept>

#include "binding.hpp"
#include "fpx/core/arrays.hpp"
#include "fpx/core/exact_error.hpp"
#include "fpx/core/hex.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/text.hpp"
#include "fpx/core/value_text.hpp"
#include "fpx/summation/comparison.hpp"

namespace fpx::python {

const Format& require_format(const std::string& name) {
  const Format* format = find_format(name);
  if (!format) throw py::value_error(unknown_format_message(name));
  return *format;
}

Rounding require_rounding(const std::string& name) {
  const auto mode = parse_rounding(name);
  if (!mode) throw py::value_error(unknown_rounding_message(name, true));
  return *mode;
}

Operation require_operation(const std::string& name) {
  const auto operation = parse_operation(name);
  if (operation) return *operation;
  std::vector<std::string_view> names;
  for (int k = 0; k <= int(Operation::FusedMultiplyAdd); ++k)
    names.push_back(operation_name(Operation(k)));
  throw py::value_error(unknown_name_message("operation", name, names));
}

std::vector<Strategy> require_strategies(const std::string& names, bool dot) {
  return parse_strategy_list(names, dot);  // std::invalid_argument: ValueError
}

std::uint64_t require_seed(Rounding mode, const std::optional<std::uint64_t>& seed) {
  if (mode == Rounding::Stochastic && !seed)
    throw py::value_error("stochastic rounding (sr) needs a seed: give seed=INTEGER");
  return seed.value_or(0);
}

const Format* float_format(const py::dtype& dtype) {
  if (dtype.kind() != 'f') return nullptr;
  switch (dtype.itemsize()) {
    case 2: return &binary16;
    case 4: return &binary32;
    case 8: return &binary64;
    default: return nullptr;  // long double
  }
}

py::dtype word_dtype(int width) {
  return with_word(width, [](auto word) { return py::dtype::of<decltype(word)>(); });
}

namespace {

// The bits of a binary64 value.
std::uint64_t binary64_bits(double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

// A Python int as an exact number.
ExactNumber exact_integer(const py::handle& value) {
  const std::string digits = py::str(value).cast<std::string>();
  ExactNumber number;
  number.negative = !digits.empty() && digits[0] == '-';
  number.numerator = BigInteger(number.negative ? digits.substr(1) : digits);
  return number;
}

// One Python object as an exact number; TypeError when it is not one.
ExactNumber exact_object(const py::handle& value) {
  if (py::isinstance<py::bool_>(value) || py::isinstance(value, py::dtype::of<bool>().attr("type")))
    throw py::type_error("a boolean is not a number: give int, float, Fraction or str values");
  if (py::isinstance<py::str>(value)) return read_number(value.cast<std::string>());
  if (py::isinstance<py::bytes>(value)) return read_number(value.cast<std::string>());
  if (py::isinstance<py::int_>(value)) return exact_integer(value);
  if (py::isinstance<py::float_>(value) || py::hasattr(value, "dtype")) {
    if (py::hasattr(value, "dtype")) {
      const py::dtype dtype = value.attr("dtype").cast<py::dtype>();
      if (dtype.kind() == 'i' || dtype.kind() == 'u') return exact_integer(value.attr("item")());
      if (dtype.kind() == 'b')
        throw py::type_error("a boolean is not a number: give int, float, Fraction or str values");
      if (const Format* format = float_format(dtype)) {
        const py::array scalar = py::array::ensure(value);
        std::uint64_t bits = 0;
        std::memcpy(&bits, scalar.data(), std::size_t(dtype.itemsize()));
        return exact_number(*format, bits);
      }
    } else {
      return exact_number(binary64, binary64_bits(value.cast<double>()));
    }
  }
  if (py::hasattr(value, "numerator") && py::hasattr(value, "denominator")) {
    // numbers.Rational: fractions.Fraction and the like.
    ExactNumber number = exact_integer(value.attr("numerator"));
    number.denominator = exact_integer(value.attr("denominator")).numerator;
    if (number.denominator == 0) throw py::value_error("a fraction with denominator 0");
    return number;
  }
  throw py::type_error("cannot read " + quote(py::repr(py::type::of(value)).cast<std::string>()) +
                       " as a number: give int, float, Fraction or str values");
}

template <typename Word>
std::span<const Word> words_of(const py::array& array) {
  return {static_cast<const Word*>(array.data()), std::size_t(array.size())};
}

}  // namespace

Numbers read_numbers(const py::array& values) {
  Numbers numbers;
  numbers.shape.assign(values.shape(), values.shape() + values.ndim());
  numbers.size = std::size_t(values.size());
  if (const Format* format = float_format(values.dtype())) {
    numbers.source = format;
    numbers.floats = py::array::ensure(values, py::array::c_style);
    return numbers;
  }
  const char kind = values.dtype().kind();
  if (kind == 'b')
    throw py::type_error("a boolean array is not numbers: give float, integer or str values");
  if (kind == 'c') throw py::type_error("complex numbers have no fpx format");
  if (kind != 'i' && kind != 'u' && kind != 'U' && kind != 'S' && kind != 'O')
    throw py::type_error("cannot read an array of dtype " +
                         py::str(values.dtype()).cast<std::string>() + " as numbers");
  numbers.exact.reserve(numbers.size);
  const py::array flat = values.attr("ravel")().cast<py::array>();
  const py::list items = flat.attr("tolist")().cast<py::list>();
  for (const py::handle item : items) numbers.exact.push_back(exact_object(item));
  return numbers;
}

ExactNumber exact_element(const Numbers& numbers, std::size_t index) {
  if (!numbers.source) return numbers.exact[index];
  return with_word(numbers.source->width(), [&](auto word) {
    using Word = decltype(word);
    return exact_number(*numbers.source, words_of<Word>(numbers.floats)[index]);
  });
}

Encodings encode(const Numbers& numbers, const Format& format, Rounding mode, std::uint64_t seed,
                 bool element_flags) {
  Encodings out;
  out.format = &format;
  out.bits.resize(numbers.size);
  if (element_flags) out.element_flags.resize(numbers.size);
  if (numbers.source) {
    ArrayOptions options;
    options.seed = seed;
    std::vector<Flags> flags(numbers.size);
    options.element_flags = flags;
    {
      py::gil_scoped_release release;
      with_word(numbers.source->width(), [&](auto word) {
        using Word = decltype(word);
        out.flags = convert(*numbers.source, format, words_of<Word>(numbers.floats),
                            std::span<std::uint64_t>(out.bits), mode, options);
      });
    }
    for (Flags flag : flags) out.inexact += flag.has(Flags::inexact) ? 1 : 0;
    if (element_flags) out.element_flags = std::move(flags);
    return out;
  }
  for (std::size_t i = 0; i < numbers.size; ++i) {
    StochasticSource random(element_seed(seed, i));
    const Rounded rounded = round_number(format, numbers.exact[i], mode,
                                         RoundingOptions{Tininess::AfterRounding, &random});
    out.bits[i] = rounded.bits;
    out.flags |= rounded.flags;
    out.inexact += rounded.flags.has(Flags::inexact) ? 1 : 0;
    if (element_flags) out.element_flags[i] = rounded.flags;
  }
  return out;
}

const Format& value_format(const Format& format) {
  const bool fits = format.precision <= binary32.precision &&
                    format.max_exponent() <= binary32.max_exponent() &&
                    format.min_quantum_exponent() >= binary32.min_quantum_exponent();
  return fits ? binary32 : binary64;
}

py::array bits_array(const Format& format, const std::vector<std::uint64_t>& bits,
                     const std::vector<py::ssize_t>& shape) {
  return with_word(format.width(), [&](auto word) -> py::array {
    using Word = decltype(word);
    py::array_t<Word> out(shape);
    std::copy(bits.begin(), bits.end(), out.mutable_data());
    return out;
  });
}

py::array values_array(const Format& format, const std::vector<std::uint64_t>& bits,
                       const std::vector<py::ssize_t>& shape) {
  const Format& to = value_format(format);
  auto convert_into = [&](auto word) -> py::array {
    using Word = decltype(word);
    using Float = std::conditional_t<sizeof(Word) == 4, float, double>;
    py::array_t<Float> out(shape);
    std::span<Word> target(reinterpret_cast<Word*>(out.mutable_data()), bits.size());
    py::gil_scoped_release release;
    // Exact: every value of `format` is one of `to`.
    convert(format, to, std::span<const std::uint64_t>(bits), target, Rounding::NearestEven);
    return out;
  };
  if (&to == &binary32) return convert_into(std::uint32_t{});
  return convert_into(std::uint64_t{});
}

py::array flags_array(const std::vector<Flags>& flags, const std::vector<py::ssize_t>& shape) {
  py::array_t<std::uint8_t> out(shape);
  std::uint8_t* data = out.mutable_data();
  for (std::size_t i = 0; i < flags.size(); ++i) data[i] = flags[i].bits;
  return out;
}

std::vector<std::uint64_t> read_patterns(const py::array& bits, const Format& format) {
  const char kind = bits.dtype().kind();
  if (kind != 'i' && kind != 'u')
    throw py::type_error("bit patterns are an integer array, not dtype " +
                         py::str(bits.dtype()).cast<std::string>());
  if (kind == 'i') {
    const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> as_signed(bits);
    for (py::ssize_t i = 0; i < as_signed.size(); ++i)
      if (as_signed.data()[i] < 0)
        throw py::value_error("bit pattern " + std::to_string(as_signed.data()[i]) +
                              " is negative: give the unsigned pattern");
  }
  const py::array_t<std::uint64_t, py::array::c_style | py::array::forcecast> words(bits);
  std::vector<std::uint64_t> out(words.data(), words.data() + words.size());
  for (std::uint64_t word : out)
    if ((word & ~(format.sign_mask() | format.magnitude_mask())) != 0)
      read_value(format, "0x" + hex_digits(word, (std::bit_width(word) + 3) / 4), true,
                 Rounding::NearestEven);  // throws
  return out;
}

py::tuple rational_parts(const Rational& value) {
  return py::make_tuple(numerator(value).str(), denominator(value).str());
}

namespace {

// round and to_bits: the numbers rounded into `format`; float arrays go
// through one array conversion into the format's words, the result of
// round through a second, exact one into float32 or float64.
py::tuple round_numbers(const py::array& values, const std::string& format_name,
                        const std::string& rounding, const std::optional<std::uint64_t>& seed,
                        bool as_bits, bool element_flags) {
  const Format& format = require_format(format_name);
  const Rounding mode = require_rounding(rounding);
  const std::uint64_t seed_value = require_seed(mode, seed);
  const Numbers numbers = read_numbers(values);
  ArrayOptions options;
  options.seed = seed_value;
  std::vector<Flags> flags(element_flags ? numbers.size : 0);
  options.element_flags = flags;
  Flags all;
  py::array result;
  if (numbers.source) {
    // Straight from numpy's buffer into the format's words (and on into
    // float32 or float64 for values), the GIL released.
    const Format& to = as_bits ? format : value_format(format);
    const int width = as_bits ? format.width() : to.width();
    result = py::array(word_dtype(width), numbers.shape);
    with_word(numbers.source->width(), [&](auto in_word) {
      using In = decltype(in_word);
      const std::span<const In> in = words_of<In>(numbers.floats);
      with_word(width, [&](auto out_word) {
        using Out = decltype(out_word);
        const std::span<Out> out(static_cast<Out*>(result.mutable_data()), numbers.size);
        py::gil_scoped_release release;
        if (as_bits || format == to) {
          all = convert(*numbers.source, format, in, out, mode, options);
          return;
        }
        // Rounded into the format's own words, then widened exactly.
        with_word(format.width(), [&](auto format_word) {
          using Word = decltype(format_word);
          std::vector<Word> rounded(numbers.size);
          all = convert(*numbers.source, format, in, std::span<Word>(rounded), mode, options);
          convert(format, to, std::span<const Word>(rounded), out, Rounding::NearestEven);
        });
      });
    });
    if (!as_bits) result = result.attr("view")(&to == &binary32 ? "float32" : "float64");
  } else {
    Encodings encoded = encode(numbers, format, mode, seed_value, element_flags);
    all = encoded.flags;
    flags = std::move(encoded.element_flags);
    result = as_bits ? bits_array(format, encoded.bits, numbers.shape)
                     : values_array(format, encoded.bits, numbers.shape);
  }
  py::object per_element = py::none();
  if (element_flags) per_element = flags_array(flags, numbers.shape);
  return py::make_tuple(result, all.bits, per_element);
}

// from_bits: encodings (any integer array) as values.
py::array from_bits(const py::array& bits, const std::string& format_name) {
  const Format& format = require_format(format_name);
  const std::vector<py::ssize_t> shape(bits.shape(), bits.shape() + bits.ndim());
  return values_array(format, read_patterns(bits, format), shape);
}

py::dict format_record(const Format& format) {
  py::dict out;
  out["name"] = std::string(format.name);
  out["width"] = format.width();
  out["exponent_bits"] = format.exponent_bits;
  out["precision"] = format.precision;
  out["bias"] = format.bias;
  out["min_exponent"] = format.min_exponent();
  out["max_exponent"] = format.max_exponent();
  out["has_infinity"] = format.has_infinity();
  out["saturating"] = format.overflow == OverflowPolicy::Saturate;
  out["value_dtype"] = &value_format(format) == &binary32 ? "float32" : "float64";
  out["bits_dtype"] = py::str(word_dtype(format.width()));
  return out;
}

}  // namespace

void register_conversions(py::module_& module) {
  module.def("formats", [] {
    py::list out;
    for (const Format* format : all_formats()) out.append(format_record(*format));
    return out;
  });
  module.def("find_format",
             [](const std::string& name) { return format_record(require_format(name)); });
  module.def("roundings", [] {
    py::list out;
    for (Rounding mode : all_deterministic_roundings)
      out.append(py::make_tuple(std::string(short_name(mode)), std::string(long_name(mode))));
    out.append(py::make_tuple(std::string(short_name(Rounding::Stochastic)),
                              std::string(long_name(Rounding::Stochastic))));
    return out;
  });
  module.def("rounding_name", [](const std::string& name) {
    return std::string(short_name(require_rounding(name)));
  });
  module.def("flag_letters", [](std::uint8_t bits) { return flag_letters(Flags{bits}); });
  module.def("flag_names", [](std::uint8_t bits) { return flag_names(Flags{bits}); });
  // The scalar path of the core (one fpx::convert call per element, no
  // array kernel), for the tests that hold the array path to it.
  module.def("convert_each",
             [](const std::string& from_name, const std::string& to_name,
                const py::array_t<std::uint64_t, py::array::c_style | py::array::forcecast>& bits,
                const std::string& rounding, std::uint64_t seed) {
               const Format& from = require_format(from_name);
               const Format& to = require_format(to_name);
               const Rounding mode = require_rounding(rounding);
               py::array_t<std::uint64_t> out(bits.size());
               py::array_t<std::uint8_t> flags(bits.size());
               for (py::ssize_t i = 0; i < bits.size(); ++i) {
                 StochasticSource random(element_seed(seed, std::uint64_t(i)));
                 const Rounded rounded = convert(from, to, bits.data()[i], mode,
                                                 RoundingOptions{Tininess::AfterRounding, &random});
                 out.mutable_data()[i] = rounded.bits;
                 flags.mutable_data()[i] = rounded.flags.bits;
               }
               return py::make_tuple(out, flags);
             });
  module.def("round_numbers", &round_numbers);
  module.def("from_bits", &from_bits);
  module.def("round_rational", [](const std::string& numerator, const std::string& denominator,
                                  const std::string& format_name, const std::string& rounding,
                                  const std::optional<std::uint64_t>& seed) {
    const Format& format = require_format(format_name);
    const Rounding mode = require_rounding(rounding);
    StochasticSource random(require_seed(mode, seed));
    const bool negative = !numerator.empty() && numerator[0] == '-';
    const Rounded rounded = round_rational(
        format, negative, BigInteger(negative ? numerator.substr(1) : numerator),
        BigInteger(denominator), 0, mode, RoundingOptions{Tininess::AfterRounding, &random});
    return py::make_tuple(values_array(format, {rounded.bits}, {}),
                          bits_array(format, {rounded.bits}, {}), rounded.flags.bits);
  });
}

}  // namespace fpx::python
