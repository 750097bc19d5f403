#!/usr/bin/env python3
"""Runs every experiment of `fpx experiment list` at its smallest size with
--trials 1 and checks its figure: the SVG that gnuplot wrote is well-formed
XML, and each panel holds exactly the series the run's JSON names, in order,
each drawing data beside its legend entry when it has points (gnuplot's SVG terminal
puts plot N of panel k in <g id="gnuplot_plot_N<letter k>"> with the
series' title; untitled bands are left out). Also checks that the CSV has
the rows the JSON counts and the script names the CSV and the SVG.
Usage: check_figures.py PATH/TO/fpx. Exits 1 and names each problem."""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree

SVG = "{http://www.w3.org/2000/svg}"
PLOT = re.compile(r"gnuplot_plot_(\d+)([a-z])$")
# What gnuplot draws for a legend sample, by style: linespoints a stroke and a
# mark, boxes a filled polygon and its outline.
LEGEND_PIECES = {"line": 2, "points": 1, "theory": 1, "bars": 2, "marker": 1}
SHAPES = {SVG + name for name in ("use", "polygon", "rect", "circle", "line", "polyline")}


def pieces(group):
    """The separate things drawn in a group: each mark, box or polygon, and
    each stroke of a path (a path draws the legend sample and the data line
    as strokes that start with M)."""
    count = 0
    for element in group.iter():
        if element.tag == SVG + "path":
            count += element.get("d", "").count("M")
        elif element.tag in SHAPES:
            count += 1
    return count


def panel_series(svg_path):
    """{panel letter: [(title, drawn elements), ...]} in plot order."""
    root = ElementTree.parse(svg_path).getroot()
    panels = {}
    for group in root.iter(SVG + "g"):
        match = PLOT.match(group.get("id", ""))
        if not match:
            continue
        title = group.find(SVG + "title")
        text = title.text if title is not None else ""
        if text == group.get("id"):
            continue  # an untitled plot: a band
        drawn = pieces(group)
        panels.setdefault(match.group(2), []).append((int(match.group(1)), text, drawn))
    return {letter: [(t, d) for _, t, d in sorted(items)] for letter, items in panels.items()}


def main():
    fpx = sys.argv[1]
    problems = []
    listing = json.loads(subprocess.run([fpx, "experiment", "list", "--json"], check=True,
                                        capture_output=True, text=True).stdout)
    with tempfile.TemporaryDirectory() as out:
        for experiment in listing:
            name = experiment["name"]
            command = [fpx, "experiment", name, "--trials", "1", "--size",
                       str(experiment["smallest_size"]), "--out", out, "--json"]
            start = time.monotonic()
            run = subprocess.run(command, capture_output=True, text=True)
            seconds = time.monotonic() - start
            print(f"{name}: exit {run.returncode}, {seconds:.2f} s")
            if run.returncode != 0:
                problems.append(f"{name}: exit {run.returncode}: {run.stderr.strip()}")
                continue
            report = json.loads(run.stdout)
            if report["figure"]["status"] != "rendered" or not report["files"]["svg"]:
                problems.append(f"{name}: figure not rendered: {report['figure']['message']}")
                continue
            try:
                found = panel_series(report["files"]["svg"])
            except ElementTree.ParseError as error:
                problems.append(f"{name}: the SVG is not well-formed XML: {error}")
                continue
            wanted = report["figure"]["panels"]
            if len(found) != len(wanted):
                problems.append(f"{name}: {len(found)} panels in the SVG, {len(wanted)} in the JSON")
            for index, panel in enumerate(wanted):
                letter = chr(ord("a") + index)
                series = found.get(letter, [])
                titles = [title for title, _ in series]
                expected = [line["title"] for line in panel["series"]]
                if titles != expected:
                    problems.append(f"{name}, panel {letter} ({panel['title']}): series "
                                    f"{titles}, expected {expected}")
                    continue
                # The legend sample, and data where the table has points to draw
                # (none where every value is missing, or 0 on a log axis).
                for (title, drawn), line in zip(series, panel["series"]):
                    data = drawn - LEGEND_PIECES[line["style"]]
                    if (data > 0) != (line["points"] > 0):
                        problems.append(f"{name}, panel {letter}: series '{title}' draws "
                                        f"{data} pieces of data for {line['points']} points")
            with open(report["files"]["csv"]) as csv:
                rows = sum(1 for _ in csv) - 1
            if rows != report["rows"]:
                problems.append(f"{name}: {rows} CSV rows, the JSON says {report['rows']}")
            script = open(report["files"]["script"]).read()
            for file in (report["files"]["csv"], report["files"]["svg"]):
                if f'"{os.path.basename(file)}"' not in script:
                    problems.append(f"{name}: the script does not name {os.path.basename(file)}")
    for problem in problems:
        print(problem)
    print(f"{len(problems)} figure problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
