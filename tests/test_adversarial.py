"""Grades a student cannot forge: every hostile or broken submission gets the score its work deserves.

One grading round in a temporary course directory, with fast limits (5 s per cell and per call):
the attacks of ``tests/attacks.py`` on ``01_numpy_basics`` beside an honest solution and an untouched
release; a mistake in one function of ``02`` that later functions call (credit per function); and a
``04`` submission that imports the answers from ``dnn_app_utils`` (not visible where 04 is graded).
The tests then check each score, the "not graded" reasons, that the honest students were unaffected,
that no file outside the graded copies changed, and that feedback keeps the hidden tests hidden.
"""
import hashlib
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from grading import report
from tests.attacks import ATTACKS, FUNCTIONS
from tests.conftest import ROOT, make_course_copy, read_nb
from tests.notebook_tools import cells_by_grade_id, replace_in_cell, write_submission
from tools import course

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading")]

FAST_LIMITS = """
# Fast limits for the adversarial suite: a loop or a sleep costs seconds, not minutes.
c.TrustedExecute.cell_timeout = 5
c.TrustedExecute.call_timeout = 5
c.TrustedExecute.memory_gib = 2.0
"""
BASICS = "01_numpy_basics"
#: The students beside the attacks, and what they deserve given {function: points}.
OTHERS = {
    "honest_solution": lambda points: sum(points.values()),
    "honest_untouched": lambda points: 0,
    "propagate_without_1_over_m": lambda points: sum(points.values()) - points["propagate"],
    "imports_dnn_app_utils": lambda points: 0,
}


def _fingerprint(folders, skip=()):
    digest = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and not any(part in skip for part in path.parts) and "__pycache__" not in path.parts:
                digest[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest


def _solved_and_release(root, assignment):
    source_path = course.notebooks_of(assignment, "source", root)[0]
    release = read_nb(root / "release" / assignment / source_path.name)
    return course.reference_submission(release, read_nb(source_path)), release, source_path.name


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = make_course_copy(tmp_path_factory.mktemp("adversarial"),
                            [BASICS, "02_logistic_regression", "04_deep_nn_step_by_step"])
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(FAST_LIMITS)
    solved, release, name = _solved_and_release(root, BASICS)
    write_submission(root, "honest_solution", BASICS, name, solved)
    write_submission(root, "honest_untouched", BASICS, name, release)
    for attack in ATTACKS:
        write_submission(root, attack.name, BASICS, attack.file_name or name, attack.build(solved, release))
    solved2, _, name2 = _solved_and_release(root, "02_logistic_regression")
    write_submission(root, "propagate_without_1_over_m", "02_logistic_regression", name2,
           replace_in_cell(solved2, "propagate", "/ m", ""))
    solved4, release4, name4 = _solved_and_release(root, "04_deep_nn_step_by_step")
    answers = release4
    for grade_id, cell in cells_by_grade_id(release4).items():
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            answers = replace_in_cell(answers, grade_id, cell.source, f"from utils.dnn_app_utils import {grade_id}")
    write_submission(root, "imports_dnn_app_utils", "04_deep_nn_step_by_step", name4, answers)

    protected = [root / "source", root / "release", root / "submitted", ROOT / "utils", ROOT / "datasets"]
    before = _fingerprint(protected) | _fingerprint([root], skip={"autograded", "submitted", "source", "release"}
                                                    ) | {"config": (root / "nbgrader_config.py").read_text()}
    results = {}
    for assignment in (BASICS, "02_logistic_regression", "04_deep_nn_step_by_step"):
        results[assignment] = course.autograde(assignment, root=root, workers=1, log=lambda *_: None)
    after = _fingerprint(protected)
    rows = {(r["assignment"], r["student_id"]): r for r in report.rows(course.gradebook_url(root))}
    print("\nattack | score got | deserved")
    for (assignment, student), row in sorted(rows.items()):
        attack = next((a for a in ATTACKS if a.name == student), None)
        points = _points(root, assignment)
        deserved = (OTHERS[student](points) if attack is None else
                    sum(p for f, p in points.items() if f not in attack.broken))
        if attack is not None and attack.not_graded:
            deserved = "not graded" + (f" ({deserved} judged)" if deserved else "")
        got = row["raw_score"]
        if row["status"] != "graded":
            got = "not graded" + (f" ({got} judged)" if got else "")
        print(f"{assignment}/{student} | {got} | {deserved}")
    return {"root": root, "results": results, "rows": rows, "before": before, "after": after}


def _points(root, assignment):
    return course.points_table(root)[assignment]["functions"]


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_gets_the_score_its_work_deserves(graded, attack):
    row = graded["rows"][(BASICS, attack.name)]
    points = _points(graded["root"], BASICS)
    deserved = sum(p for f, p in points.items() if f not in attack.broken)
    if attack.not_graded:
        assert row["status"] == "not graded" and row["reason"], row
        # the functions judged before grading stopped keep their points
        assert row["raw_score"] in (None, deserved), row
        return
    assert row["status"] == "graded", row
    assert row["raw_score"] == deserved, f"{attack.name}: scored {row['raw_score']}, deserves {deserved}: {row}"


def test_every_function_of_the_basics_is_in_the_attack_list(graded):
    assert sorted(_points(graded["root"], BASICS)) == sorted(FUNCTIONS)


def test_honest_students_are_unaffected(graded):
    rows, points = graded["rows"], _points(graded["root"], BASICS)
    for student in ("honest_solution", "honest_untouched"):
        assert rows[(BASICS, student)]["raw_score"] == OTHERS[student](points), rows[(BASICS, student)]


def test_no_file_outside_the_graded_copies_changes(graded):
    before, after = graded["before"], graded["after"]
    changed = [path for path in after if before.get(path) != after[path]]
    assert not changed, f"files changed by grading: {changed[:5]}"
    assert set(before) >= set(after)


def test_no_sandbox_is_left_behind(graded):
    """No process runs under a sandbox uid that no grader holds (another test may be grading now)."""
    import fcntl
    from grading.sandbox import FIRST_UID, UID_COUNT
    leftovers = []
    folder = Path(tempfile.gettempdir()) / "course-sandbox-uids"
    for uid in range(FIRST_UID, FIRST_UID + UID_COUNT):
        lock = folder / f"{uid}.lock"
        if not lock.exists():
            continue
        with open(lock, "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # held: a sandbox of another test is running
            leftovers += subprocess.run(["pgrep", "-u", str(uid)], capture_output=True, text=True).stdout.split()
    assert not leftovers, f"sandbox processes still running: {leftovers}"


def test_not_graded_reasons_reach_the_export(graded):
    root = graded["root"]
    path = course.export("grades.csv", root=root)
    text = path.read_text()
    assert "truncated_notebook" in text and "not a readable notebook" in text
    assert "there is no notebook named numpy_basics.ipynb (found homework.ipynb)" in text
    truncated = graded["rows"][(BASICS, "truncated_notebook")]
    assert truncated["raw_score"] is None  # not an honest zero


def test_a_mistake_costs_only_its_own_function(graded):
    row = graded["rows"][("02_logistic_regression", "propagate_without_1_over_m")]
    points = _points(graded["root"], "02_logistic_regression")
    assert row["raw_score"] == OTHERS["propagate_without_1_over_m"](points), row
    autograded = graded["root"] / "autograded" / "propagate_without_1_over_m" / "02_logistic_regression"
    nb = read_nb(next(autograded.glob("*.ipynb")))
    optimize_out = "".join(o.get("text", "") for o in cells_by_grade_id(nb)["optimize_tests"].outputs)
    assert "optimize was run with the course's correct propagate" in optimize_out


def test_answers_of_an_earlier_assignment_are_not_importable_where_it_is_graded(graded):
    row = graded["rows"][("04_deep_nn_step_by_step", "imports_dnn_app_utils")]
    assert row["raw_score"] == 0, row
    autograded = graded["root"] / "autograded" / "imports_dnn_app_utils" / "04_deep_nn_step_by_step"
    nb = read_nb(next(autograded.glob("*.ipynb")))
    messages = " ".join(o.get("evalue", "") for o in cells_by_grade_id(nb)["linear_forward_tests"].outputs)
    assert "NameError" in messages or "not defined" in messages, messages


def test_feedback_names_hidden_failures_without_their_code_or_expected_values(graded):
    root = graded["root"]
    course.feedback(BASICS, root=root)
    html = next((root / "feedback" / "honest_untouched" / BASICS).glob("*.html")).read_text()
    source = read_nb(course.notebooks_of(BASICS, "source", root)[0])
    release_text = (root / "release" / BASICS / "numpy_basics.ipynb").read_text()
    hidden = "".join(m.group(1) for c in source.cells
                     for m in re.finditer(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", c.source, re.S))
    assert hidden, "01 has hidden tests"
    secret_numbers = {n for n in re.findall(r"\d+\.\d{5,}", hidden) if n not in release_text}
    assert secret_numbers, "the hidden tests hold expected values of their own"
    leaked = [n for n in secret_numbers if n in html]
    assert not leaked, f"feedback shows hidden expected values {leaked[:3]}"
    assert "BEGIN HIDDEN TESTS" not in html and "hidden tests: the instructor" in html
    wrong = graded["root"] / "autograded" / "prints_a_fake_pass_line" / BASICS
    nb = read_nb(next(wrong.glob("*.ipynb")))
    outputs = cells_by_grade_id(nb)["sigmoid_tests"].outputs
    assert any(o.output_type == "error" for o in outputs)
