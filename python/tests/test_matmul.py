"""fpx.matmul: each element the chosen dot-product strategy; with mma:h100
the H200 torch.mm samples of tests/data, rebuilt as the matrices they came
from (row i of A, column i of B, D = torch.mm(A, B)[i, i]), bit for bit."""
import glob
import os

import numpy as np
import pytest

import fpx


def torch_mm_files(data_dir):
    files = sorted(glob.glob(os.path.join(data_dir, "h200", "torch_mm_*.txt")) +
                   glob.glob(os.path.join(data_dir, "h200_torch_mm", "torch_mm_*.txt")))
    assert len(files) == 8
    return files


def read_samples(path):
    """A (rows x K) and B (K x rows) as bit patterns, and the diagonal D."""
    a_rows, b_columns, d = [], [], []
    with open(path) as lines:
        for line in lines:
            fields = line.split()
            if not fields or fields[0].startswith("#"):
                continue
            k = (len(fields) - 2) // 2
            assert len(fields) == 2 * k + 2 and int(fields[-2], 16) == 0  # C = 0
            a_rows.append([int(v, 16) for v in fields[:k]])
            b_columns.append([int(v, 16) for v in fields[k:2 * k]])
            d.append(int(fields[-1], 16))
    A = np.array(a_rows, dtype=np.uint16)
    B = np.array(b_columns, dtype=np.uint16).T.copy()
    return A, B, np.array(d, dtype=np.uint32)


@pytest.mark.parametrize("name", ["torch_mm_bf16_k64", "torch_mm_f16_k64", "torch_mm_bf16_k256",
                                  "torch_mm_f16_k256", "torch_mm_bf16_k1024",
                                  "torch_mm_f16_k1024"])
def test_mma_h100_reproduces_the_h200_torch_mm_samples(data_dir, name):
    paths = [p for p in torch_mm_files(data_dir) if os.path.basename(p) == name + ".txt"]
    assert paths
    for path in paths:
        A, B, D = read_samples(path)
        format = "bfloat16" if "_bf16_" in name else "binary16"
        # From bit patterns, and from the values (read exactly).
        # torch.mm(..., out_dtype=torch.float32): a binary32 accumulator.
        C = fpx.matmul(A, B, "mma:h100", format=format, acc_format="binary32", raw=True)
        assert C.shape == (A.shape[0], B.shape[1]) and C.dtype == np.float32
        assert np.array_equal(np.diag(C).view(np.uint32), D), path
        values = fpx.matmul(fpx.from_bits(A, format), fpx.from_bits(B, format), "mma:h100",
                            format=format, acc_format="binary32")
        assert np.array_equal(values.view(np.uint32), C.view(np.uint32)), path
        # H200 is the same model.
        assert np.array_equal(np.diag(fpx.matmul(A, B, "mma:h200", format=format,
                                                 acc_format="binary32", raw=True)).view(np.uint32),
                              D)


def test_every_element_is_the_dot_strategy(rng):
    A = rng.standard_normal((7, 33)).astype(np.float32)
    B = rng.standard_normal((33, 5)).astype(np.float32)
    for strategy in ["serial", "fma", "pairwise", "kahan", "exact"]:
        C = fpx.matmul(A, B, strategy)
        for i in range(7):
            for j in range(5):
                assert C[i, j].view(np.uint32) == fpx.dot(A[i], B[:, j], strategy).view(np.uint32)
    # serial in binary64: the products and partial sums in k order, each
    # rounded, as Python's floats compute them.
    X = rng.standard_normal((4, 6))
    Y = rng.standard_normal((6, 3))
    expected = np.zeros((4, 3))
    for i in range(4):
        for j in range(3):
            total = 0.0
            for k in range(6):
                total = total + X[i, k] * Y[k, j]
            expected[i, j] = total
    assert np.array_equal(fpx.matmul(X, Y, "serial"), expected)


def test_matmul_checks_its_operands():
    with pytest.raises(ValueError, match="inner sizes differ"):
        fpx.matmul(np.ones((2, 3)), np.ones((4, 2)))
    with pytest.raises(ValueError, match="two matrices"):
        fpx.matmul(np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match="tensor cores take"):
        fpx.matmul(np.ones((2, 2)), np.ones((2, 2)), "mma:h100", format="binary64")
