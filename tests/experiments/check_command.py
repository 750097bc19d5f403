#!/usr/bin/env python3
"""`fpx experiment` as a user runs it: the list (text and JSON), one run's
files and report, the run without gnuplot on PATH (the CSV and the script
still written, one line on how to install gnuplot, exit 0), and one clear
line with exit 2 (usage) or 1 (a folder that cannot be written) for each
kind of bad input. Usage: check_command.py PATH/TO/fpx. Exits 1 and names
each problem."""
import json
import os
import subprocess
import sys
import tempfile

problems = []


def fpx(arguments, path=None):
    environment = dict(os.environ, NO_COLOR="1")
    if path is not None:
        environment["PATH"] = path
    return subprocess.run([sys.argv[1]] + arguments, capture_output=True, text=True,
                          env=environment)


def expect(condition, what):
    if not condition:
        problems.append(what)


def main():
    listing = fpx(["experiment", "list"])
    expect(listing.returncode == 0 and listing.stderr == "", "list: exit 0, nothing on stderr")
    names = [item["name"] for item in json.loads(fpx(["experiment", "list", "--json"]).stdout)]
    expect(names == ["error-vs-n", "stagnation", "stochastic-rounding", "dot-conditioning",
                     "gd-convergence", "tensor-cores", "nist"], f"list --json names {names}")
    for name in names:
        expect(f"\n{name}\n" in "\n" + listing.stdout, f"list prints {name}")

    with tempfile.TemporaryDirectory() as out:
        folder = os.path.join(out, "new", "folder")
        run = fpx(["experiment", "stochastic-rounding", "--size", "20", "--trials", "3",
                   "--seed", "9", "--out", folder])
        expect(run.returncode == 0 and run.stderr == "", f"a run: exit 0 ({run.stderr.strip()})")
        for suffix in ("csv", "gp", "svg"):
            expect(os.path.exists(os.path.join(folder, "stochastic-rounding." + suffix)),
                   f"a run writes stochastic-rounding.{suffix} into a new folder")
        expect("fpx experiment stochastic-rounding --size 20 --trials 3 --seed 9 --format "
               "bfloat16" in run.stdout, "the text names the command that repeats the run")
        again = fpx(["experiment", "stochastic-rounding", "--size", "20", "--trials", "3",
                     "--seed", "9", "--out", folder, "--json"])
        report = json.loads(again.stdout)
        expect(report["figure"]["status"] == "rendered", "--json: the figure is rendered")
        expect(report["settings"] == {"size": 20, "trials": 3, "seed": 9, "formats": ["bfloat16"],
                                      "strategies": []}, f"--json settings {report['settings']}")
        csv = open(os.path.join(folder, "stochastic-rounding.csv")).read()
        expect(csv.startswith("format,series,trial,value,count,width\n"), "the CSV's header")

        # Without gnuplot: the data and the script, and one line on stderr.
        bare = os.path.join(out, "bare")
        run = fpx(["experiment", "tensor-cores", "--size", "64", "--trials", "1", "--out", bare],
                  path="/nonexistent")
        expect(run.returncode == 0, f"without gnuplot: exit 0, not {run.returncode}")
        expect(run.stderr.count("\n") == 1 and "apt-get install gnuplot-nox" in run.stderr,
               f"without gnuplot: one line saying how to install it, not {run.stderr!r}")
        expect(os.path.exists(os.path.join(bare, "tensor-cores.csv")) and
               os.path.exists(os.path.join(bare, "tensor-cores.gp")) and
               not os.path.exists(os.path.join(bare, "tensor-cores.svg")),
               "without gnuplot: the CSV and the script, no SVG")

        blocked = os.path.join(out, "a-file")
        open(blocked, "w").close()
        bad = [
            (["experiment", "nope"], 2, "unknown experiment 'nope'"),
            (["experiment", "error-vs-n", "--size", "5"], 2,
             "error-vs-n: --size (the largest n) must be 100 .. 100000000"),
            (["experiment", "error-vs-n", "--trials", "0"], 2, "--trials"),
            (["experiment", "error-vs-n", "--size", "100", "--format", "binary33"], 2,
             "unknown format 'binary33'"),
            (["experiment", "error-vs-n", "--size", "100", "--strategy", "fma"], 2,
             "the strategy fma is for dot products only"),
            (["experiment", "stagnation", "--strategy", "kahan"], 2,
             "stagnation takes no --strategy"),
            (["experiment", "tensor-cores", "--size", "64", "--format", "binary64"], 2,
             "tensor-cores: formats the tensor cores take"),
            (["experiment", "nist", "--trials", "3"], 2, "nist: --trials must be 1"),
            (["experiment", "tensor-cores", "--size", "64", "--trials", "1", "--out",
              os.path.join(blocked, "sub")], 1, "cannot create the folder"),
        ]
        for arguments, code, message in bad:
            run = fpx(arguments + (["--out", out] if "--out" not in arguments else []))
            expect(run.returncode == code, f"{' '.join(arguments)}: exit {run.returncode}, "
                                           f"expected {code}")
            expect(run.stderr.count("\n") == 1 and message in run.stderr,
                   f"{' '.join(arguments)}: one line naming the problem, not {run.stderr!r}")
    for problem in problems:
        print(problem)
    print(f"{len(problems)} command problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
