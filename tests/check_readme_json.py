#!/usr/bin/env python3
"""README's JSON schema against the JSON fpx prints: every name the section
"### JSON schema" gives in backquotes for a command must be a key (or, for
the names of values such as `subnormal`, a string value) somewhere in that
command's JSON output. Usage: check_readme_json.py README.md path/to/fpx"""
import json
import os
import re
import subprocess
import sys

readme, fpx = sys.argv[1], sys.argv[2]
root = os.path.dirname(os.path.abspath(readme))

# The runs whose JSON, together, show every key and value of a bullet.
runs = {
    "bits": [["bits", "0.1", "0", "1e-45", "inf", "nan", "--format", "binary32,binary16"],
             ["bits", "0x7FA00000", "--raw"]],
    "op": [["op", "add", "1", "1e-8"], ["op", "div", "1", "0"],
           ["op", "add", "1", "1e-8", "--round", "sr", "--seed", "3", "--trials", "20"],
           ["op", "mul", "1.5", "3", "--format", "binary32,bfloat16"]],
    "assoc": [["assoc"]],
    "sum": [["sum", "-", "--strategy", "all", "--columns", "y"],
            ["sum", "-", "--strategy", "serial", "--format", "binary32,bfloat16", "--columns", "0"],
            ["sum", "-", "--strategy", "serial,stochastic", "--trials", "5", "--columns", "1"],
            ["sum", "-", "--axis", "0"],
            ["sum", "-", "--axis", "1"],
            ["dot", "-"]],
    "lecture": [["lecture"]],
}
data = "x,y\n0.1,0.2\n0.3,-0.4\n1e-30,5\n"


def names(value, out):
    if isinstance(value, dict):
        for key, item in value.items():
            out.add(key)
            names(item, out)
    elif isinstance(value, list):
        for item in value:
            names(item, out)
    elif isinstance(value, str):
        out.add(value)
    return out


text = open(readme).read()
section = text[text.index("### JSON schema"):]
section = section[:section.index("\n### ", 5)]
bullets = re.split(r"\n- ", section)[1:]
problems = 0
for bullet in bullets:
    command = re.match(r"`fpx (\w+)", bullet).group(1)
    seen = set()
    for arguments in runs[command]:
        result = subprocess.run([fpx] + arguments + ["--json"], input=data, capture_output=True,
                                text=True, cwd=root, env=dict(os.environ, NO_COLOR="1"))
        if result.returncode != 0:
            print(f"fpx {' '.join(arguments)} --json failed: {result.stderr.strip()}")
            problems += 1
            continue
        names(json.loads(result.stdout), seen)
    for name in re.findall(r"`([a-z_0-9]+)`", bullet):
        if name not in seen and name not in runs:
            print(f"README's JSON schema names `{name}` for fpx {command}, which prints no such key")
            problems += 1
print(f"{problems} README JSON schema problems")
sys.exit(1 if problems else 0)
