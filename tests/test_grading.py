"""Autograde round trips on known submissions, in a temporary course directory with its gradebook.

For every assignment, four students submit:

- ``solution``: the reference solution in the release notebook -> full marks;
- ``tampered``: one function wrong (tests/submissions.py), its test cell rewritten to always pass,
  and the test cell of another function deleted -> loses exactly the wrong function's points, since
  both cells are restored from the gradebook (one submission covers all three cases, so that a heavy
  notebook is executed twice per test run, not four times);
- ``truncated``: a notebook cut in half -> reported as unreadable, not graded, nothing else lost.

The heavy work (autograding every submission) happens once, in the module fixture. The untouched
release, and the equality of every score with a full re-execution, are in test_grading_equivalence.
"""
import csv
import json

import nbformat
import pytest
from nbgrader.api import Gradebook

from tests.conftest import ASSIGNMENTS, make_course_copy, read_nb
from tests.notebook_tools import (cells_by_grade_id, errors_of, is_test, nbgrader_meta, replace_in_cell,
                                  write_submission)
from tests.submissions import WRONG_FUNCTION
from tools import course

pytestmark = pytest.mark.slow

STUDENTS = ("solution", "tampered", "truncated")
TAMPERED_SOURCE = "print('all tests passed')"


def graded_cells(nb):
    return [c for c in nb.cells if is_test(c)]


def tampered_submission(nb, wrong_tests):
    """Rewrite the wrong function's test cell to always pass, and delete another test cell.

    Returns the tampered notebook and the grade ids of the deleted and the edited cell.
    """
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    cells = {nbgrader_meta(c)["grade_id"]: c for c in graded_cells(nb)}
    cells[wrong_tests].source = TAMPERED_SOURCE
    deleted = next(grade_id for grade_id in cells if grade_id != wrong_tests)
    nb.cells.remove(cells[deleted])
    return nb, deleted, wrong_tests


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Autograde all five submissions of every assignment once; return what the tests inspect."""
    root = make_course_copy(tmp_path_factory.mktemp("grading"))
    info = {"root": root, "tampered": {}, "results": {}, "times": {}}
    for assignment in ASSIGNMENTS:
        for source_path in course.notebooks_of(assignment, "source", root):
            release = read_nb(root / "release" / assignment / source_path.name)
            solved = course.reference_submission(release, read_nb(source_path))
            grade_id, old, new = WRONG_FUNCTION[assignment]
            wrong = replace_in_cell(solved, grade_id, old, new)
            tampered, deleted, edited = tampered_submission(wrong, f"{grade_id}_tests")
            info["tampered"][assignment] = (deleted, edited)
            write_submission(root, "solution", assignment, source_path.name, solved)
            write_submission(root, "tampered", assignment, source_path.name, tampered)
            text = nbformat.writes(solved)
            write_submission(root, "truncated", assignment, source_path.name, text[: len(text) // 2])
        result = course.autograde(assignment, root=root, workers=1, log=lambda *_: None)
        info["results"][assignment] = result
        for student, seconds in result["seconds"].items():
            info["times"][f"{assignment}/{student}"] = seconds
    info["csv"] = list(csv.DictReader(open(course.export("grades.csv", root=root))))
    print("\nautograde seconds per submission:", {k: round(v, 1) for k, v in info["times"].items()})
    return info


def score(root, assignment, student):
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        submission = gb.find_submission(assignment, student)
        return submission.score, submission.max_score


def test_every_assignment_has_a_wrong_function_case():
    assert sorted(WRONG_FUNCTION) == sorted(ASSIGNMENTS)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_solution_scores_full_marks(graded, assignment):
    got, max_score = score(graded["root"], assignment, "solution")
    assert max_score > 0
    assert got == max_score, f"{assignment}: the reference solution scored {got} of {max_score}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_one_wrong_function_loses_exactly_its_points(graded, assignment):
    grade_id = WRONG_FUNCTION[assignment][0]
    lost = course.points_table(graded["root"])[assignment]["functions"][grade_id]
    got, max_score = score(graded["root"], assignment, "tampered")
    assert lost > 0
    assert got == max_score - lost, (
        f"{assignment}: a wrong {grade_id} should score {max_score - lost}, got {got}")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_deleted_and_edited_test_cells_are_restored(graded, assignment):
    root = graded["root"]
    deleted, edited = graded["tampered"][assignment]
    for path in course.notebooks_of(assignment, "source", root):
        autograded = read_nb(root / "autograded" / "tampered" / assignment / path.name)
        cells = cells_by_grade_id(autograded)
        assert deleted in cells, f"deleted test cell {deleted} was not restored"
        assert not errors_of(cells[deleted]), f"restored test cell {deleted} failed: {cells[deleted].outputs}"
        assert cells[edited].source != "print('all tests passed')", f"edited cell {edited} kept the edit"
        assert cells[edited].source == cells_by_grade_id(read_nb(path))[edited].source


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_truncated_notebook_is_reported_and_others_are_graded(graded, assignment):
    result = graded["results"][assignment]
    assert "truncated" in result["skipped"]
    assert "not a readable notebook" in result["skipped"]["truncated"]
    assert sorted(result["graded"]) == sorted(set(STUDENTS) - {"truncated"})


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_csv_export_carries_the_scores(graded, assignment):
    rows = {r["student_id"]: r for r in graded["csv"] if r["assignment"] == assignment}
    for student in ("solution", "tampered"):
        got, _ = score(graded["root"], assignment, student)
        assert float(rows[student]["raw_score"]) == pytest.approx(got)
    assert float(rows["solution"]["raw_score"]) == float(rows["solution"]["max_score"])


def test_feedback_is_generated(graded):
    root = graded["root"]
    course.feedback(ASSIGNMENTS[0], root=root)
    html = list((root / "feedback" / "solution" / ASSIGNMENTS[0]).glob("*.html"))
    assert html, "no HTML feedback was written"


def test_unknown_assignment_is_named_with_the_known_ones(graded):
    with pytest.raises(course.CourseError) as error:
        course.autograde("no_such_assignment", root=graded["root"])
    message = str(error.value)
    assert "no_such_assignment" in message and ASSIGNMENTS[0] in message
