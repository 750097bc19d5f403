"""Shared pieces of the pytest suites: the seeded random generator (the
seed is FPX_TEST_SEED when set, else a fixed default, and is printed so that
a failing test names it) and the paths of the build."""
import os

import numpy as np
import pytest

DEFAULT_SEED = 20261201


@pytest.fixture
def rng(request):
    text = os.environ.get("FPX_TEST_SEED", "")
    seed = int(text, 0) if text else DEFAULT_SEED
    # Each test its own stream, derived from the one seed and its name.
    salt = sum(ord(c) * 31**i for i, c in enumerate(request.node.name)) % 2**32
    print("seed = %d (FPX_TEST_SEED; stream salt %d)" % (seed, salt))
    return np.random.default_rng([seed, salt])


@pytest.fixture
def data_dir():
    return os.environ.get("FPX_TEST_DATA_DIR",
                          os.path.join(os.path.dirname(__file__), "..", "..", "tests", "data"))
