"""fpx.round, fpx.to_bits, fpx.from_bits: against numpy's own casts bit for
bit, against the core's scalar conversion in every format and mode, and
round trips of every 16-bit and 8-bit encoding."""
import fractions

import numpy as np
import pytest

import fpx
from fpx import _fpx

MODES = ["rne", "rna", "rtz", "rup", "rdn", "rto"]
FORMAT_NAMES = [f["name"] for f in fpx.formats()]
# numpy dtype and unsigned view of the formats numpy has.
NUMPY_TYPES = {"binary16": (np.float16, np.uint16), "binary32": (np.float32, np.uint32)}


def hard_binary64(rng, n, target):
    """n binary64 values that stress rounding into `target` (binary16 or
    binary32): random bit patterns, every exponent of the target's range
    and a little beyond (subnormals, underflow to zero, overflow), exact
    ties between neighbours of the target, one binary64 ulp either side of
    them, the edges of overflow and of the subnormal range, signed zeros,
    infinities and NaNs."""
    with np.errstate(over="ignore", invalid="ignore"):
        return _hard_binary64(rng, n, target)


def _hard_binary64(rng, n, target):
    dtype, unsigned = NUMPY_TYPES[target]
    info = np.finfo(dtype)
    part = n // 6
    random_bits = rng.integers(0, 2**64, part, dtype=np.uint64, endpoint=False).view(np.float64)
    exponents = rng.integers(int(info.minexp) - info.nmant - 3, int(info.maxexp) + 2, part)
    ranged = np.ldexp(rng.uniform(1, 2, part), exponents) * rng.choice([-1.0, 1.0], part)
    # Ties: the midpoint of a finite target value and its upper neighbour.
    width = np.dtype(unsigned).itemsize * 8
    patterns = rng.integers(0, 2**width, 2 * part, dtype=np.uint64).astype(unsigned)
    low = patterns.view(dtype).astype(np.float64)
    high = np.nextafter(patterns.view(dtype), dtype(np.inf)).astype(np.float64)
    keep = np.isfinite(low) & np.isfinite(high)
    ties = ((low[keep] + high[keep]) / 2)[: part]  # exact in binary64
    near = np.concatenate([np.nextafter(ties, np.inf), np.nextafter(ties, -np.inf)])[: part]
    largest, smallest = float(info.max), float(info.smallest_subnormal)
    edges = np.array([largest, np.nextafter(largest, np.inf), largest * (1 + 2.0**-info.nmant / 2),
                      np.nextafter(largest * (1 + 2.0**-info.nmant / 2), np.inf),
                      np.nextafter(largest * (1 + 2.0**-info.nmant / 2), -np.inf),
                      smallest, smallest / 2, np.nextafter(smallest / 2, np.inf),
                      np.nextafter(smallest / 2, 0), smallest * 1.5, float(info.tiny),
                      np.nextafter(float(info.tiny), 0), 0.0, -0.0, np.inf, -np.inf, np.nan])
    edge_part = np.concatenate([edges, -edges])
    uniform = np.ldexp(rng.uniform(-1, 1, part), rng.integers(int(info.minexp) - 20,
                                                             int(info.maxexp) + 3, part))
    values = np.concatenate([random_bits, ranged, ties, near, edge_part, uniform])
    rest = n - values.size
    fill = np.ldexp(rng.uniform(-2, 2, rest), rng.integers(int(info.minexp) - info.nmant - 2,
                                                           int(info.maxexp) + 1, rest))
    return rng.permutation(np.concatenate([values, fill]))


def array_path_equals_scalar(x, target, mode, seed):
    """fpx.to_bits of binary64 values (the array kernels) against the core's
    scalar conversion of each, bits and flags; returns the array result."""
    stochastic = mode == "sr"
    result = fpx.to_bits(x, target, mode, seed=seed if stochastic else None, element_flags=True)
    bits, flags = _fpx.convert_each("binary64", target, x.view(np.uint64), mode,
                                    seed if stochastic else 0)
    assert np.array_equal(result.values.astype(np.uint64), bits), (target, mode)
    assert np.array_equal(result.element_flags, flags), (target, mode)
    assert result.flags == int(np.bitwise_or.reduce(flags)), (target, mode)
    return result


@pytest.mark.parametrize("target", ["binary16", "binary32"])
def test_round_equals_numpy_astype_bit_for_bit(rng, target):
    dtype, unsigned = NUMPY_TYPES[target]
    x = hard_binary64(rng, 10**6, target)
    assert x.size == 10**6
    with np.errstate(over="ignore", invalid="ignore"):
        expected = x.astype(dtype)
    nan = np.isnan(expected)
    bits = fpx.to_bits(x, target)
    assert bits.dtype == unsigned
    mismatches = np.flatnonzero((bits != expected.view(unsigned)) & ~nan)
    assert mismatches.size == 0, "first: x=%r fpx=%#x numpy=%#x" % (
        x[mismatches[0]], bits[mismatches[0]], expected.view(unsigned)[mismatches[0]])
    # NaNs: fpx's default NaN (README, "NaN policy"), numpy keeps payloads.
    default_nan = {"binary16": 0x7E00, "binary32": 0x7FC00000}[target]
    assert np.all(bits[nan] == default_nan)
    values = fpx.round(x, target)
    assert values.dtype == np.float32
    wide = expected.astype(np.float32)
    assert np.array_equal(values.view(np.uint32)[~nan], wide.view(np.uint32)[~nan])
    assert np.all(np.isnan(values[nan]))
    # The counts of the stressed cases are not empty.
    assert np.count_nonzero(np.isinf(expected)) > 100
    assert np.count_nonzero((expected != 0) & (np.abs(expected) < np.finfo(dtype).tiny)) > 100
    # The same 10^6 values into every format in every mode (and stochastic
    # rounding with a seed): the array path against the core's scalar
    # conversion, bits and flags.
    seed = int(rng.integers(0, 2**63))
    for name in FORMAT_NAMES:
        for mode in MODES + ["sr"]:
            array_path_equals_scalar(x, name, mode, seed)


def arbitrary_binary64(rng, n):
    """Values of every scale for every format: binary64 patterns, values
    around each format's range and a few exact ties of the narrow formats."""
    exponents = rng.integers(-160, 160, n // 2)
    scaled = np.ldexp(rng.uniform(-2, 2, n // 2), exponents)
    halves = np.ldexp(rng.integers(-2**12, 2**12, n // 4).astype(np.float64),
                      rng.integers(-30, 10, n // 4))
    patterns = rng.integers(0, 2**64, n - scaled.size - halves.size, dtype=np.uint64)
    return np.concatenate([scaled, halves, patterns.view(np.float64),
                           [0.0, -0.0, np.inf, -np.inf, np.nan, 448.0, 464.0, 57344.0, 61440.0]])


@pytest.mark.parametrize("target", FORMAT_NAMES)
def test_every_format_and_mode_equals_the_scalar_conversion(rng, target):
    x = arbitrary_binary64(rng, 20000)
    seed = int(rng.integers(0, 2**63))
    for mode in MODES + ["sr"]:
        result = array_path_equals_scalar(x, target, mode, seed)
        # round() is the same encodings as values.
        values = fpx.round(x, target, mode, seed=seed if mode == "sr" else None)
        again = fpx.from_bits(result.values, target)
        nan = np.isnan(values)
        assert np.array_equal(np.isnan(again), nan), (target, mode)
        assert values[~nan].tobytes() == again[~nan].tobytes(), (target, mode)
    # From float32 and float16 arrays (other kernels of the same conversion).
    for source, dtype in [("binary32", np.float32), ("binary16", np.float16)]:
        with np.errstate(over="ignore", invalid="ignore"):
            narrow = x.astype(dtype)
        unsigned = {np.float32: np.uint32, np.float16: np.uint16}[dtype]
        for mode in MODES:
            result = fpx.to_bits(narrow, target, mode, element_flags=True)
            bits, flags = _fpx.convert_each(source, target,
                                            narrow.view(unsigned).astype(np.uint64), mode, 0)
            assert np.array_equal(result.values.astype(np.uint64), bits), (source, target, mode)
            assert np.array_equal(result.element_flags, flags), (source, target, mode)


def test_values_are_float32_when_the_format_fits_binary32():
    for f in fpx.formats():
        values = fpx.round(np.array([1.0, 2.5]), f["name"])
        assert values.dtype == np.dtype(f["value_dtype"])
        assert (values.dtype == np.float64) == (f["name"] == "binary64")


@pytest.mark.parametrize("target", ["binary16", "bfloat16", "e5m2", "e4m3", "e5m2sat", "e4m3sat"])
def test_every_16_and_8_bit_encoding_round_trips(target):
    width = fpx.find_format(target)["width"]
    unsigned = np.uint16 if width == 16 else np.uint8
    every = np.arange(2**width, dtype=np.uint64).astype(unsigned)
    values = fpx.from_bits(every, target)
    assert values.dtype == np.float32
    back = fpx.to_bits(values, target)
    assert back.dtype == unsigned
    nan = np.isnan(values)
    # A saturating format's conversion clamps an infinity to the largest
    # finite value, as CUDA's satfinite conversion does: its infinity
    # encodings read as infinities and come back as +-largest.
    expected = every.copy()
    # e5m2's largest finite value, 57344, is 0x7B (0xFB negative); e4m3
    # has no infinity.
    if target == "e5m2sat":
        expected[np.isposinf(values)] = 0x7B
        expected[np.isneginf(values)] = 0xFB
    assert np.array_equal(back[~nan], expected[~nan])
    # A NaN encoding reads as a NaN and goes back as the format's default NaN.
    default_nan = {"binary16": 0x7E00, "bfloat16": 0x7FC0, "e5m2": 0x7E, "e4m3": 0x7F,
                   "e5m2sat": 0x7E, "e4m3sat": 0x7F}[target]
    assert np.all(back[nan] == default_nan)
    assert np.count_nonzero(nan) == {"binary16": 2046, "bfloat16": 254, "e5m2": 6, "e4m3": 2,
                                     "e5m2sat": 6, "e4m3sat": 2}[target]
    # The values are those numpy gives the same encodings.
    if target == "binary16":
        numpy_values = every.view(np.float16).astype(np.float32)
    elif target == "bfloat16":
        numpy_values = (every.astype(np.uint32) << 16).view(np.float32)
    else:
        return
    assert np.array_equal(values.view(np.uint32)[~nan], numpy_values.view(np.uint32)[~nan])


def test_flags_aggregate_and_per_element():
    result = fpx.round(np.array([1.0, 0.1, 1e6, 1e-9, np.nan]), "binary16", element_flags=True)
    assert list(result.element_flags) == [0, 1, 5, 3, 0]
    assert result.flags == fpx.Flags(1 | 2 | 4)
    assert result.flags.overflow and result.flags.underflow and not result.flags.invalid
    assert result.flags.letters == "..oux"
    assert repr(result.flags) == "Flags(overflow, underflow, inexact)"
    assert fpx.to_bits(np.array([3.0, 2.0**-24]), "binary16").tolist() == [0x4200, 0x0001]
    assert result.flags == np.uint8(7) and result.flags != fpx.Flags(1)
    plain = fpx.round(np.array([0.1]), "binary16", flags=True)
    assert plain.element_flags is None and plain.flags == 1


def test_stochastic_rounding_needs_a_seed_and_is_reproducible(rng):
    x = rng.uniform(-1, 1, 1000)
    with pytest.raises(ValueError, match="needs a seed"):
        fpx.round(x, "bfloat16", "sr")
    first = fpx.to_bits(x, "bfloat16", "sr", seed=7)
    assert np.array_equal(first, fpx.to_bits(x, "bfloat16", "sr", seed=7))
    assert not np.array_equal(first, fpx.to_bits(x, "bfloat16", "sr", seed=8))
    # Each element is one of the two neighbours of the value: truncated, or
    # one more in magnitude (the next encoding, for either sign).
    down = fpx.to_bits(x, "bfloat16", "rtz")
    assert np.all((first == down) | (first == down + 1))
    assert np.count_nonzero(first == down + 1) > 100 and np.count_nonzero(first == down) > 100


def test_inputs_of_every_kind_read_exactly():
    third = fractions.Fraction(1, 3)
    assert fpx.to_bits(third, "binary32") == 0x3EAAAAAB
    assert fpx.to_bits("2/3", "binary32") == 0x3F2AAAAB
    assert fpx.to_bits("0x1.8p-3", "binary16") == 0x3200
    assert fpx.to_bits(0.1, "bfloat16") == 0x3DCD
    assert fpx.to_bits(np.float16(0.1), "binary16") == 0x2E66
    assert fpx.to_bits(2**60 + 1, "binary64") == 0x43B0000000000000
    assert fpx.to_bits(2**60 + 2**8, "binary64", "rup") == 0x43B0000000000001
    assert fpx.to_bits([1, 2, 3], "e4m3").tolist() == [0x38, 0x40, 0x44]
    assert fpx.to_bits(np.array(["0.1", "inf", "-0"]), "binary32").tolist() == [
        0x3DCCCCCD, 0x7F800000, 0x80000000]
    mixed = np.array([third, "0.5", 2, 0.25], dtype=object)
    assert fpx.to_bits(mixed, "binary16").tolist() == [0x3555, 0x3800, 0x4000, 0x3400]
    assert fpx.round_fraction(fractions.Fraction(1, 3), "binary32") == np.float32(1 / 3)
    assert fpx.round_fraction(fractions.Fraction(1, 3), "binary16", "rup", flags=True).flags == 1


class FakeTensor:
    """What a CPU torch tensor offers numpy: __array__."""

    def __init__(self, values):
        self.values = values

    def __array__(self, dtype=None):
        return np.asarray(self.values, dtype=dtype)


def test_anything_with_array_interface():
    assert fpx.to_bits(FakeTensor([0.5, 1.5]), "binary16").tolist() == [0x3800, 0x3E00]


def test_from_bits_checks_the_width():
    assert fpx.from_bits(np.array([0x3C00], dtype=np.uint16), "binary16").tolist() == [1.0]
    assert fpx.from_bits(0x7F800000, "binary32") == np.inf
    assert fpx.from_bits([0x1EE66], "tf32").tolist() == [0.0999755859375]
    with pytest.raises(ValueError) as error:
        fpx.from_bits([0x1FFFF], "binary16")
    assert str(error.value) == "bit pattern '0x1FFFF' does not fit the 16 bits of binary16"
    with pytest.raises(ValueError, match="negative"):
        fpx.from_bits([-1], "binary16")
    with pytest.raises(TypeError):
        fpx.from_bits([1.5], "binary16")


def test_formats_and_roundings_as_the_command_line_names_them():
    names = [f["name"] for f in fpx.formats()]
    assert names == ["binary64", "binary32", "tf32", "bfloat16", "binary16", "e5m2", "e4m3",
                     "e5m2sat", "e4m3sat"]
    assert fpx.find_format("bf16")["name"] == "bfloat16"
    assert fpx.find_format("fp8e4m3")["name"] == "e4m3"
    assert fpx.find_format("e4m3")["max_exponent"] == 8
    assert [mode for mode, _ in fpx.roundings()] == MODES + ["sr"]
    assert fpx.to_bits(1 / 3, "fp32", "toward-zero") == 0x3EAAAAAA
