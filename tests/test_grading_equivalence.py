"""Grading runs only what grades depend on, and scores exactly what a full re-execution scores.

The course's grader (``grading/``) never runs a notebook's ordinary cells (data loading for
demonstrations, training runs, plots). This module proves, on every assignment, that this changes no
score: three submissions (the reference solution, the untouched release, one wrong function from
``tests/submissions.py``) are graded twice, by the course's grader and by stock nbgrader, which
re-executes every cell of the notebook in order, and every test cell must score the same.

The one difference allowed is by design (each graded function is judged on its own): a test cell of
a function that *calls* the wrong one may pass with the course's grader (it is run with the correct
version) and fail in a full re-execution. The test says which cells those are and checks both sides.
"""
import shutil

import pytest
from nbgrader.api import Gradebook

from tests.conftest import ASSIGNMENTS, make_course_copy, read_nb
from tests.notebook_tools import write_submission
from tests.submissions import WRONG_FUNCTION, variants
from tools import course
from grading import plan as planning

pytestmark = pytest.mark.slow

VARIANTS = ("reference", "untouched", "wrong")

#: nbgrader's own pipeline (its defaults in 0.9.6): every cell re-executed by nbgrader's Execute.
STOCK_NBGRADER = """
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput", "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec", "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata"]
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute", "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor", "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades", "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata"]
c.OverwriteCells.add_missing_cells = True
"""


def cell_scores(root, assignment, student):
    """``{grade_id: score}`` of every test cell of a graded submission."""
    scores = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for path in course.notebooks_of(assignment, "source", root):
            notebook = gb.find_submission_notebook(path.stem, assignment, student)
            scores.update({grade.name: grade.score for grade in notebook.grades})
    return scores


def submit_variants(root):
    for assignment in ASSIGNMENTS:
        name, notebooks = variants(root, assignment)
        for variant in VARIANTS:
            write_submission(root, variant, assignment, name, notebooks[variant])


@pytest.fixture(scope="module")
def both_graders(tmp_path_factory):
    """Every variant of every assignment graded by the course's grader and by stock nbgrader."""
    trusted = make_course_copy(tmp_path_factory.mktemp("trusted"))
    stock = tmp_path_factory.mktemp("stock")
    shutil.copytree(trusted, stock, dirs_exist_ok=True)
    with open(stock / "nbgrader_config.py", "a") as config:
        config.write(STOCK_NBGRADER)
    submit_variants(trusted)
    submit_variants(stock)
    scores = {}
    for assignment in ASSIGNMENTS:
        course.autograde(assignment, root=trusted, workers=1, log=lambda *_: None)
        course.nbgrader(["autograde", assignment, "--force"], stock)
        for variant in VARIANTS:
            scores[assignment, variant] = (cell_scores(trusted, assignment, variant),
                                           cell_scores(stock, assignment, variant))
    return scores


def callers_of(assignment, function):
    """Test cells of the functions that call ``function`` (judged with its correct version)."""
    cells = set()
    for path in course.notebooks_of(assignment, "source", course.ROOT):
        steps = planning.build_plan(read_nb(path), read_nb(path))
        cells |= {s.grade_id for s in steps if s.kind == "test" and function in s.depends_on}
    return cells


def test_every_assignment_is_compared():
    assert sorted(WRONG_FUNCTION) == sorted(ASSIGNMENTS)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_scores_equal_a_full_re_execution(both_graders, assignment, variant):
    trusted, stock = both_graders[assignment, variant]
    assert sorted(trusted) == sorted(stock)
    allowed = callers_of(assignment, WRONG_FUNCTION[assignment][0]) if variant == "wrong" else set()
    differ = {cell: (trusted[cell], stock[cell]) for cell in trusted
              if cell not in allowed and trusted[cell] != stock[cell]}
    assert not differ, f"{assignment}/{variant}: (course grader, full re-execution) differ: {differ}"
    for cell in allowed:  # judged on its own: full marks here, whatever the full run gave
        assert trusted[cell] == max(trusted[cell], stock[cell]), (assignment, cell, trusted[cell], stock[cell])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_scores_full_marks_and_untouched_zero(both_graders, assignment):
    points = course.points_table(course.ROOT)[assignment]["total"]
    assert sum(both_graders[assignment, "reference"][0].values()) == points
    assert sum(both_graders[assignment, "untouched"][0].values()) == 0
    wrong_cell = WRONG_FUNCTION[assignment][0] + "_tests"
    assert both_graders[assignment, "wrong"][0][wrong_cell] == 0
