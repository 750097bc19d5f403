#!/usr/bin/env python3
"""Checks the layering of docs/architecture.md on the sources: every file of a
layer (include/fpx/LAYER/ and src/LAYER/) includes only headers of the layers
it may use; the core includes no MPFR, GMP or host floating-point environment
and calls none; no comment points outside the repository.
Usage: check_layers.py REPOSITORY_ROOT. Exits 1 and names each violation."""
import os
import re
import sys

# Each layer and the layers it may include (itself included).
ALLOWED = {
    "core": {"core"},
    "reference": {"core", "reference"},
    "tensor_core": {"core", "tensor_core"},
    "summation": {"core", "tensor_core", "summation"},
    "io": {"core", "io"},
    "linear_models": {"core", "tensor_core", "summation", "io", "linear_models"},
    "explain": {"core", "reference", "tensor_core", "summation", "io", "linear_models", "explain"},
    "experiments": {"core", "tensor_core", "summation", "io", "linear_models", "explain",
                    "experiments"},
    "cli": {"core", "reference", "tensor_core", "summation", "io", "linear_models", "explain",
            "experiments"},
    "python": {"core", "reference", "tensor_core", "summation", "io", "linear_models", "explain",
               "experiments"},
}
# What the core may not touch: its answers must not come from the oracle or
# from the host's floating point.
CORE_FORBIDDEN = re.compile(
    r"#include\s*<(mpfr\.h|gmp\.h|gmpxx\.h|cfenv|fenv\.h|cmath|math\.h)>"
    r"|boost/multiprecision/gmp\.hpp|\bmpfr_|\bfesetround\b|\bfegetround\b|__builtin_fma|std::fma\(")
# The one exception: the binary32 array kernels' fast path through binary64
# arithmetic, beside the integer path and compared with it bit for bit and
# flag for flag in tests/core/test_arrays.cpp. Only the array kernels may
# include it, so no scalar operation (the value type) can use it.
HOST_FLOATING_POINT_ROUTE = "src/core/binary32_through_binary64.hpp"
ROUTE_USERS = {"src/core/array_kernels.hpp"}
ROUTE_INCLUDE = re.compile(r'#include\s*"binary32_through_binary64\.hpp"')
INCLUDE = re.compile(r'#include\s*"fpx/([a-z_]+)/')
# Comments that point outside the repository.
OUTSIDE = re.compile(r"\.\./shared|\b[Ii]ssue\s+#?\d+")


def sources(root, layer):
    for top in (os.path.join(root, "include", "fpx", layer), os.path.join(root, "src", layer),
                os.path.join(root, "python", "src") if layer == "python" else None):
        if not top or not os.path.isdir(top):
            continue
        for folder, _, names in os.walk(top):
            for name in sorted(names):
                if name.endswith((".hpp", ".cpp", ".h")):
                    yield os.path.join(folder, name)


def comment_lines(text):
    for number, line in enumerate(text.split("\n"), 1):
        position = line.find("//")
        if position >= 0:
            yield number, line[position:]


def main():
    root = sys.argv[1]
    problems = []
    for layer, allowed in ALLOWED.items():
        for path in sources(root, layer):
            relative = os.path.relpath(path, root)
            text = open(path, encoding="utf-8").read()
            for number, line in enumerate(text.split("\n"), 1):
                match = INCLUDE.search(line)
                if match and match.group(1) not in allowed:
                    problems.append(f"{relative}:{number}: layer {layer} includes "
                                    f"fpx/{match.group(1)}/ (it may use {', '.join(sorted(allowed))})")
                if ROUTE_INCLUDE.search(line) and relative not in ROUTE_USERS:
                    problems.append(f"{relative}:{number}: only the array kernels may include "
                                    f"{HOST_FLOATING_POINT_ROUTE}")
                if (layer == "core" and relative != HOST_FLOATING_POINT_ROUTE
                        and CORE_FORBIDDEN.search(line)):
                    problems.append(f"{relative}:{number}: the core must not use MPFR, GMP or the "
                                    f"host's floating point: {line.strip()}")
    for folder in ("include", "src", "tests", "bench", "python", "scripts", "tools"):
        top = os.path.join(root, folder)
        for directory, _, names in os.walk(top):
            if os.path.join("tests", "data") in directory:
                continue
            for name in names:
                if not name.endswith((".hpp", ".cpp", ".h", ".py", ".txt")):
                    continue
                path = os.path.join(directory, name)
                if os.path.abspath(path) == os.path.abspath(__file__):
                    continue
                text = open(path, encoding="utf-8", errors="replace").read()
                lines = comment_lines(text) if name.endswith((".hpp", ".cpp", ".h")) else \
                    enumerate(text.split("\n"), 1)
                for number, line in lines:
                    if OUTSIDE.search(line):
                        problems.append(f"{os.path.relpath(path, root)}:{number}: points outside "
                                        f"the repository: {line.strip()}")
    for problem in problems:
        print(problem)
    print(f"{len(problems)} layering problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
