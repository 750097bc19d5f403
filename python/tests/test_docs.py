"""Every snippet of docs/python.md: each `>>>` line of its Python blocks runs,
in order and in one namespace, and prints exactly what the page shows."""
import doctest
import os
import re

import pytest

DOC = os.path.join(os.environ.get("FPX_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..",
                                                                   "..")), "docs", "python.md")


def python_blocks(text):
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def test_every_snippet_prints_what_the_page_shows():
    text = open(DOC, encoding="utf-8").read()
    blocks = python_blocks(text)
    assert len(blocks) >= 10
    parser = doctest.DocTestParser()
    examples = []
    for block in blocks:
        examples.extend(parser.get_examples(block))
    assert len(examples) >= 60
    test = doctest.DocTest(examples, {}, "docs/python.md", DOC, 0, None)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    failures, tried = runner.run(test, out=print)
    assert tried == len(examples)
    assert failures == 0
