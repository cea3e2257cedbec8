"""Shared fixtures: a temporary nbgrader course directory built from this repository's source/."""
import shutil
from pathlib import Path

import nbformat
import pytest

from tools import course

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = course.assignments(ROOT)

#: The longest test files (measured on 2 cores: 4.5 min, 4.5, 2.3, 2.3, then under a minute each),
#: handed to the test workers first: with ``--no-loadscope-reorder`` (``./course test``), pytest-xdist's
#: ``--dist loadfile`` hands out files in collection order, so the short ones then fill in around them
#: and the workers finish together.
LONGEST_FIRST = ("tests/test_grading_later.py", "tests/test_grading.py", "tests/test_adversarial.py",
                 "tests/test_parallel_grading.py", "tests/test_releases.py",
                 "source/05_deep_nn_application/deep_nn_application.ipynb", "tests/test_browser.py",
                 "source/10_frameworks/frameworks.ipynb", "tests/test_data.py")


def pytest_collection_modifyitems(config, items):
    def rank(item):
        path = item.nodeid.split("::")[0]
        return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)
    items.sort(key=rank)  # stable: the order within a file, and of the other files, is kept


def make_course_copy(target, assignments=ASSIGNMENTS):
    """A fresh course directory: the config and the source of ``assignments`` (default: all), with
    their releases and a gradebook generated."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "nbgrader_config.py", target)
    for assignment in assignments:
        shutil.copytree(ROOT / "source" / assignment, target / "source" / assignment)
        course.generate_release(assignment, root=target)
    return target


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory):
    """A temporary course directory with releases regenerated from source (one per test module)."""
    return make_course_copy(tmp_path_factory.mktemp("course"))


def read_nb(path):
    return nbformat.read(str(path), as_version=4)
