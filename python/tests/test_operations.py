"""fpx.add, sub, mul, div, sqrt, fma elementwise: numpy's IEEE float16 and
float32 arithmetic bit for bit, broadcasting, raw bit patterns, flags."""
import fractions

import numpy as np
import pytest

import fpx

NUMPY = {"binary16": (np.float16, np.uint16), "binary32": (np.float32, np.uint32)}


def hard_operands(rng, n, dtype, unsigned):
    """Random encodings (every class, NaNs among them), values of nearby
    magnitudes (cancellation, ties), and subnormals."""
    width = np.dtype(unsigned).itemsize * 8
    patterns = rng.integers(0, 2**width, n, dtype=np.uint64).astype(unsigned).view(dtype)
    info = np.finfo(dtype)
    with np.errstate(over="ignore"):
        close = (rng.uniform(0.5, 2, n) * rng.choice([-1, 1], n)).astype(dtype)
        tiny = (rng.uniform(-4, 4, n) * float(info.smallest_subnormal)).astype(dtype)
    return np.concatenate([patterns, close, tiny])


@pytest.mark.parametrize("format", ["binary16", "binary32"])
def test_operations_equal_numpy_arithmetic_bit_for_bit(rng, format):
    dtype, unsigned = NUMPY[format]
    a = hard_operands(rng, 100000, dtype, unsigned)
    b = rng.permutation(hard_operands(rng, 100000, dtype, unsigned))
    with np.errstate(all="ignore"):
        expected = {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b}
        roots = np.sqrt(a)
    for name, want in list(expected.items()) + [("sqrt", roots)]:
        function = getattr(fpx, name)
        got = function(a) if name == "sqrt" else function(a, b)
        assert got.dtype == np.float32
        nan = np.isnan(want)
        narrow = fpx.to_bits(got, format)
        assert np.array_equal(narrow[~nan], want.view(unsigned)[~nan]), name
        assert np.all(np.isnan(got[nan])), name


def test_fma_rounds_once(rng):
    a = rng.standard_normal(200).astype(np.float32)
    b = rng.standard_normal(200).astype(np.float32)
    c = rng.standard_normal(200).astype(np.float32)
    got = fpx.fma(a, b, c)
    for i in range(200):
        exact = fractions.Fraction(float(a[i])) * fractions.Fraction(float(b[i])) + \
            fractions.Fraction(float(c[i]))
        assert got[i] == fpx.round_fraction(exact, "binary32")
    # The lecture's case where fusing matters: one rounding instead of two.
    x = np.float32(1 + 2.0**-12)
    assert fpx.fma(x, x, np.float32(-(1 + 2.0**-11))) == np.float32(2.0**-24)
    assert fpx.sub(fpx.mul(x, x), np.float32(1 + 2.0**-11)) == 0


def test_broadcasting_and_scalars():
    column = np.arange(3, dtype=np.float32).reshape(3, 1)
    row = np.arange(4, dtype=np.float32)
    assert fpx.add(column, row).shape == (3, 4)
    assert np.array_equal(fpx.add(column, row), column + row)
    assert fpx.mul(2, np.ones((2, 2), dtype=np.float16)).dtype == np.float32
    scalar = fpx.add(1, 2)
    assert np.ndim(scalar) == 0 and scalar == 3
    assert fpx.sqrt(2.0, format="binary64") == np.sqrt(2.0)


def test_raw_operands_and_flags():
    # The lecture's A + B in binary32: a tie, to even.
    result = fpx.add(0x40000001, 0x3F800001, format="binary32", raw=True, flags=True)
    assert result.values == 0x40400002 and result.flags == fpx.Flags.INEXACT
    assert fpx.add(0x40000001, 0x3F800001, format="binary32", rounding="rtz", raw=True) == \
        0x40400001
    assert fpx.add(np.array([0x3C00], dtype=np.uint16), 0x3C00, format="binary16",
                   raw=True).dtype == np.uint16
    divided = fpx.div([1.0, 0.0, 1.0], [0.0, 0.0, 3.0], format="binary32", element_flags=True)
    assert divided.element_flags.tolist() == [fpx.Flags.DIVIDE_BY_ZERO, fpx.Flags.INVALID,
                                              fpx.Flags.INEXACT]
    assert divided.flags == fpx.Flags.DIVIDE_BY_ZERO | fpx.Flags.INVALID | fpx.Flags.INEXACT
    # Operands rounded into the format report it apart from the operation.
    sum_ = fpx.add(0.1, 0.2, format="bfloat16", flags=True)
    assert sum_.input_flags == fpx.Flags.INEXACT
    exact_inputs = fpx.add(0.5, 0.25, format="bfloat16", flags=True)
    assert exact_inputs.input_flags == 0 and exact_inputs.flags == 0


def test_every_mode_and_stochastic_rounding(rng):
    # Operands that are bfloat16 values, so that every mode reads them exactly.
    a = fpx.round(rng.uniform(1, 2, 1000), "bfloat16")
    b = fpx.round(rng.uniform(1, 2, 1000) * 2.0**-9, "bfloat16")
    down = fpx.add(a, b, format="bfloat16", rounding="rdn")
    up = fpx.add(a, b, format="bfloat16", rounding="rup")
    assert np.all(down <= up)
    stochastic = fpx.add(a, b, format="bfloat16", rounding="sr", seed=9)
    assert np.all((stochastic == down) | (stochastic == up))
    assert np.array_equal(stochastic, fpx.add(a, b, format="bfloat16", rounding="sr", seed=9))
    for mode in ["rne", "rna", "rtz", "rup", "rdn", "rto"]:
        got = fpx.add(a, b, format="bfloat16", rounding=mode)
        assert np.all((got == down) | (got == up)), mode
