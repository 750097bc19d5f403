"""fpx: a floating-point arithmetic explorer on numpy arrays.

Every number comes from the fpx C++ library (the same functions the `fpx`
command line calls): values rounded into any fpx format and rounding mode by
integer code, summation strategies beside their exact results, the
tensor-core model, the lecture's linear models. Formats and rounding modes
are named as on the command line ("binary16", "bf16", "e4m3", "rne", "rtz",
"sr", ...). See docs/python.md.
"""
import collections
import fractions
import json
import numbers

import numpy as np

from . import _fpx as _extension


class _Checked:
    """The extension's functions, with pybind11's many-line message about
    arguments of the wrong type made one line."""

    def __getattr__(self, name):
        function = getattr(_extension, name)

        def call(*arguments):
            try:
                return function(*arguments)
            except TypeError as error:
                if "incompatible function arguments" not in str(error):
                    raise
                kinds = ", ".join(type(a).__name__ for a in arguments)
                raise TypeError("an argument has the wrong type (got %s): names of formats, "
                                "modes and strategies are str, seeds int" % kinds) from None

        return call


_fpx = _Checked()
_NAME_EXAMPLES = {"format": "binary32", "acc_format": "binary32", "product_format": "binary32",
                  "rounding": "rne", "strategy": "serial", "strategies": "all",
                  "operation": "add"}


def _names(**names):
    """Checks that every name given is a str (None: the default)."""
    for what, value in names.items():
        if value is not None and not isinstance(value, str):
            raise TypeError("%s is a name such as %r, not %s" % (what, _NAME_EXAMPLES[what],
                                                                 type(value).__name__))


def _seed(seed):
    """None, or an integer from 0 to 2^64 - 1."""
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError("seed is an integer, not %s" % type(seed).__name__)
    if not 0 <= int(seed) < 2**64:
        raise ValueError("seed %d is out of range (0 to 2^64 - 1)" % int(seed))
    return int(seed)

__all__ = [
    "Flags", "Rounded", "formats", "find_format", "roundings", "round", "to_bits", "from_bits",
    "add", "sub", "mul", "div", "sqrt", "fma", "round_fraction", "strategies", "sum", "dot",
    "matmul", "exact_sum", "exact_dot", "compare", "compare_dot", "StrategyResult", "Comparison",
    "bits", "explain_op", "explain_mma", "Record", "lstsq", "perceptron",
]


class Flags:
    """IEEE 754 exception flags, with fpx's bit values (those of Berkeley
    TestFloat): inexact 1, underflow 2, overflow 4, divide_by_zero 8,
    invalid 16."""

    INEXACT, UNDERFLOW, OVERFLOW, DIVIDE_BY_ZERO, INVALID = 1, 2, 4, 8, 16

    def __init__(self, bits=0):
        self.bits = int(bits)

    inexact = property(lambda self: bool(self.bits & Flags.INEXACT))
    underflow = property(lambda self: bool(self.bits & Flags.UNDERFLOW))
    overflow = property(lambda self: bool(self.bits & Flags.OVERFLOW))
    divide_by_zero = property(lambda self: bool(self.bits & Flags.DIVIDE_BY_ZERO))
    invalid = property(lambda self: bool(self.bits & Flags.INVALID))

    @property
    def letters(self):
        """TestFloat's "vzoux" string, '.' for a clear flag."""
        return _fpx.flag_letters(self.bits)

    def __int__(self):
        return self.bits

    def __bool__(self):
        return self.bits != 0

    def __eq__(self, other):
        if isinstance(other, Flags):
            return self.bits == other.bits
        if isinstance(other, (int, np.integer)) and not isinstance(other, bool):
            return self.bits == int(other)
        return NotImplemented

    def __hash__(self):
        return hash(self.bits)

    def __repr__(self):
        return "Flags(%s)" % _fpx.flag_names(self.bits)


# A result with its flags: `values` (an array, or bit patterns for to_bits
# and raw operations), `flags` (the union over every element), `element_flags`
# (a uint8 array of each element's flag bits, or None), `input_flags` (what
# reading value operands into the format raised).
Rounded = collections.namedtuple("Rounded", "values flags element_flags input_flags")


def formats():
    """Every predefined format, as dicts: name, width, exponent_bits,
    precision (with the hidden bit), bias, min_exponent, max_exponent,
    has_infinity, saturating, value_dtype (float32 when every value fits
    binary32, else float64), bits_dtype."""
    return _fpx.formats()


def find_format(name):
    """The format of a name or alias ("fp16", "bf16", "e4m3fn", ...);
    ValueError naming the accepted names otherwise."""
    return _fpx.find_format(name)


def roundings():
    """The rounding modes as (short name, long name) pairs; "sr" is
    stochastic rounding, which needs a seed."""
    return [tuple(mode) for mode in _fpx.roundings()]


_MAX_EXACT_INTEGER = 2**53


def _as_array(x):
    """x as an ndarray that the library reads exactly: float arrays as they
    are, integer arrays that binary64 holds exactly as float64, everything
    else (big integers, Fractions, strings) as objects."""
    if isinstance(x, np.ndarray):
        array = x
    elif isinstance(x, (str, bytes, fractions.Fraction)) or (
            isinstance(x, numbers.Rational) and not isinstance(x, (int, np.integer))):
        array = np.array(x, dtype=object)
    elif isinstance(x, bool):
        raise TypeError("a boolean is not a number: give int, float, Fraction or str values")
    elif isinstance(x, int) and abs(x) > _MAX_EXACT_INTEGER:
        array = np.array(x, dtype=object)
    else:
        try:
            array = np.asarray(x)
        except (ValueError, TypeError, RuntimeError) as error:
            raise TypeError("cannot read %s as numbers: %s" % (type(x).__name__, error)) from None
    if array.dtype.kind in "iu" and array.size:
        if int(np.max(np.abs(array.astype(object)))) <= _MAX_EXACT_INTEGER:
            array = array.astype(np.float64)  # exact
        else:
            array = array.astype(object)
    elif array.dtype.kind in "iu":
        array = array.astype(np.float64)
    if array.dtype.kind == "f" and array.dtype.itemsize > 8:
        raise TypeError("long double arrays are not read exactly: convert to float64 first")
    return array


def _is_scalar(x):
    return np.ndim(x) == 0 and not isinstance(x, np.ndarray)


def _result(values, scalar):
    return values[()] if scalar else values


def _round(x, format, rounding, seed, as_bits, flags, element_flags):
    _names(format=format, rounding=rounding)
    seed = _seed(seed)
    array = _as_array(x)
    values, all_flags, per_element = _fpx.round_numbers(array, format, rounding, seed, as_bits,
                                                        bool(element_flags))
    values = _result(values, _is_scalar(x))
    if flags or element_flags:
        return Rounded(values, Flags(all_flags), per_element, Flags(0))
    return values


def round(x, format, rounding="rne", seed=None, flags=False, element_flags=False):
    """The values of x rounded into `format` in `rounding` (rne rna rtz rup
    rdn rto, or sr with a seed: element i decides with its own source seeded
    from seed and i). Returns float32 when every value of the format is a
    binary32 value (binary16, bfloat16, tf32, fp8), else float64. With
    flags=True (or element_flags=True) returns Rounded(values, flags,
    element_flags, input_flags)."""
    return _round(x, format, rounding, seed, False, flags, element_flags)


def to_bits(x, format, rounding="rne", seed=None, flags=False, element_flags=False):
    """The encodings of x rounded into `format`, as unsigned integers of the
    narrowest numpy width that holds them (uint8, uint16, uint32, uint64;
    tf32's 19-bit patterns in uint32)."""
    return _round(x, format, rounding, seed, True, flags, element_flags)


def from_bits(bits, format):
    """Bit patterns of `format` (an integer array) as values: float32 or
    float64 as round() gives them. A pattern wider than the format is a
    ValueError."""
    array = bits if isinstance(bits, np.ndarray) else np.asarray(bits)
    if array.dtype.kind == "O":
        raise TypeError("bit patterns are an integer array, not dtype object")
    return _result(_fpx.from_bits(array, format), _is_scalar(bits))


def _default_format(arrays, operands=None):
    """The format of the widest float dtype among the array operands (numpy
    arrays and scalars; Python numbers take the arrays' format), else
    binary32 (the command line's default)."""
    if operands is not None:
        arrays = [a for a, x in zip(arrays, operands) if isinstance(x, (np.ndarray, np.generic))
                  or hasattr(x, "__array__")]
    widths = [a.dtype.itemsize for a in arrays if a.dtype.kind == "f"]
    if not widths:
        return "binary32"
    return {2: "binary16", 4: "binary32", 8: "binary64"}[max(widths)]


def _operation(name, operands, format, rounding, seed, raw, flags, element_flags):
    _names(format=format, rounding=rounding)
    seed = _seed(seed)
    scalar = all(_is_scalar(x) for x in operands)
    if raw:
        arrays = [x if isinstance(x, np.ndarray) else np.asarray(x) for x in operands]
        if format is None:
            raise ValueError("raw operands are bit patterns: give their format")
    else:
        arrays = [_as_array(x) for x in operands]
        if format is None:
            format = _default_format(arrays, operands)
    try:
        arrays = np.broadcast_arrays(*arrays)
    except ValueError as error:
        raise ValueError("operands of %s do not broadcast: %s" % (name, error)) from None
    arrays = [np.require(a, requirements="C") for a in arrays]
    values, all_flags, per_element, input_flags = _fpx.apply_operation(
        name, arrays, format, rounding, seed, bool(raw), bool(element_flags))
    values = _result(values, scalar)
    if flags or element_flags:
        return Rounded(values, Flags(all_flags), per_element, Flags(input_flags))
    return values


_OPERATION_DOC = """{what}, elementwise with numpy broadcasting, each element
rounded once into `format` in `rounding` (sr: stochastic, with a seed).
Operands are values (read into the format: exactly when they are its
values, else rounded in `rounding`, to nearest even under sr, reported in
input_flags) or, with raw=True, bit patterns of the format (the result is
then bit patterns too). format=None: the widest float dtype among the
operands, else binary32. With flags=True (or element_flags=True) returns
Rounded(values, flags, element_flags, input_flags)."""


def _binary_operation(name, what):
    def operation(a, b, format=None, rounding="rne", seed=None, raw=False, flags=False,
                  element_flags=False):
        return _operation(name, [a, b], format, rounding, seed, raw, flags, element_flags)

    operation.__name__ = operation.__qualname__ = name
    operation.__doc__ = _OPERATION_DOC.format(what=what)
    return operation


add = _binary_operation("add", "a + b")
sub = _binary_operation("sub", "a - b")
mul = _binary_operation("mul", "a * b")
div = _binary_operation("div", "a / b")


def sqrt(a, format=None, rounding="rne", seed=None, raw=False, flags=False,
         element_flags=False):
    return _operation("sqrt", [a], format, rounding, seed, raw, flags, element_flags)


def fma(a, b, c, format=None, rounding="rne", seed=None, raw=False, flags=False,
        element_flags=False):
    return _operation("fma", [a, b, c], format, rounding, seed, raw, flags, element_flags)


sqrt.__doc__ = _OPERATION_DOC.format(what="The square root of a")
fma.__doc__ = _OPERATION_DOC.format(what="a * b + c with one rounding")


def _fraction(parts):
    return fractions.Fraction(int(parts[0]), int(parts[1]))


def round_fraction(value, format, rounding="rne", seed=None, flags=False):
    """An exact number (fractions.Fraction, int, or anything Fraction takes)
    rounded once into `format`: the value (float32 or float64 as round()
    gives it), or Rounded(value, flags, None, Flags()) with flags=True. The
    bit pattern is to_bits(result, format)."""
    _names(format=format, rounding=rounding)
    seed = _seed(seed)
    try:
        value = fractions.Fraction(value)
    except (TypeError, ValueError) as error:
        raise TypeError("round_fraction takes an exact number: %s" % error) from None
    result, _, all_flags = _fpx.round_rational(str(value.numerator), str(value.denominator),
                                               format, rounding, seed)
    result = result[()]
    if flags:
        return Rounded(result, Flags(all_flags), None, Flags(0))
    return result


def strategies(dot=False):
    """The strategies "all" stands for, by name (for dot products with fma
    and dot2 for sum2); mma:ARCH[:wgmma] is taken too where the input
    format is one tensor cores take."""
    return list(_fpx.strategy_names(bool(dot)))


def _operands(x, raw):
    if raw:
        return x if isinstance(x, np.ndarray) else np.asarray(x)
    return _as_array(x)


def _input_format(format, arrays, raw):
    if format is not None:
        return format
    if raw:
        raise ValueError("raw values are bit patterns: give their format")
    return _default_format(arrays)


def _rows(array, axis):
    """array with `axis` last, as a C-contiguous (rows, n) matrix, and the
    shape of the result."""
    if axis is None:
        return np.ascontiguousarray(array.reshape(1, -1)), None
    try:
        moved = np.moveaxis(array, axis, -1)
    except (ValueError, IndexError, np.AxisError) as error:
        raise ValueError("axis %r: %s" % (axis, error)) from None
    shape = moved.shape[:-1]
    n = moved.shape[-1]
    return np.ascontiguousarray(moved.reshape(int(np.prod(shape, dtype=np.int64)), n)), shape


def _summation_result(values, flags, shape, want_flags):
    values = values[0] if shape is None else values.reshape(shape)
    if want_flags:
        return Rounded(values, Flags(flags), None, Flags(0))
    return values


def sum(x, strategy="serial", format=None, acc_format=None, rounding="rne", seed=None,
        axis=None, raw=False, flags=False):
    """The sum of x by one summation strategy of the command line (serial,
    pairwise[:L], numpy, strided[:P], blocked[:B], kahan, neumaier, klein,
    sum2, sorted, stochastic, exact, mma:ARCH[:wgmma]), every term and
    partial sum rounded into the formats by the library. x is read into
    `format` (default: its float dtype, else binary32) in `rounding` (to
    nearest even under sr); the accumulator is acc_format (default: the
    input format). axis=None sums everything; axis=k sums along axis k.
    Returns float32 or float64 values (as round() gives them for the
    accumulator format); with flags=True, Rounded(values, flags, None,
    Flags())."""
    _names(strategy=strategy, format=format, acc_format=acc_format, rounding=rounding)
    seed = _seed(seed)
    array = _operands(x, raw)
    format = _input_format(format, [array], raw)
    rows, shape = _rows(array, axis)
    values, _, all_flags = _fpx.sum_rows(rows, rows.shape[0], strategy, format, acc_format or "",
                                         rounding, seed, bool(raw))
    return _summation_result(values, all_flags, shape, flags)


def dot(a, b, strategy="serial", format=None, acc_format=None, product_format=None,
        rounding="rne", seed=None, axis=None, raw=False, flags=False):
    """The dot product sum a_i b_i by one strategy (those of sum(), and fma:
    t = rn(a_i b_i + t); mma:ARCH is the tensor-core model). a and b
    broadcast; axis=None takes every element, axis=k the dot products along
    axis k. Products are rounded into product_format (default: the
    accumulator format) unless the strategy fuses them."""
    _names(strategy=strategy, format=format, acc_format=acc_format,
           product_format=product_format, rounding=rounding)
    seed = _seed(seed)
    first, second = _operands(a, raw), _operands(b, raw)
    format = _input_format(format, [first, second], raw)
    try:
        first, second = np.broadcast_arrays(first, second)
    except ValueError as error:
        raise ValueError("a and b do not broadcast: %s" % error) from None
    rows_a, shape = _rows(first, axis)
    rows_b, _ = _rows(second, axis)
    values, _, all_flags = _fpx.dot_rows(rows_a, rows_b, rows_a.shape[0], strategy, format,
                                         acc_format or "", product_format or "", rounding, seed,
                                         bool(raw))
    return _summation_result(values, all_flags, shape, flags)


def matmul(A, B, strategy="serial", format=None, acc_format=None, product_format=None,
           rounding="rne", seed=None, raw=False, flags=False):
    """C = A B for matrices A (m x k) and B (k x n): each element C[i, j] the
    dot product of row i of A and column j of B by `strategy`, as dot()
    computes it. strategy="mma:h100" with format="bfloat16" or "binary16"
    and acc_format="binary32" is what torch.mm(A, B,
    out_dtype=torch.float32) returns on an H100 or H200 (the accumulator
    format defaults to the input format, as on the command line)."""
    _names(strategy=strategy, format=format, acc_format=acc_format,
           product_format=product_format, rounding=rounding)
    seed = _seed(seed)
    first, second = _operands(A, raw), _operands(B, raw)
    if first.ndim != 2 or second.ndim != 2:
        raise ValueError("matmul takes two matrices, not arrays of %d and %d dimensions"
                         % (first.ndim, second.ndim))
    if first.shape[1] != second.shape[0]:
        raise ValueError("A is %d x %d but B is %d x %d: the inner sizes differ"
                         % (first.shape + second.shape))
    format = _input_format(format, [first, second], raw)
    m, k = first.shape
    n = second.shape[1]
    values, _, all_flags = _fpx.matmul(np.ascontiguousarray(first), np.ascontiguousarray(second),
                                       m, k, n, strategy, format, acc_format or "",
                                       product_format or "", rounding, seed, bool(raw))
    if flags:
        return Rounded(values, Flags(all_flags), None, Flags(0))
    return values


def _exact(parts):
    if parts[0] == "fraction":
        return fractions.Fraction(int(parts[1]), int(parts[2]))
    return float(parts[0])


def _flat(x):
    array = _as_array(x)
    return np.ascontiguousarray(array.reshape(-1))


def exact_sum(x, format=None, rounding="rne"):
    """The exact sum of x as a fractions.Fraction: of the values as given
    (format=None), or of the values rounded into `format`. NaN or an
    infinity among the terms gives float('nan') or +-inf. round_fraction()
    rounds it into any format and mode."""
    return _exact(_fpx.exact_sum(_flat(x), None, format or "", rounding))


def exact_dot(a, b, format=None, rounding="rne"):
    """The exact dot product of a and b as a fractions.Fraction (see
    exact_sum)."""
    first, second = _flat(a), _flat(b)
    if first.size != second.size:
        raise ValueError("a has %d values but b has %d" % (first.size, second.size))
    return _exact(_fpx.exact_sum(first, second, format or "", rounding))


def _number(text):
    return None if text is None else float(text)


class StrategyResult(collections.namedtuple(
        "StrategyResult", "strategy result hex flags error_ulps_vs_data relative_error_vs_data "
        "correct_bits_vs_data error_ulps_vs_inputs relative_error_vs_inputs "
        "correct_bits_vs_inputs bound_ulps holds")):
    """One strategy's result: the stored value and its hex in the
    accumulator format, the flags raised, its error in ulps of the exact
    value and relative to it, and its correct bits, against the exact value
    of the data as given and of the inputs rounded into the input format;
    its a-priori bound (ulps of the exact value of the inputs; None when no
    bound applies) and whether the error against the inputs is within it.
    Errors are the command line's 4-significant-digit decimals as floats."""

    def to_dict(self):
        return dict(self._asdict())


class Comparison(list):
    """The strategies side by side (a list of StrategyResult, so that
    pandas.DataFrame(comparison) is a table): `report` is the JSON object
    of `fpx sum --json`, exact_data and exact_inputs the exact values as
    Fractions (None when not finite), str() the command line's table."""

    def __init__(self, report):
        accumulator = report["accumulator_format"]
        rows = []
        for row in report["results"]:
            value = from_bits(np.uint64(int(row["hex"], 16)), accumulator)
            data, inputs = row["against_data"], row["against_inputs"]
            rows.append(StrategyResult(
                row["strategy"], value, row["hex"], row["flags"], _number(data["error_ulps"]),
                _number(data["relative_error"]), data["correct_bits"],
                _number(inputs["error_ulps"]), _number(inputs["relative_error"]),
                inputs["correct_bits"], _number(row["bound_ulps"]), row["within_bound"]))
        super().__init__(rows)
        self.report = report
        self.exact_data = _exact_decimal(report["exact_data"])
        self.exact_inputs = _exact_decimal(report["exact_inputs"])

    def to_dict(self):
        return [row.to_dict() for row in self]

    def __str__(self):
        return _fpx.summation_report_text(json.dumps(self.report))


def _exact_decimal(exact):
    if not exact.get("finite") or exact.get("decimal") is None or not exact.get("exactly"):
        return None
    return fractions.Fraction(exact["decimal"])


def _compare(a, b, strategies, format, acc_format, product_format, rounding, seed, raw):
    _names(strategies=strategies, format=format, acc_format=acc_format,
           product_format=product_format, rounding=rounding)
    seed = _seed(seed)
    first = _flat(a) if not raw else np.ascontiguousarray(np.asarray(a).reshape(-1))
    second = None
    if b is not None:
        second = _flat(b) if not raw else np.ascontiguousarray(np.asarray(b).reshape(-1))
    format = _input_format(format, [first] + ([second] if second is not None else []), raw)
    report = _fpx.compare(first, second, strategies, format, acc_format or "",
                          product_format or "", rounding, seed, bool(raw))
    return Comparison(json.loads(report))


def compare(x, strategies="all", format=None, acc_format=None, rounding="rne", seed=None,
            raw=False):
    """Summation strategies side by side on x (`fpx sum`): a Comparison,
    one StrategyResult per strategy ("all", or a comma list)."""
    return _compare(x, None, strategies, format, acc_format, None, rounding, seed, raw)


def compare_dot(a, b, strategies="all", format=None, acc_format=None, product_format=None,
                rounding="rne", seed=None, raw=False):
    """Dot-product strategies side by side on a and b (`fpx dot`)."""
    return _compare(a, b, strategies, format, acc_format, product_format, rounding, seed, raw)


def _value_text(value, raw):
    """A value as the library reads it exactly: Python and numpy floats as
    hexadecimal floats, Fractions as ratios, integers in decimal (bit
    patterns in hex with raw=True), strings as written."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError("a boolean is not a number: give int, float, Fraction or str values")
    if isinstance(value, str):
        return value
    if isinstance(value, (int, np.integer)):
        return ("0x%X" % int(value)) if raw and int(value) >= 0 else str(int(value))
    if raw:
        raise TypeError("a raw value is a bit pattern: give an int or a hex string")
    if isinstance(value, (float, np.floating)):
        return float(value).hex()
    if isinstance(value, numbers.Rational):
        return "%d/%d" % (value.numerator, value.denominator)
    raise TypeError("cannot read %s as a number: give int, float, Fraction or str values"
                    % type(value).__name__)


class Record(dict):
    """A result of the explain layer: the JSON object the command line prints
    with --json (keys also as attributes), its text as str(), and HTML for
    notebooks."""

    def __init__(self, fields, text, short=None):
        super().__init__(fields)
        self._text = text
        self._short = short

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def to_dict(self):
        return dict(self)

    def __str__(self):
        return self._text

    def __repr__(self):
        return self._short if self._short is not None else self._text.rstrip("\n")

    def _repr_html_(self):
        import html
        return "<pre>%s</pre>" % html.escape(self._text)


def bits(value, format="binary32", rounding="rne", raw=False):
    """One value explained (`fpx bits VALUE --json`): a Record with the keys
    format, hex, sign, exponent, biased_exponent, fraction, fields, lecture,
    exact, shortest, class, input, value, flags, flag_names, ulp, next_up,
    next_down, error_ulps, relative_error, rounding; repr() is the lecture's
    notation and the hex ("2^-1 x 1.01010101010101010101011  0x3F2AAAAB"),
    str() the text of `fpx bits`. Floats are read exactly (their binary64
    value), strings in fpx's syntax ("2/3", "0.1", "0x1.8p-3"), with
    raw=True bit patterns."""
    _names(format=format, rounding=rounding)
    fields, text, lecture = _fpx.bits(_value_text(value, raw), format, rounding, bool(raw))
    record = json.loads(fields)
    return Record(record, text, "%s  %s" % (lecture, record["hex"]))


def explain_op(operation, *operands, format="binary32", rounding="all", seed=0, trials=1,
               raw=False):
    """One operation explained (`fpx op OPERATION OPERANDS... --json`): the
    operands, the exact result cut after the format's last bit with the
    guard, round and sticky bits, and per rounding mode the result, flags
    and error. str() and repr() are the text of `fpx op`."""
    _names(operation=operation, format=format, rounding=rounding)
    seed = _seed(seed)
    texts = [_value_text(x, raw) for x in operands]
    fields, text = _fpx.explain_op(operation, texts, format, rounding, int(seed), int(trials),
                                   bool(raw))
    return Record(json.loads(fields), text)


def explain_mma(a, b, c=None, arch="h200", input="bf16", output="f32", instruction="mma",
                raw=False):
    """One tensor-core dot product D = C + sum a_k b_k explained (`fpx mma
    --explain`): the model's parameters, every block's aligned and truncated
    terms, D beside the correctly rounded value. a and b are read into the
    input format (bf16, f16, tf32, e4m3, e5m2) and c into the output format
    (f32, f16), to nearest, or with raw=True as bit patterns (c=None: +0).
    Returns a
    Record of the JSON of `fpx mma --explain --json` (d: its hex) with
    d_value (the value) and d_bits; str() is the command line's text."""
    for what, value in [("arch", arch), ("input", input), ("output", output),
                        ("instruction", instruction)]:
        if not isinstance(value, str):
            raise TypeError("%s is a name, not %s" % (what, type(value).__name__))
    first, second = _operands(a, raw), _operands(b, raw)
    accumulator = _operands(0 if c is None else c, raw)
    fields, text, value, bits = _fpx.explain_mma(
        np.ascontiguousarray(first.reshape(-1)), np.ascontiguousarray(second.reshape(-1)),
        np.ascontiguousarray(accumulator.reshape(-1)), arch, input, output, instruction,
        bool(raw))
    record = json.loads(fields)
    record["d_value"], record["d_bits"] = value[()], bits
    return Record(record, text)


def _matrix(X, what):
    array = _as_array(X)
    if array.ndim == 1:
        array = array.reshape(-1, 1)
    if array.ndim != 2:
        raise ValueError("%s is a matrix (samples x features), not %d-dimensional" % (what,
                                                                                     array.ndim))
    return np.ascontiguousarray(array)


def _feature_names(names, count):
    if names is None:
        return ["x%d" % k for k in range(count)]
    names = [str(name) for name in names]
    if len(names) != count:
        raise ValueError("%d names for %d columns" % (len(names), count))
    return names


def lstsq(X, y, solver="qr", format="binary32", rounding="rne", strategy="serial", seed=0,
          refine=0, steps=1000, names=None):
    """min ||y - X w||^2 as `fpx regress` solves it: X and y rounded once
    into `format`, each solver (qr, cholesky, lu, inverse, inverse-xt, gd1,
    gd2, jacobi, gauss-seidel; a comma list or "all") run in emulated
    arithmetic with its dot products by `strategy`, refine steps of
    iterative refinement for the direct ones; each scored by the log
    relative error (LRE) against the exact solution of the data as given
    and of the rounded data. Returns a Record with the keys of `fpx regress
    --json`; each entry of record.solvers also has coefficient_values (the
    stored values) and coefficient_bits (their encodings); record.w and
    record.w_bits are the first solver's."""
    _names(format=format, rounding=rounding, strategy=strategy)
    if not isinstance(solver, str):
        raise TypeError("solver is a name such as 'qr', not %s" % type(solver).__name__)
    matrix = _matrix(X, "X")
    response = np.ascontiguousarray(_as_array(y).reshape(-1))
    if response.size != matrix.shape[0]:
        raise ValueError("X has %d rows but y has %d values" % (matrix.shape[0], response.size))
    fields, text, bits = _fpx.lstsq(matrix, response, matrix.shape[0], matrix.shape[1],
                                    _feature_names(names, matrix.shape[1]), solver, format,
                                    rounding, strategy, _seed(seed) or 0, int(refine), int(steps))
    record = json.loads(fields)
    for row, w in zip(record["solvers"], bits):
        row["coefficient_bits"] = w
        row["coefficient_values"] = None if w is None else from_bits(w, format)
    first = record["solvers"][0]
    record["w"], record["w_bits"] = first["coefficient_values"], first["coefficient_bits"]
    return Record(record, text)


def perceptron(X, labels, format="binary32", rounding="rne", strategy="serial", seed=0,
               epochs=100, condition=">=", bias=False, names=None):
    """The lecture's online perceptron as `fpx perceptron` runs it: X
    (samples x features) rounded once into `format`, labels +1 or -1, w^T x
    by `strategy`, updates while -y w^T x >= 0 (or > 0), at most `epochs`
    passes; beside the same run in exact arithmetic on the rounded inputs
    and on the data as given. Returns a Record with the keys of `fpx
    perceptron --json` and w_values, w_bits (the weights' stored values and
    encodings)."""
    _names(format=format, rounding=rounding, strategy=strategy)
    matrix = _matrix(X, "X")
    signs = np.asarray(labels)
    if signs.dtype.kind not in "iuf" or signs.ndim != 1:
        raise TypeError("labels are a vector of +1 and -1")
    if signs.size != matrix.shape[0]:
        raise ValueError("X has %d rows but there are %d labels" % (matrix.shape[0], signs.size))
    if signs.dtype.kind == "f" and not np.all(signs == np.round(signs)):
        raise ValueError("labels are +1 or -1")
    fields, text, bits = _fpx.perceptron(matrix, [int(v) for v in signs], matrix.shape[0],
                                         matrix.shape[1], _feature_names(names, matrix.shape[1]),
                                         bool(bias), format, rounding, strategy,
                                         _seed(seed) or 0, int(epochs), str(condition))
    record = json.loads(fields)
    record["w_bits"] = bits
    record["w_values"] = from_bits(bits, format)
    return Record(record, text)
