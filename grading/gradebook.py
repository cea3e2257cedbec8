"""The gradebook's one writer, and the template gradebook the grading tasks start from.

Grading tasks run in parallel and never touch the course's gradebook (nbgrader's sqlite gradebook is
not safe for concurrent writers; even PostgreSQL would see interleaved half-written submissions).
The process that submitted the tasks commits each result as it arrives, one at a time, with
nbgrader's own ``SaveAutoGrades`` and ``AssignLatePenalties`` on the autograded notebook the task
returned: the gradebook ends up exactly as ``nbgrader autograde`` would leave it. The status row
(``grading.status``) is written last, so a run stopped in the middle of a commit leaves a submission
without a status row, which the next run grades again (``grading.resume``).
"""
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import nbformat
from sqlalchemy import exc as sa_exc
from nbgrader.api import Gradebook
from nbgrader.utils import parse_utc

from grading import status as grading_status


def load_course_config(course_root):
    """The course's ``nbgrader_config.py`` as a traitlets Config."""
    from traitlets.config.loader import PyFileConfigLoader
    return PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()


def put_environment_on_path():
    """nbgrader runs the ``alembic`` program from PATH when it creates a gradebook: make it this one's."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])


def template(assignment, course_root):
    """A sqlite gradebook (as bytes) holding one assignment: its notebooks, cells and hidden tests.

    Built with nbgrader's ``GenerateAssignment`` in a scratch directory, from the course's source, so
    it does not depend on (or lock) the course's own gradebook, which may be on a database server.
    """
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    put_environment_on_path()
    scratch = Path(tempfile.mkdtemp(prefix="course-template-"))
    try:
        (scratch / "source").symlink_to(Path(course_root).resolve() / "source", target_is_directory=True)
        config = load_course_config(course_root)
        config.CourseDirectory.root = str(scratch)
        config.CourseDirectory.db_url = f"sqlite:///{scratch / 'gradebook.db'}"
        coursedir = CourseDirectory(config=config, assignment_id=assignment)
        app = GenerateAssignment(coursedir=coursedir, config=config)
        app.force = True
        outcome = capture_log(app)
        if not outcome.get("success"):
            raise RuntimeError(f"nbgrader could not generate {assignment}:\n{outcome.get('log', '')[-2000:]}")
        return (scratch / "gradebook.db").read_bytes()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _writer_steps(config):
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades
    return [SaveAutoGrades(config=config), AssignLatePenalties(config=config)]


def commit(db_url, course_root, graded, expected_notebooks):
    """Write one task's result into the gradebook, ``autograded/`` and the status table.

    Parameters
    ----------
    db_url : str
        The course's gradebook.
    course_root : Path
        Where ``autograded/<student>/<assignment>/`` goes.
    graded : grading.worker.Graded
    expected_notebooks : list of str
        The assignment's notebook names (without ``.ipynb``): each gets a status row.
    """
    put_environment_on_path()
    root = Path(course_root)
    if graded.error or not graded.notebooks:
        reason = "nbgrader could not grade it: " + (graded.error.strip().splitlines() or ["no output"])[-1]
        for name in expected_notebooks:  # no fingerprint: the next run tries again
            grading_status.record_not_graded(db_url, graded.assignment, graded.student, name, reason[:2000])
        return
    timestamp = parse_utc(graded.timestamp) if graded.timestamp else None
    with Gradebook(db_url) as gb, warnings.catch_warnings():
        # nbgrader's own update_or_create_submission makes SQLAlchemy warn about its autoflush
        warnings.simplefilter("ignore", category=sa_exc.SAWarning)
        gb.update_or_create_student(graded.student)
        if timestamp:
            gb.update_or_create_submission(graded.assignment, graded.student, timestamp=timestamp)
        else:
            gb.update_or_create_submission(graded.assignment, graded.student)
    out_dir = root / "autograded" / graded.student / graded.assignment
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    if graded.timestamp:
        (out_dir / "timestamp.txt").write_text(graded.timestamp)
    steps = _writer_steps(load_course_config(root))
    for file_name, text in sorted(graded.notebooks.items()):
        nb = nbformat.reads(text, as_version=4)
        resources = {"nbgrader": {"db_url": db_url, "assignment": graded.assignment,
                                  "student": graded.student, "notebook": Path(file_name).stem}}
        for step in steps:
            nb, resources = step.preprocess(nb, resources)
        (out_dir / file_name).write_text(text)
    for row in graded.reports:  # last: a status row means the scores above are complete
        report = grading_status.Report(row["assignment"], row["student"], row["notebook"], row["status"],
                                       row["reason"], row["details"].get("functions", {}),
                                       row["details"].get("notes", []), graded.fingerprint)
        grading_status.save(db_url, report)
