"""fpx.lstsq and fpx.perceptron: the same pipelines as `fpx regress` and
`fpx perceptron` (the same JSON from the same data), exact solutions
recovered, counted FLOPs as the lecture's formulas."""
import json
import os
import subprocess

import numpy as np
import pytest

import fpx


def cli_json(*arguments):
    done = subprocess.run([os.environ["FPX_CLI"]] + list(arguments), capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def write_csv(path, header, rows):
    with open(path, "w") as out:
        out.write(",".join(header) + "\n")
        for row in rows:
            out.write(",".join(repr(float(v)) if not isinstance(v, str) else v for v in row) +
                      "\n")


def test_lstsq_is_fpx_regress(tmp_path, rng):
    X = np.round(rng.standard_normal((40, 3)) * 8) / 8
    y = X @ np.array([1.5, -2.0, 0.25]) + np.round(rng.standard_normal(40) * 64) / 1024
    path = os.path.join(tmp_path, "data.csv")
    write_csv(path, ["a", "b", "c", "y"], np.column_stack([X, y]))
    ours = fpx.lstsq(X, y, solver="qr,cholesky,gd1", format="bfloat16", names=["a", "b", "c"],
                     refine=2)
    theirs = cli_json("regress", path, "--no-intercept", "--solver", "qr,cholesky,gd1",
                      "--format", "bfloat16", "--refine", "2", "--json")
    for key in ["exact_decimal", "exact_rounded", "optimal_rss", "inputs_inexact", "lre_cap"]:
        assert ours[key] == theirs[key], key
    assert len(ours.solvers) == 3
    for mine, cli in zip(ours.solvers, theirs["solvers"]):
        values, bits = mine.pop("coefficient_values"), mine.pop("coefficient_bits")
        assert mine == cli
        assert list(fpx.to_bits(values, "bfloat16")) == list(bits)
        # The command line prints the shortest decimals that read back to them.
        assert list(fpx.to_bits(np.array([str(c) for c in cli["coefficients"]]),
                                "bfloat16")) == list(bits)
    assert "qr" in str(ours)


def test_lstsq_recovers_an_exact_fit_and_counts_the_lectures_flops():
    X = np.array([[1.0, 2.0], [3.0, 5.0], [-1.0, 4.0], [2.0, -3.0], [0.5, 0.25]])
    w = np.array([3.0, -1.0])
    result = fpx.lstsq(X, X @ w, solver="cholesky", format="binary64")
    assert result.w.tolist() == [3.0, -1.0]
    assert result.solvers[0]["min_lre_decimal"] == result["lre_cap"]
    # Normal equations: X^T X is 2 d^2 N FLOPs, X^T y 2 d N (the lecture).
    n, d = X.shape
    assert result.solvers[0]["flops"] >= 2 * d * d * n + 2 * d * n
    phases = fpx.lstsq(X, X @ w, solver="inverse", format="binary32").solvers[0]
    assert phases["status"] == "ok"


def test_perceptron_is_fpx_perceptron(tmp_path, rng):
    X = np.round(rng.standard_normal((60, 2)) * 16) / 16
    labels = np.where(X[:, 0] - 0.5 * X[:, 1] > 0.1, 1, -1)
    path = os.path.join(tmp_path, "points.csv")
    write_csv(path, ["u", "v", "label"],
              [(a, b, "yes" if s > 0 else "no") for (a, b), s in zip(X, labels)])
    ours = fpx.perceptron(X, labels, format="bfloat16", names=["u", "v"], bias=True)
    theirs = cli_json("perceptron", path, "--label", "label", "--positive", "yes", "--format",
                      "bfloat16", "--bias", "--json")
    values, bits = ours.pop("w_values"), ours.pop("w_bits")
    for key in ["updates", "epochs", "converged", "separates", "misclassified", "w", "flops",
                "operations", "exact", "exact_decimal_data", "features", "inputs_inexact"]:
        assert ours[key] == theirs[key], key
    assert list(fpx.to_bits(np.array([str(c) for c in theirs["w"]]), "bfloat16")) == list(bits)
    assert list(fpx.to_bits(values, "bfloat16")) == list(bits)


def test_the_perceptrons_w_zero_trap():
    X = np.array([[1.0, 1.0], [-1.0, -1.0]])
    trapped = fpx.perceptron(X, [1, -1], condition=">")
    assert trapped.updates == 0 and trapped.w_values.tolist() == [0.0, 0.0]
    learns = fpx.perceptron(X, [1, -1], condition=">=")
    assert learns.updates == 1 and learns.separates


def test_linear_model_bad_input():
    with pytest.raises(ValueError, match="unknown solver"):
        fpx.lstsq(np.ones((3, 1)), np.ones(3), solver="qrr")
    with pytest.raises(ValueError, match="rows"):
        fpx.lstsq(np.ones((3, 1)), np.ones(4))
    with pytest.raises(ValueError):
        fpx.lstsq(np.ones((3, 2)), np.ones(3))  # rank deficient
    with pytest.raises(ValueError, match="not finite"):
        fpx.lstsq(np.array([[1.0], [np.nan]]), np.ones(2))
    with pytest.raises(ValueError, match=r"\+1 or -1"):
        fpx.perceptron(np.ones((2, 1)), [1, 2])
    with pytest.raises(ValueError, match="condition"):
        fpx.perceptron(np.ones((2, 1)), [1, -1], condition="<")
    with pytest.raises(ValueError, match="overflows"):
        fpx.perceptron(np.array([[1e6], [1.0]]), [1, -1], format="binary16")
