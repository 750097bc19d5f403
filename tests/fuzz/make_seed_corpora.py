#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/TARGET/
(one file per seed, named by its index). The first byte of a seed is the
target's choice byte where it has one (fuzz_check.hpp: split_choice)."""
import os

here = os.path.dirname(os.path.abspath(__file__))

numbers = [
    "0.1", "-0.1", "1", "-0", "1e-45", "1.4e-45", "3.4028235e38", "3.4028236e38", "65504",
    "65520", "1e-100000", "1e100000", "-1e2000", "2/3", "-1e3/7", "1/0", "0x1.8p-3", "0x10",
    "0x1.fffffep127", "0x1p-149", "0X1P-1074", "inf", "-Infinity", "nan", "-NaN", "+.5", "5.",
    "1.000000059604644775390625", "1.0000000596046447753906250000000001",
    "0." + "0" * 60 + "1", "9" * 80, "1" + "0" * 40 + "e-40", "1e", "1e+", "--1", "0x", "0x.p1",
    "1/", "/2", "1//2", " 7 ", "1_000", "\u00bd", "1,5", "0.30000000000000004",
    "2.2250738585072011e-308", "4.9406564584124654e-324", "1.5e+308", "17976931348623157e292",
]

bit_patterns = [
    "0x3F800000", "3F800000", "0x7FC00000", "0xFF800000", "0x00000001", "0x80000000",
    "0xFFFFFFFF", "0x1FFFFFFFF", "0x3C00", "0x7C01", "0x7F", "0xFF", "0x80", "0x1FC00",
    "0x3FF0000000000000", "0x7FF8000000000001", "bits:0 01111110 01010101010101010101011",
    "bits:1 11111 0000000000", "bits:0 1111", "bits:", "0.1", "-inf", "2/3", "",
]

batch_lines = [
    "add rne 3F800000 33800000", "sub rtz 3F800000 3F800000", "mul rup 7F7FFFFF 40000000",
    "div rdn 3F800000 00000000", "sqrt rna BF800000", "fma rto 3F800000 3F800000 00000001",
    "to_binary16 rne 3F800000", "to_e4m3 rne 43E00000", "add sr:7 3F800000 33800001",
    "add rne 0x3F800000 0x33800000", "# comment", "", "fma rne 3F800000 3F800000",
    "frobnicate rne 0 0", "add nearest 0 0", "add rne 1FFFFFFFF 0", "sqrt sr:18446744073709551615 40000000",
]

data_files = [
    "1.5\n2.25\n3\n", "\ufeff1.5\n2.25\n", "x,y\n0.1,0.2\n0.3,-0.4\n", "x;y\n1;2\n3;4\n",
    "x\ty\n1\t2\n", "1 2\n3 4\n", "# c\n\nname,value,label\na,1,yes\nb,2,no\n", "1.5x\n2\n",
    "1,000.5\n", "x,y,y\n1,2,3\n", "3F800000\n40000000\n", "1\r\n2\r\n", "a,b\n", "1,2\n3\n",
    "nan\ninf\n-inf\n", "1e2000\n1\n", "x,label\n1,a\n2,b\n", ",\n,\n",
]

command_lines = [
    ["bits", "-1.5", "--format", "all"], ["bits", "0x3F800000", "--raw", "--round", "all"],
    ["bits", "0.1", "--json"], ["op", "add", "inf", "1", "--json"],
    ["op", "div", "1", "3", "--round", "sr", "--seed", "5", "--trials", "10"],
    ["op", "fma", "1", "2", "3", "--format", "binary16,bfloat16"], ["assoc", "1", "2", "3"],
    ["assoc", "--format", "e4m3"], ["sum", "-", "--strategy", "all"],
    ["sum", "--strategy", "strided:3,blocked:2", "--trials", "3"],
    ["dot", "--a", "1 2", "--b", "3 4", "--strategy", "mma:h100"],
    ["dot", "--a", "1 2 3", "--b", "3 4", "--json"], ["mma", "--arch", "h100", "--in", "bf16", "--k", "4"],
    ["mma", "--arch", "v100", "--in", "bf16"], ["batch", "--format", "binary16"],
    ["bits", "--k", "064"], ["sum", "--seed", "-1"], ["op", "--help"], ["bits", "-", "--json"],
]


def write(target, seeds):
    """Replaces the target's seed_NNN files; inputs of past findings
    (finding_NAME, each also a named regression test) stay."""
    folder = os.path.join(here, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if name.startswith("seed_"):
            os.remove(os.path.join(folder, name))
    for i, seed in enumerate(seeds):
        with open(os.path.join(folder, f"seed_{i:03d}"), "wb") as out:
            out.write(seed)


write("fuzz_number_text", [n.encode() for n in numbers])
# The choice byte picks the format (and raw, mode): 0..17 covers each format
# with and without raw.
write("fuzz_bit_pattern", [bytes([choice]) + p.encode() for p in bit_patterns for choice in (1, 10, 19)])
write("fuzz_batch_line", [bytes([choice]) + line.encode() for line in batch_lines for choice in (1, 4)]
      + [bytes([1]) + "\n".join(batch_lines).encode()])
# mma: a line of 2K + 1 fields of each width, for several configurations and K.
mma = []
for choice in range(0, 256, 7):
    k = 1 + (choice >> 6)
    for width in (2, 4, 8):
        field = {2: "38", 4: "3F80", 8: "3F800000"}[width]
        mma.append(bytes([choice]) + (" ".join([field] * (2 * k)) + " 3F800000 00000000").encode())
    mma.append(bytes([choice]) + (" ".join(["1.5"] * (2 * k)) + " 0").encode())
write("fuzz_mma_line", mma)
write("fuzz_data_table", [bytes([choice]) + d.encode() for d in data_files for choice in (1, 0x21, 0x41, 0x81, 0xC1)])
write("fuzz_command_line", ["\n".join(c).encode() for c in command_lines])
print("seed corpora written to", os.path.join(here, "corpus"))
