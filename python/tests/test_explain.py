"""fpx.bits and fpx.explain_op: the same objects as `fpx bits --json` and
`fpx op --json`, and the same text."""
import fractions
import json
import os
import subprocess

import numpy as np
import pytest

import fpx


def cli(*arguments):
    path = os.environ.get("FPX_CLI")
    assert path, "FPX_CLI names the fpx executable (set by CTest)"
    done = subprocess.run([path] + list(arguments), capture_output=True, text=True, check=True)
    return done.stdout


def test_bits_has_the_fields_of_the_command_line():
    record = fpx.bits("2/3")
    assert record.to_dict() == json.loads(cli("bits", "2/3", "--json"))
    assert repr(record) == "2^-1 x 1.01010101010101010101011  0x3F2AAAAB"
    assert record.hex == "0x3F2AAAAB" and record["error_ulps"] == "+0.333"
    assert str(record) == cli("bits", "2/3", "--color", "never")
    assert "<pre>" in record._repr_html_()
    for value, format in [("0.1", "bfloat16"), ("-1e-45", "binary32"), ("inf", "e4m3"),
                          ("448", "e4m3"), ("0x1.8p-3", "binary16")]:
        assert fpx.bits(value, format).to_dict() == json.loads(
            cli("bits", value, "--format", format, "--json"))
    assert fpx.bits("0x3F2AAAAB", raw=True).to_dict() == json.loads(
        cli("bits", "0x3F2AAAAB", "--raw", "--json"))
    assert fpx.bits(0x3C00, "binary16", raw=True).value == 1.0
    assert fpx.bits("1/3", rounding="rtz").hex == "0x3EAAAAAA"


def test_bits_reads_floats_and_fractions_exactly():
    # The binary64 value of the float 0.1, not the decimal 0.1.
    assert fpx.bits(0.1, "binary64").hex == "0x3FB999999999999A"
    assert fpx.bits(0.1, "binary64")["error_ulps"] == "0"
    assert fpx.bits(np.float32(0.1), "binary32").hex == "0x3DCCCCCD"
    assert fpx.bits(fractions.Fraction(2, 3)).hex == "0x3F2AAAAB"
    assert fpx.bits(3, "e4m3").hex == "0x44"


def test_explain_op_is_the_command_lines_explanation():
    record = fpx.explain_op("add", 0x40000001, 0x3F800001, raw=True)
    assert record.to_dict() == json.loads(cli("op", "add", "0x40000001", "0x3F800001", "--raw",
                                              "--json"))
    assert str(record) == cli("op", "add", "0x40000001", "0x3F800001", "--raw", "--color",
                              "never")
    assert repr(record) == str(record).rstrip("\n")
    fused = fpx.explain_op("fma", "0.1", "10", "-1", format="binary16", rounding="rne,rtz")
    assert fused.to_dict() == json.loads(cli("op", "fma", "0.1", "10", "-1", "--format",
                                             "binary16", "--round", "rne,rtz", "--json"))
    stochastic = fpx.explain_op("add", "1", "0x1p-30", rounding="sr", seed=5, trials=100)
    assert stochastic.to_dict() == json.loads(cli("op", "add", "1", "0x1p-30", "--round", "sr",
                                                  "--seed", "5", "--trials", "100", "--json"))


def test_explain_mma_is_fpx_mma_explain():
    path = os.path.join(os.environ.get("FPX_SOURCE_DIR", "."), "docs", "examples",
                        "bf16_small_products.txt")
    fields = open(path).read().split()
    a = np.array([int(v, 16) for v in fields[:16]], dtype=np.uint16)
    b = np.array([int(v, 16) for v in fields[16:32]], dtype=np.uint16)
    c = np.array([int(fields[32], 16)], dtype=np.uint32)
    record = fpx.explain_mma(a, b, c, arch="h200", input="bf16", raw=True)
    command = [os.environ["FPX_CLI"], "mma", "--arch", "h200", "--in", "bf16", "--explain"]
    with open(path) as stdin:
        expected = json.loads(subprocess.run(command + ["--json"], stdin=stdin,
                                             capture_output=True, text=True).stdout)
    with open(path) as stdin:
        text = subprocess.run(command + ["--color", "never"], stdin=stdin, capture_output=True,
                              text=True).stdout
    value, bits = record.pop("d_value"), record.pop("d_bits")
    assert record.to_dict() == expected
    assert str(record) == text
    assert bits == 0x43800000 and value == 256.0
    # From values: the same products.
    again = fpx.explain_mma(fpx.from_bits(a, "bfloat16"), fpx.from_bits(b, "bfloat16"))
    assert again["d_bits"] == bits
    with pytest.raises(ValueError, match="unknown architecture"):
        fpx.explain_mma(a, b, arch="h300")
    with pytest.raises(ValueError):
        fpx.explain_mma(a, b, arch="v100", input="bf16")
