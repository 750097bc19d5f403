"""Every class of bad input raises ValueError or TypeError, with the one-line
message the command line prints for the same mistake; none crashes the
interpreter."""
import fractions
import os
import subprocess

import numpy as np
import pytest

import fpx


def cli_message(*arguments):
    """The message `fpx` prints on stderr (without its "fpx: " prefix)."""
    done = subprocess.run([os.environ["FPX_CLI"]] + list(arguments), capture_output=True,
                          text=True)
    assert done.returncode in (1, 2)
    line = done.stderr.strip().splitlines()[0]
    return line[len("fpx: "):] if line.startswith("fpx: ") else line


def raises(kind, function, *arguments, **options):
    with pytest.raises(kind) as error:
        function(*arguments, **options)
    message = str(error.value)
    assert message and "\n" not in message
    return message


def test_unknown_names_carry_the_command_lines_messages():
    assert raises(ValueError, fpx.round, [1.0], "binary17") == cli_message(
        "bits", "1", "--format", "binary17")
    assert raises(ValueError, fpx.round, [1.0], "fp8") == cli_message("bits", "1", "--format",
                                                                       "fp8")
    assert raises(ValueError, fpx.round, [1.0], "binary16", "nearest") == cli_message(
        "sum", "--strategy", "serial", "--round", "nearest", os.devnull)
    assert raises(ValueError, fpx.sum, [1.0], "kahn") == cli_message(
        "sum", "--strategy", "kahn", os.devnull)
    assert raises(ValueError, fpx.sum, [1.0], "fma") == cli_message(
        "sum", "--strategy", "fma", os.devnull)
    assert raises(ValueError, fpx.dot, [1.0], [1.0], "mma:h100", format="binary64") == \
        cli_message("dot", "--strategy", "mma:h100", "--format", "binary64", "--a", "1", "--b",
                    "1")
    assert raises(ValueError, fpx.explain_op, "addd", "1", "2") == cli_message(
        "op", "addd", "1", "2")
    assert raises(ValueError, fpx.bits, "1", "binary32", "sr") == cli_message(
        "bits", "1", "--round", "sr")
    assert raises(ValueError, fpx.dot, [1.0], [1.0], "mma:v100:wgmma", format="binary16")


def test_bad_numbers():
    assert raises(ValueError, fpx.round, "1.2.3", "binary32") == cli_message("bits", "1.2.3")
    assert raises(ValueError, fpx.round, np.array(["1", "x"]), "binary32") == cli_message(
        "bits", "x")
    assert raises(ValueError, fpx.bits, "") == cli_message("bits", "")
    assert raises(ValueError, fpx.from_bits, [0x10000], "binary16") == cli_message(
        "bits", "0x10000", "--raw", "--format", "binary16")
    assert raises(ValueError, fpx.bits, "0x1FFFF", "binary16", raw=True) == cli_message(
        "bits", "0x1FFFF", "--raw", "--format", "binary16")
    raises(ValueError, fpx.from_bits, [-1], "binary16")
    raises(ValueError, fpx.add, [-1], [1], format="binary16", raw=True)
    raises(ValueError, fpx.sum, ["1", "two"])


def test_wrong_types():
    raises(TypeError, fpx.round, True, "binary32")
    raises(TypeError, fpx.round, np.array([True, False]), "binary32")
    raises(TypeError, fpx.round, np.array([1 + 2j]), "binary32")
    raises(TypeError, fpx.round, np.array([{}], dtype=object), "binary32")
    raises(TypeError, fpx.round, np.array([None], dtype=object), "binary32")
    raises(TypeError, fpx.round, object(), "binary32")
    raises(TypeError, fpx.round, np.array([1.0], dtype=np.longdouble), "binary32")
    raises(TypeError, fpx.round, np.array(["2020-01-01"], dtype="datetime64[D]"), "binary32")
    raises(TypeError, fpx.from_bits, [1.5], "binary16")
    raises(TypeError, fpx.from_bits, np.array([1], dtype=object), "binary16")
    raises(TypeError, fpx.add, [1.5], [1], format="binary16", raw=True)
    raises(TypeError, fpx.round, [1.0], 16)
    raises(TypeError, fpx.round, [1.0], "binary16", seed=1.5)
    raises(ValueError, fpx.round, [1.0], "binary16", seed=-1)
    raises(ValueError, fpx.round, [1.0], "binary16", "sr", seed=2**64)
    raises(TypeError, fpx.sum, [1.0], strategy=None)
    raises(TypeError, fpx.matmul, np.ones((2, 2)), np.ones((2, 2)), format=32)
    raises(TypeError, fpx.bits, [1.0])
    raises(TypeError, fpx.bits, 1.5, raw=True)
    raises(TypeError, fpx.explain_op, "sqrt", "1", "2")
    raises(TypeError, fpx.round_fraction, "x/y", "binary32")


def test_shapes_and_options():
    raises(ValueError, fpx.add, np.ones(3), np.ones(4))
    raises(ValueError, fpx.dot, np.ones(3), np.ones(4))
    raises(ValueError, fpx.exact_dot, np.ones(3), np.ones(4))
    raises(ValueError, fpx.compare_dot, np.ones(3), np.ones(4))
    raises(ValueError, fpx.matmul, np.ones((2, 3)), np.ones((2, 3)))
    raises(ValueError, fpx.sum, np.ones((2, 3)), axis=2)
    raises(ValueError, fpx.round, [1.0], "binary16", "sr")
    raises(ValueError, fpx.sum, [1.0], "serial,kahan")
    raises(ValueError, fpx.bits, "1", rounding="rne,rtz")
    raises(ValueError, fpx.explain_op, "add", "1", "2", trials=0)
    raises(ValueError, fpx.add, [1], [2], raw=True)


def test_the_interpreter_survives_odd_but_valid_input():
    # Empty arrays, huge exponents, every special value: answers, not crashes.
    assert fpx.round(np.array([]), "binary16").shape == (0,)
    assert fpx.sum(np.array([], dtype=np.float32)) == 0
    assert fpx.to_bits("1e100000", "binary32") == 0x7F800000
    assert fpx.to_bits("-1e-100000", "binary32") == 0x80000000
    assert fpx.to_bits("9" * 5000, "binary64") == 0x7FF0000000000000
    assert np.isnan(fpx.sum([np.inf, -np.inf]))
    assert np.isnan(fpx.exact_sum([np.inf, -np.inf]))
    assert fpx.exact_sum([]) == 0
    assert fpx.round(fractions.Fraction(10**400, 3), "binary64") == np.inf
    assert fpx.compare([np.nan, 1.0], "serial")[0].error_ulps_vs_inputs is None
    assert fpx.round(np.zeros((0, 3)), "e4m3").shape == (0, 3)
    assert fpx.sum(np.zeros((0, 3)), axis=0).tolist() == [0.0, 0.0, 0.0]
