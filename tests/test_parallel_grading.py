"""Grading a class on Dask: parallel workers, one gradebook writer, runs that resume, PostgreSQL.

A class of ``01_numpy_basics`` (the lightest notebook) is graded with two worker processes; the tests
check every score against what the submission deserves, then stop a run in the middle, kill a worker
in the middle of a task, resubmit one notebook, and grade a class into a PostgreSQL gradebook on a
server the test starts on loopback.
"""
import os
import threading
import time
from functools import partial

import psutil
import pytest
from nbgrader.api import Gradebook

from grading import parallel, status as grading_status
from tests.conftest import make_course_copy
from tests.notebook_tools import write_submission
from tests.postgres import postgres_server
from tests.submissions import deserved, variants
from tools import course

pytestmark = pytest.mark.slow

BASICS = "01_numpy_basics"
CLASS = {"ref_a": "reference", "ref_b": "reference", "ref_c": "reference", "untouched_a": "untouched",
         "wrong_a": "wrong", "wrong_b": "wrong", "truncated_a": "truncated"}


def make_course(target):
    return make_course_copy(target, [BASICS])


def submit_class(root, students=CLASS, assignment=BASICS):
    name, notebooks = variants(root, assignment)
    for student, variant in students.items():
        write_submission(root, student, assignment, name, notebooks[variant])


def scores(root, db_url=None):
    db_url = db_url or course.gradebook_url(root)
    rows = {}
    from grading.report import rows as report_rows
    for row in report_rows(db_url, BASICS):
        rows[row["student_id"]] = row["raw_score"]
    return rows


def check_class(root, db_url=None, students=CLASS):
    got = scores(root, db_url)
    expected = {student: deserved(BASICS, variant) for student, variant in students.items()}
    assert got == expected


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("class"))
    submit_class(root)
    first = course.autograde(BASICS, root=root, workers=2, log=lambda *_: None)
    return root, first


def test_two_workers_grade_the_class_and_every_score_is_deserved(graded_class):
    root, first = graded_class
    assert first["run"].workers == 2
    assert sorted(first["graded"]) == sorted(s for s, v in CLASS.items() if v != "truncated")
    assert "not a readable notebook" in first["skipped"]["truncated_a"]
    check_class(root)
    for student, variant in CLASS.items():
        autograded = root / "autograded" / student / BASICS
        assert autograded.is_dir() == (variant != "truncated"), student


def test_tasks_ran_on_both_workers_and_the_writer_committed_them_all(graded_class):
    root, first = graded_class
    committed = first["run"].committed
    assert len(committed) == len(CLASS) - 1
    assert all(not g.error and g.notebooks for g in committed)
    with Gradebook(course.gradebook_url(root)) as gb:
        assert len(gb.find_assignment(BASICS).submissions) == len(CLASS) - 1
    rows = grading_status.load(course.gradebook_url(root), BASICS)
    assert len(rows) == len(CLASS) and all(len(r["fingerprint"]) == 64 for r in rows)


def test_a_second_run_grades_only_what_was_resubmitted(graded_class):
    root, _ = graded_class
    again = course.autograde(BASICS, root=root, workers=2, log=lambda *_: None)
    assert sorted(again["unchanged"]) == sorted(CLASS) and not again["run"].committed
    name, notebooks = variants(root, BASICS)
    write_submission(root, "ref_c", BASICS, name, notebooks["wrong"])  # resubmitted, now wrong
    third = course.autograde(BASICS, root=root, workers=1, log=lambda *_: None)  # one submission: one worker
    assert [g.student for g in third["run"].committed] == ["ref_c"]
    check_class(root, students=dict(CLASS, ref_c="wrong"))
    write_submission(root, "ref_c", BASICS, name, notebooks["reference"])
    course.autograde(BASICS, root=root, student="ref_c", workers=1, log=lambda *_: None)
    check_class(root)


class StopAfter:
    """A progress bar whose user presses Ctrl-C after ``n`` submissions were committed."""

    def __init__(self, n):
        self.n, self.seen = n, 0

    def update(self, graded):
        self.seen += 1
        if self.seen == self.n:
            raise KeyboardInterrupt


def test_stopping_a_run_keeps_what_was_graded_and_the_next_run_does_the_rest(tmp_path):
    root = make_course(tmp_path / "course")
    submit_class(root)
    students = sorted(s for s, v in CLASS.items() if v != "truncated")
    sources = course.notebooks_of(BASICS, "source", root)
    readers = [partial(course._read_submission, BASICS, s, root / "submitted" / s / BASICS, sources)
               for s in students]
    url = course.gradebook_url(root)
    run = parallel.grade_all(BASICS, readers, url, root, [p.stem for p in sources], workers=2,
                             progress=StopAfter(2))
    assert run.interrupted and len(run.committed) == 2
    saved = {row["student"] for row in grading_status.load(url, BASICS)}
    assert saved == {g.student for g in run.committed}
    rest = course.autograde(BASICS, root=root, workers=1, log=lambda *_: None)
    assert sorted(rest["unchanged"]) == sorted(saved)
    assert sorted(g.student for g in rest["run"].committed) == sorted(set(students) - saved)
    check_class(root)


def _kill_a_busy_worker(parent, stop):
    """Kill a Dask worker process of ``parent`` as soon as one is running a grading kernel."""
    while not stop.is_set():
        for child in parent.children():
            try:
                kernels = [p for p in child.children(recursive=True) if "ipykernel_launcher" in " ".join(p.cmdline())]
            except psutil.Error:
                continue
            if kernels:
                child.kill()
                return child.pid
        time.sleep(0.05)


def test_a_worker_killed_in_the_middle_of_a_task_loses_nothing(tmp_path):
    root = make_course(tmp_path / "course")
    students = {"ref_a": "reference", "wrong_a": "wrong", "untouched_a": "untouched"}
    submit_class(root, students)
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=lambda: killed.append(_kill_a_busy_worker(psutil.Process(), stop)))
    killer.start()
    try:
        result = course.autograde(BASICS, root=root, workers=1, log=lambda *_: None)
    finally:
        stop.set()
        killer.join()
    assert killed and killed[0], "no worker was killed: the test did not test anything"
    assert sorted(result["graded"]) == sorted(students)
    check_class(root, students=students)


def test_a_class_graded_into_postgresql(tmp_path, monkeypatch):
    with postgres_server() as url:
        monkeypatch.setenv("COURSE_GRADEBOOK_URL", url)
        root = make_course(tmp_path / "course")
        assert not (root / "gradebook.db").exists(), "the gradebook should be on the server"
        submit_class(root)
        result = course.autograde(BASICS, root=root, workers=2, log=lambda *_: None)
        assert len(result["run"].committed) == len(CLASS) - 1
        check_class(root, db_url=url)
        again = course.autograde(BASICS, root=root, workers=2, log=lambda *_: None)
        assert sorted(again["unchanged"]) == sorted(CLASS)
        rows = list(open(course.export("grades.csv", root=root)))
        assert len(rows) == len(CLASS) + 1


def test_a_running_dask_scheduler_grades_the_class(tmp_path):
    """``--scheduler tcp://...``: the tasks go to an existing cluster (here one started on loopback)."""
    from distributed import LocalCluster
    root = make_course(tmp_path / "course")
    students = {"ref_a": "reference", "wrong_a": "wrong"}
    submit_class(root, students)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0",
                      host="127.0.0.1") as cluster:
        result = course.autograde(BASICS, root=root, scheduler=cluster.scheduler_address, log=lambda *_: None)
    assert result["run"].workers == 1
    assert {g.worker for g in result["run"].committed} == {os.uname().nodename}
    check_class(root, students=students)


def test_an_unknown_batch_system_is_named_with_the_known_ones(graded_class):
    root, _ = graded_class
    with pytest.raises(course.CourseError, match="nosuchqueue.*slurm"):
        course.autograde(BASICS, root=root, jobqueue="nosuchqueue", force=True, log=lambda *_: None)


def test_an_unreachable_scheduler_is_a_clear_error(graded_class, monkeypatch):
    root, _ = graded_class
    monkeypatch.setattr(parallel, "SCHEDULER_TIMEOUT", "2s")  # the error is the same after 10 s
    with pytest.raises(course.CourseError, match="Could not reach the Dask scheduler at tcp://127.0.0.1:9"):
        course.autograde(BASICS, root=root, scheduler="tcp://127.0.0.1:9", force=True, log=lambda *_: None)
