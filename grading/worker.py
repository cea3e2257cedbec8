"""One grading task: autograde one submission in a scratch course directory and return plain data.

A task runs on a Dask worker (``grading.parallel``). It never writes the course's gradebook: nbgrader's
``Autograde`` runs in-process against a private copy of a template gradebook (the assignment, its
notebooks and its hidden tests, made by ``grading.gradebook.template`` once per worker process and
version of the source, so a worker that replaces a dead one makes its own), with the
course's own configuration minus the steps that write scores. What comes back is data: the
autograded notebooks, the grading status of each notebook, the log. The one writer
(``grading.gradebook.commit``) puts it into the real gradebook, with nbgrader's own ``SaveAutoGrades``.

The worker must see the course directory at the same path as the machine that submits the tasks (a
shared file system on a cluster, or the same checkout): it reads ``nbgrader_config.py`` and the
source notebooks from there. The submission's files travel with the task.
"""
import functools
import hashlib
import os
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import exc as sa_exc

#: nbgrader's steps that write the gradebook; the writer runs them, never a task.
WRITER_STEPS = ("nbgrader.preprocessors.SaveAutoGrades", "nbgrader.preprocessors.AssignLatePenalties")


@dataclass(frozen=True)
class Submission:
    """What a task needs to grade one student's submission of one assignment.

    Attributes
    ----------
    assignment, student : str
    files : dict
        ``{relative path: bytes}``: everything under ``submitted/<student>/<assignment>/``.
    fingerprint : str
        Identifies these files and the course's version of the assignment (``grading.resume``).
    """

    assignment: str
    student: str
    files: dict
    fingerprint: str


@dataclass
class Graded:
    """What a task returns: plain data only.

    Attributes
    ----------
    notebooks : dict
        ``{notebook file name: autograded notebook as JSON text}``.
    reports : list of dict
        One ``grading.status.Report`` (as a dict) per notebook.
    timestamp : str or None
        The submission's ``timestamp.txt``, as nbgrader reads it.
    error : str
        Why nbgrader itself failed (then ``notebooks`` may be empty).
    """

    assignment: str
    student: str
    fingerprint: str
    notebooks: dict = field(default_factory=dict)
    reports: list = field(default_factory=list)
    timestamp: str = None
    error: str = ""
    log: str = ""
    seconds: float = 0.0
    worker: str = ""


def course_config(course_root, scratch, blas_threads):
    """The course's nbgrader configuration, pointed at a scratch directory, without gradebook writes."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
    config.CourseDirectory.root = str(scratch)
    config.CourseDirectory.db_url = f"sqlite:///{scratch / 'gradebook.db'}"
    steps = config.Autograde.autograde_preprocessors
    config.Autograde.autograde_preprocessors = [s for s in steps if s not in WRITER_STEPS]
    config.Autograde.create_student = True
    config.TrustedExecute.blas_threads = blas_threads
    return config


@functools.lru_cache(maxsize=8)
def _template(assignment, course_root, source_digest):
    from grading import gradebook
    return gradebook.template(assignment, course_root)


def template_for(assignment, course_root):
    """The template gradebook of ``assignment`` (bytes), made once per version of its source."""
    digest = hashlib.sha256()
    for path in sorted((Path(course_root) / "source" / assignment).glob("*.ipynb")):
        digest.update(path.read_bytes())
    return _template(assignment, str(course_root), digest.hexdigest())


def _prepare_scratch(scratch, submission, course_root, template_db):
    (scratch / "gradebook.db").write_bytes(template_db)
    (scratch / "source").symlink_to(Path(course_root) / "source", target_is_directory=True)
    folder = scratch / "submitted" / submission.student / submission.assignment
    for name, data in submission.files.items():
        path = (folder / name).resolve()
        if folder.resolve() not in path.parents:  # names come from a directory listing; stay safe
            raise ValueError(f"a submitted file name leaves the submission folder: {name!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _another_task_waiting():
    """Whether the Dask worker running this task holds another one, ready to run after it."""
    try:
        from distributed import get_worker
        return bool(get_worker().state.ready)
    except (ImportError, ValueError, AttributeError):  # not in a Dask task
        return False


def grade(submission, course_root, blas_threads=1, next_is_waiting=None):
    """Autograde one submission; return a ``Graded``.

    Parameters
    ----------
    submission : Submission
    course_root : str
        The course directory (its ``nbgrader_config.py`` and ``source/``).
    blas_threads : int
        BLAS threads for the sandboxed kernel: this task's share of the worker machine's cores.
    next_is_waiting : bool, optional
        Whether another submission waits behind this one (``grading.warm``); by default, whether the
        Dask worker running this task holds another task.
    """
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    from grading import status as grading_status

    start = time.perf_counter()
    result = Graded(submission.assignment, submission.student, submission.fingerprint,
                    worker=os.uname().nodename)
    scratch = Path(tempfile.mkdtemp(prefix="course-grade-"))
    try:
        template_db = template_for(submission.assignment, course_root)
        _prepare_scratch(scratch, submission, course_root, template_db)
        config = course_config(course_root, scratch, blas_threads)
        config.TrustedExecute.next_is_waiting = (_another_task_waiting() if next_is_waiting is None
                                                 else next_is_waiting)
        coursedir = CourseDirectory(config=config, assignment_id=submission.assignment,
                                    student_id=submission.student)
        app = Autograde(coursedir=coursedir, config=config)
        app.force = True
        with warnings.catch_warnings():  # nbgrader's update_or_create_submission trips SQLAlchemy's autoflush
            warnings.simplefilter("ignore", category=sa_exc.SAWarning)
            outcome = capture_log(app)
        result.log = outcome.get("log", "")
        if not outcome.get("success"):
            result.error = outcome.get("error") or result.log[-2000:] or "nbgrader's autograde failed"
        out_dir = scratch / "autograded" / submission.student / submission.assignment
        for path in sorted(out_dir.glob("*.ipynb")):
            result.notebooks[path.name] = path.read_text()
        stamp = out_dir / "timestamp.txt"
        if stamp.exists():
            result.timestamp = stamp.read_text().strip() or None
        db_url = config.CourseDirectory.db_url
        result.reports = [row for row in grading_status.load(db_url, submission.assignment)
                          if row["student"] == submission.student]
    except Exception as error:  # the task's own failure is reported, never raised into the cluster
        import traceback
        result.error = f"{type(error).__name__}: {error}\n{traceback.format_exc()[-2000:]}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result.seconds = time.perf_counter() - start
    return result
