#!/usr/bin/python3
"""The Python module's speed beside numpy, side by side in one run on the
same arrays (not a test: it asserts nothing). Prints the best of several
repetitions of each and the ratios.

usage: PYTHONPATH=build/python /usr/bin/python3 bench/python_speed.py [repetitions]"""
import os
import platform
import sys
import time

import numpy as np

import fpx


def best_time(function, repetitions):
    best = float("inf")
    for _ in range(repetitions):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rng = np.random.default_rng(20261201)
    x = (rng.standard_normal(10**7) * np.exp2(rng.integers(-20, 20, 10**7))).astype(np.float32)
    print("machine: %s, %d cores, %s; numpy %s; Python %s" % (
        platform.processor() or platform.machine(), os.cpu_count(), platform.platform(),
        np.__version__, platform.python_version()))
    print("best of %d repetitions, seconds\n" % repetitions)

    half = best_time(lambda: x.astype(np.float16), repetitions)
    rows = [("x.astype(np.float16), 10^7 float32", half, None)]
    for format in ["binary16", "bfloat16"]:
        seconds = best_time(lambda: fpx.round(x, format), repetitions)
        rows.append(('fpx.round(x, "%s")' % format, seconds, seconds / half))

    numpy_sum = best_time(lambda: np.sum(x), repetitions)
    rows.append(("np.sum(x), 10^7 float32", numpy_sum, None))
    serial = best_time(lambda: fpx.sum(x, "serial", format="binary32"), repetitions)
    rows.append(('fpx.sum(x, "serial", format="binary32")', serial, serial / numpy_sum))
    numpy_order = best_time(lambda: fpx.sum(x, "numpy", format="binary32"), repetitions)
    rows.append(('fpx.sum(x, "numpy", format="binary32")', numpy_order, numpy_order / numpy_sum))

    A = fpx.round(rng.standard_normal((256, 256)), "bfloat16")
    B = fpx.round(rng.standard_normal((256, 256)), "bfloat16")
    matmul = best_time(lambda: fpx.matmul(A, B, "mma:h100", format="bfloat16",
                                          acc_format="binary32"), max(1, repetitions // 2))
    rows.append(('fpx.matmul 256x256 bf16 "mma:h100"', matmul, None))
    numpy_matmul = best_time(lambda: A @ B, repetitions)
    rows.append(("A @ B, the same float32 matrices (numpy)", numpy_matmul, None))

    for name, seconds, ratio in rows:
        print("%-48s %10.4f%s" % (name, seconds,
                                  "" if ratio is None else "   %6.2f x numpy" % ratio))


if __name__ == "__main__":
    main()
