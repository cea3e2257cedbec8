"""Autograde round trips on known submissions, compared with a full re-execution by stock nbgrader.

Shared by ``tests/test_grading.py`` and ``tests/test_grading_later.py``, which each grade half of the
assignments (so that the two test workers share the work). Each of those modules sets
``ASSIGNMENTS_HERE`` and collects the tests below by importing them.

For every assignment, in a temporary course directory with its gradebook, the course's grader grades:

- ``reference``: the reference solution in the release notebook -> full marks;
- ``untouched``: the release as handed out -> zero;
- ``tampered``: one function wrong (``tests/submissions.py``), its test cell rewritten to always pass,
  and the test cell of another function deleted -> loses exactly the wrong function's points, since
  both cells are restored from the gradebook;
- ``truncated``: a notebook cut in half -> reported as unreadable, not graded, nothing else lost.

Stock nbgrader, which re-executes every cell of the notebook in order (demonstrations and training
included), grades the reference, the untouched release and the wrong function (without the
tampering) in a copy of the course: every test cell must score the same with both graders. The
course's grader runs only what grades depend on; this proves that it changes no score.
"""
import csv
import json
import logging
import shutil
import subprocess
import sys
import threading

import nbformat
import pytest
from distributed import LocalCluster
from nbgrader.api import Gradebook

from tests.conftest import make_course_copy, read_nb
from tests.notebook_tools import cells_by_grade_id, errors_of, is_test, nbgrader_meta, write_submission
from tests.submissions import WRONG_FUNCTION, variants
from tools import course

#: What ``from tests.grading_rounds import *`` brings into a test module: the tests of a round.
__all__ = [
    'test_reference_solution_scores_full_marks',
    'test_untouched_release_scores_zero',
    'test_one_wrong_function_loses_exactly_its_points',
    'test_every_score_equals_a_full_re_execution',
    'test_deleted_and_edited_test_cells_are_restored',
    'test_truncated_notebook_is_reported_and_others_are_graded',
    'test_csv_export_carries_the_scores',
]

TRUSTED_STUDENTS = ("reference", "untouched", "tampered", "truncated")
STOCK_STUDENTS = ("reference", "untouched", "wrong")
TAMPERED_SOURCE = "print('all tests passed')"

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


def tampered_submission(nb, wrong_tests):
    """Rewrite the wrong function's test cell to always pass, and delete another test cell.

    Returns the tampered notebook and the grade ids of the deleted and the edited cell.
    """
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    cells = {nbgrader_meta(c)["grade_id"]: c for c in nb.cells if is_test(c)}
    cells[wrong_tests].source = TAMPERED_SOURCE
    deleted = next(grade_id for grade_id in cells if grade_id != wrong_tests)
    nb.cells.remove(cells[deleted])
    return nb, deleted, wrong_tests


def cell_scores(root, assignment, student):
    """``{grade_id: score}`` of every test cell of a graded submission."""
    scores = {}
    with Gradebook(course.gradebook_url(root)) as gb:
        for path in course.notebooks_of(assignment, "source", root):
            notebook = gb.find_submission_notebook(path.stem, assignment, student)
            scores.update({grade.name: grade.score for grade in notebook.grades})
    return scores


def round_over(assignments):
    """The collection hook and the module fixture of a test module grading ``assignments``:
    ``pytest_generate_tests, graded = round_over(...)`` at the module's top level."""
    def pytest_generate_tests(metafunc):
        if "assignment" in metafunc.fixturenames:
            metafunc.parametrize("assignment", assignments)

    @pytest.fixture(scope="module")
    def graded(tmp_path_factory):
        return grade_round(tmp_path_factory, assignments)

    return pytest_generate_tests, graded


def grade_round(tmp_path_factory, assignments):
    """Grade every submission of ``assignments`` with both graders; return what the tests inspect."""
    root = make_course_copy(tmp_path_factory.mktemp("grading"), assignments)
    stock = tmp_path_factory.mktemp("stock")
    shutil.copytree(root, stock, dirs_exist_ok=True)
    with open(stock / "nbgrader_config.py", "a") as config:
        config.write(STOCK_NBGRADER)
    info = {"root": root, "stock": stock, "tampered": {}, "results": {}, "scores": {}}
    for assignment in assignments:
        write_submissions(root, stock, assignment, info)
    # the full re-executions run one after the other beside the course's grader, all along the round
    stock_runs = {}
    full_runs = threading.Thread(target=lambda: stock_runs.update(stock_autograde(stock, assignments)))
    full_runs.start()
    try:
        # one worker for the whole round, reached as a running scheduler (``--scheduler``): a cluster
        # started per assignment would cost more than grading its four submissions
        with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0",
                          memory_limit=0, silence_logs=logging.ERROR) as cluster:
            for assignment in assignments:
                info["results"][assignment] = course.autograde(
                    assignment, root=root, scheduler=cluster.scheduler_address, log=lambda *_: None)
    finally:
        full_runs.join()
    for assignment in assignments:
        returncode, output = stock_runs[assignment]
        assert returncode == 0, f"stock nbgrader failed on {assignment}:\n{output[-3000:]}"
        for trusted_student, stock_student in zip(("reference", "untouched", "tampered"), STOCK_STUDENTS):
            info["scores"][assignment, stock_student] = (cell_scores(root, assignment, trusted_student),
                                                         cell_scores(stock, assignment, stock_student))
    info["csv"] = list(csv.DictReader(open(course.export("grades.csv", root=root))))
    return info


def write_submissions(root, stock, assignment, info):
    """The course's grader's four submissions in ``root``, stock nbgrader's three in ``stock``."""
    name, notebooks = variants(root, assignment)
    grade_id = WRONG_FUNCTION[assignment][0]
    tampered, deleted, edited = tampered_submission(notebooks["wrong"], f"{grade_id}_tests")
    info["tampered"][assignment] = (deleted, edited)
    for student in TRUSTED_STUDENTS:
        write_submission(root, student, assignment, name, tampered if student == "tampered"
                         else notebooks[student])
    for student in STOCK_STUDENTS:
        write_submission(stock, student, assignment, name, notebooks[student])


#: ``nbgrader autograde ASSIGNMENT --force`` for each assignment in turn, in one Python process (one
#: start of Python and nbgrader instead of one per assignment): nbgrader's ``Autograde`` converter,
#: which the command runs, with the course directory's configuration.
STOCK_RUNNER = """
import json, sys, traceback
from traitlets.config.loader import PyFileConfigLoader
from nbgrader.converters import Autograde
from nbgrader.coursedir import CourseDirectory
root, db_url, assignments = sys.argv[1], sys.argv[2], sys.argv[3:]
for assignment in assignments:
    config = PyFileConfigLoader("nbgrader_config.py", path=root).load_config()
    config.CourseDirectory.root, config.CourseDirectory.db_url = root, db_url
    config.Autograde.create_student = True
    try:
        app = Autograde(coursedir=CourseDirectory(config=config, assignment_id=assignment), config=config)
        app.force = True
        app.start()
        error = ""
    except BaseException:
        error = traceback.format_exc()
    print("STOCK-RESULT " + json.dumps({"assignment": assignment, "error": error}), flush=True)
"""


def stock_autograde(stock, assignments):
    """nbgrader's autograde with its own pipeline, on each of ``assignments``: ``{assignment: (exit
    code, output)}``, the output being the whole run's."""
    _, env = course.nbgrader_command([], stock)
    run = subprocess.run([sys.executable, "-c", STOCK_RUNNER, str(stock), course.gradebook_url(stock), *assignments],
                         cwd=stock, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    results = {}
    for line in run.stdout.splitlines():
        if line.startswith("STOCK-RESULT "):
            result = json.loads(line.removeprefix("STOCK-RESULT "))
            results[result["assignment"]] = (1 if result["error"] else 0, result["error"] or run.stdout)
    return {assignment: results.get(assignment, (run.returncode or 1, run.stdout)) for assignment in assignments}


def score(root, assignment, student):
    with Gradebook(course.gradebook_url(root)) as gb:
        submission = gb.find_submission(assignment, student)
        return submission.score, submission.max_score


# The tests: collected by the modules that import them, parametrized with their ASSIGNMENTS_HERE.

def test_reference_solution_scores_full_marks(graded, assignment):
    got, max_score = score(graded["root"], assignment, "reference")
    assert max_score > 0
    assert got == max_score, f"{assignment}: the reference solution scored {got} of {max_score}"


def test_untouched_release_scores_zero(graded, assignment):
    got, max_score = score(graded["root"], assignment, "untouched")
    assert got == 0, f"{assignment}: the untouched release scored {got} of {max_score}"


def test_one_wrong_function_loses_exactly_its_points(graded, assignment):
    grade_id = WRONG_FUNCTION[assignment][0]
    lost = course.points_table(graded["root"])[assignment]["functions"][grade_id]
    got, max_score = score(graded["root"], assignment, "tampered")
    assert lost > 0
    assert got == max_score - lost, (
        f"{assignment}: a wrong {grade_id} should score {max_score - lost}, got {got}")


@pytest.mark.parametrize("variant", STOCK_STUDENTS)
def test_every_score_equals_a_full_re_execution(graded, assignment, variant):
    trusted, stock = graded["scores"][assignment, variant]
    assert sorted(trusted) == sorted(stock)
    differ = {cell: (trusted[cell], stock[cell]) for cell in trusted if trusted[cell] != stock[cell]}
    assert not differ, f"{assignment}/{variant}: (course grader, full re-execution) differ: {differ}"


def test_deleted_and_edited_test_cells_are_restored(graded, assignment):
    root = graded["root"]
    deleted, edited = graded["tampered"][assignment]
    for path in course.notebooks_of(assignment, "source", root):
        autograded = read_nb(root / "autograded" / "tampered" / assignment / path.name)
        cells = cells_by_grade_id(autograded)
        assert deleted in cells, f"deleted test cell {deleted} was not restored"
        assert not errors_of(cells[deleted]), f"restored test cell {deleted} failed: {cells[deleted].outputs}"
        assert cells[edited].source != TAMPERED_SOURCE, f"edited cell {edited} kept the edit"
        assert cells[edited].source == cells_by_grade_id(read_nb(path))[edited].source


def test_truncated_notebook_is_reported_and_others_are_graded(graded, assignment):
    result = graded["results"][assignment]
    assert "truncated" in result["skipped"]
    assert "not a readable notebook" in result["skipped"]["truncated"]
    assert sorted(result["graded"]) == sorted(set(TRUSTED_STUDENTS) - {"truncated"})


def test_csv_export_carries_the_scores(graded, assignment):
    rows = {r["student_id"]: r for r in graded["csv"] if r["assignment"] == assignment}
    for student in ("reference", "untouched", "tampered"):
        got, _ = score(graded["root"], assignment, student)
        assert float(rows[student]["raw_score"]) == pytest.approx(got)
    assert float(rows["reference"]["raw_score"]) == float(rows["reference"]["max_score"])
    assert rows["truncated"]["raw_score"] == "" and rows["truncated"]["status"] == "not graded"
