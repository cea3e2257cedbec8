"""Shared fixtures: a temporary nbgrader course directory built from this repository's source/."""
import shutil
from pathlib import Path

import nbformat
import pytest

from tools import course

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = course.assignments(ROOT)


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
