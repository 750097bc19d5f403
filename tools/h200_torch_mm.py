#!/usr/bin/env python3
"""Samples of real tensor-core output for `fpx mma --check` (run on a GPU
machine with PyTorch; fpx itself never needs one). For each input format and
depth K it writes OUT/torch_mm_FORMAT_kK.txt: lines `A_0..A_{K-1}
B_0..B_{K-1} C D` in uppercase hex, C = 0, D = torch.mm(A, B,
out_dtype=torch.float32)[i, i] (row i of A, column i of B).
usage: h200_torch_mm.py OUT_DIR [rows]"""
import os
import sys

import torch

out_dir = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 256
torch.manual_seed(20261126)
device = "cuda"


def operands(k, dtype):
    # A third each: wide exponent ranges, narrow ones, near-cancelling pairs.
    third = rows // 3
    wide = torch.randn(third, k) * torch.exp2(torch.randint(-12, 13, (third, k)).float())
    narrow = torch.randn(third, k)
    rest = rows - 2 * third
    pairs = torch.randn(rest, k)
    pairs[:, 1::2] = -pairs[:, 0::2] * (1 + torch.randn(rest, k // 2) * 2.0**-6)
    a = torch.cat([wide, narrow, pairs]).to(dtype)
    b = torch.cat([torch.randn(third, k) * torch.exp2(torch.randint(-12, 13, (third, k)).float()),
                   torch.randn(third, k), torch.randn(rest, k).abs() + 1]).to(dtype)
    return a, b.t().contiguous()  # b: K x rows


def hex16(t):
    return ["%04X" % (int(v) & 0xFFFF) for v in t.view(torch.int16).tolist()]


for name, dtype in [("bf16", torch.bfloat16), ("f16", torch.float16)]:
    for k in (64, 256, 1024):
        a, b = operands(k, dtype)
        d = torch.mm(a.to(device), b.to(device), out_dtype=torch.float32).cpu()
        lines = []
        for i in range(rows):
            dv = int(d[i, i].view(torch.int32).item()) & 0xFFFFFFFF
            lines.append(" ".join(hex16(a[i]) + hex16(b[:, i]) + ["00000000", "%08X" % dv]))
        with open(os.path.join(out_dir, "torch_mm_%s_k%d.txt" % (name, k)), "w") as f:
            f.write("\n".join(lines) + "\n")
        print(name, k, "done")
print(torch.__version__, torch.cuda.get_device_name())
