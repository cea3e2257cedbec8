"""The course directory and what an instructor does with it: build, release, collect, grade, export.

The repository root is an nbgrader course directory (``nbgrader_config.py`` at its top). Every
function takes ``root`` so that tests can run the same operations in a temporary copy.
"""
import copy
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
#: The longest a single source cell may run while building (matches nbgrader's per-cell timeout).
CELL_TIMEOUT = 600


class CourseError(Exception):
    """A problem the person at the keyboard can fix; the message says how."""


def assignments(root=ROOT):
    """Names of the assignments (folders of ``source/`` holding notebooks), in course order."""
    source = Path(root) / "source"
    return sorted(d.name for d in source.iterdir() if d.is_dir() and any(d.glob("*.ipynb")))


def require_assignment(name, root=ROOT):
    """Return ``name`` if it is an assignment of the course, else raise a CourseError listing them."""
    known = assignments(root)
    if name not in known:
        raise CourseError(f"There is no assignment named '{name}'. The assignments are: {', '.join(known)}.")
    return name


def notebooks_of(assignment, folder="source", root=ROOT):
    """The notebooks of one assignment in ``source/`` or ``release/``, sorted by name."""
    return sorted((Path(root) / folder / assignment).glob("*.ipynb"))


def execute_in_place(path, timeout=CELL_TIMEOUT):
    """Run a source notebook top to bottom in its own folder and store its outputs.

    Raises
    ------
    CourseError
        If a cell fails: a source notebook must run cleanly (its solutions are the reference).
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except Exception as error:  # nbclient raises CellExecutionError and timeouts
        raise CourseError(f"{path} failed while running:\n{error}") from None
    for cell in nb.cells:  # keep the committed file free of per-run noise
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merged_streams(cell.outputs)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


def merged_streams(outputs):
    """Join consecutive stdout (or stderr) chunks: how the kernel split them is timing, not content."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.output_type == "stream" and previous is not None
                and previous.output_type == "stream" and previous.name == output.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def gradebook_url(root=ROOT):
    """The gradebook's database URL: ``COURSE_GRADEBOOK_URL`` (e.g. PostgreSQL), else ``gradebook.db``."""
    return os.environ.get("COURSE_GRADEBOOK_URL") or f"sqlite:///{Path(root).resolve() / 'gradebook.db'}"


def nbgrader_command(args, root=ROOT):
    """``(argv, env)`` of an nbgrader command run in the course directory ``root``."""
    # nbgrader runs helper programs (alembic) found on PATH: put this environment's bin first.
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    return [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.db_url={gradebook_url(root)}"], env


def nbgrader(args, root=ROOT, check=True):
    """Run an nbgrader command in the course directory ``root``; return the CompletedProcess."""
    argv, env = nbgrader_command(args, root)
    result = subprocess.run(argv, cwd=root, capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise CourseError(f"nbgrader {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result


def generate_release(assignment, root=ROOT):
    """Regenerate ``release/<assignment>/`` from source (also records the assignment in the gradebook)."""
    from grading import releases
    require_assignment(assignment, root)
    version = releases.fingerprint(assignment, root)  # of what nbgrader is about to read
    nbgrader(["generate_assignment", assignment, "--force"], root)
    releases.record(gradebook_url(root), assignment, version)


def refresh_release(assignment, root=ROOT):
    """``generate_release``, unless the gradebook already holds this version of the source and
    configuration and the release exists. Returns whether it ran."""
    from grading import releases
    current = releases.recorded(gradebook_url(root), assignment) == releases.fingerprint(assignment, root)
    if current and (Path(root) / "release" / assignment).is_dir():
        return False
    generate_release(assignment, root)
    return True


def build(assignment=None, root=ROOT, execute=True, log=print):
    """Execute source notebooks (storing outputs) and regenerate their releases.

    Parameters
    ----------
    assignment : str, optional
        One assignment; all of them when omitted.
    execute : bool
        Run the source notebooks first (off to regenerate releases only).
    """
    names = [require_assignment(assignment, root)] if assignment else assignments(root)
    for name in names:
        if execute:
            for path in notebooks_of(name, root=root):
                log(f"running {path.relative_to(root)}")
                execute_in_place(path)
        generate_release(name, root)
        log(f"released release/{name}/")


SOLUTION_MARKERS = ("BEGIN SOLUTION", "END SOLUTION")


def reference_submission(release_nb, source_nb):
    """A release notebook whose answer cells hold the reference solutions (markers removed).

    This is what a perfect student hands in; tests and the benchmark grade it.
    """
    nb = copy.deepcopy(release_nb)
    sources = {c.metadata["nbgrader"]["grade_id"]: c for c in source_nb.cells
               if "grade_id" in c.get("metadata", {}).get("nbgrader", {})}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution"):
            lines = sources[meta["grade_id"]].source.splitlines()
            cell.source = "\n".join(l for l in lines if not any(m in l for m in SOLUTION_MARKERS))
    return nb


def submission_problem(path):
    """Return why a submitted notebook cannot be graded, or None when it can be read."""
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # json, schema and encoding errors all mean the same to a grader
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"it is not a readable notebook ({first_line[:200]})"
    return None


def collect(assignment, folder, root=ROOT, log=print):
    """Copy students' notebooks into ``submitted/<student>/<assignment>/``.

    ``folder`` holds one sub-folder per student (named by student id) containing their notebook(s),
    or one ``<student>.ipynb`` per student for single-notebook assignments.
    """
    require_assignment(assignment, root)
    folder = Path(folder)
    if not folder.is_dir():
        raise CourseError(f"{folder} is not a folder of submissions.")
    expected = [p.name for p in notebooks_of(assignment, "release", root)]
    count = 0
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            student, files = entry.name, sorted(entry.glob("*.ipynb"))
        elif entry.suffix == ".ipynb" and len(expected) == 1:
            student, files = entry.stem, [entry]
        else:
            continue
        target = Path(root) / "submitted" / student / assignment
        target.mkdir(parents=True, exist_ok=True)
        for file in files:
            name = file.name if file.name in expected or len(expected) != 1 else expected[0]
            shutil.copy2(file, target / name)
        count += 1
        log(f"collected {student}")
    if not count:
        raise CourseError(f"No submissions found in {folder}.")


def submission_problems(assignment, student, root=ROOT):
    """Why a student's submission of ``assignment`` cannot be graded, one reason per notebook, or {}."""
    folder = Path(root) / "submitted" / student / assignment
    expected = [p.name for p in notebooks_of(assignment, "source", root)]
    problems = {}
    for name in expected:
        path = folder / name
        if not path.exists():
            found = sorted(p.name for p in folder.glob("*.ipynb"))
            problems[name] = (f"there is no notebook named {name}" +
                              (f" (found {', '.join(found)})" if found else " (the folder holds no notebook)"))
        else:
            problem = submission_problem(path)
            if problem:
                problems[name] = f"{path.relative_to(root)}: {problem}"
    return problems


def autograde(assignment, student=None, root=ROOT, log=print, workers=None, scheduler=None, jobqueue=None,
              force=False, progress=False):
    """Grade the submissions of one assignment in parallel, each in its own sandbox (see ``grading/``).

    The gradebook is refreshed from source first if the source changed since (``refresh_release``), so
    hidden tests and locked cells are current. The
    grading runs as Dask tasks (``grading.parallel``), and this process commits each result to the
    gradebook as it arrives. A submission already graded with the same files and the same source is
    not graded again (unless ``force``, or it is the one ``student`` asked for). A submission that
    cannot be graded (unreadable or missing notebook, grader failure) is recorded as "not graded"
    with its reason, never as a zero, and the others are graded.

    Parameters
    ----------
    workers : int, optional
        Worker processes of the local cluster (default: one per usable core), or jobs of a batch
        cluster.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:8786``).
    jobqueue : str, optional
        A dask-jobqueue batch system (``slurm``, ``pbs``, ...), configured in dask's jobqueue.yaml.
    progress : bool
        Draw a progress bar on standard error.

    Returns
    -------
    dict
        ``{"graded": [student ids], "skipped": {student: reason}, "unchanged": [student ids],
        "seconds": {student: float}, "summary": [lines], "interrupted": bool, "run": RunSummary}``
    """
    from functools import partial

    from grading import parallel, resume, sandbox, status as grading_status
    from grading.progress import Progress
    from grading.report import summary_lines

    require_assignment(assignment, root)
    root = Path(root).resolve()
    if jobqueue and jobqueue.lower() not in parallel.JOBQUEUE_CLUSTERS:
        raise CourseError(f"There is no batch system '{jobqueue}' in dask-jobqueue: use one of "
                          f"{', '.join(parallel.JOBQUEUE_CLUSTERS)}.")
    if not scheduler and not jobqueue:
        try:
            sandbox.check_available()
        except sandbox.SandboxUnavailable as error:
            raise CourseError(str(error)) from None
    submitted = root / "submitted"
    students = sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir())
    if student:
        if student not in students:
            raise CourseError(f"No submission of '{assignment}' by '{student}' under {submitted}.")
        students = [student]
    if not students:
        raise CourseError(f"No submissions of '{assignment}' under {submitted}/<student>/{assignment}/.")
    refresh_release(assignment, root)
    url = gradebook_url(root)
    sources = notebooks_of(assignment, "source", root)
    notebook_names = [p.stem for p in sources]
    done = {} if (force or student) else resume.already_done(url, assignment, notebook_names)
    skipped, unchanged, to_grade = {}, [], []
    for name in students:
        folder = submitted / name / assignment
        fingerprint = resume.fingerprint(resume.submission_files(folder), sources)
        if done.get(name) == fingerprint:
            unchanged.append(name)
            continue
        problems = submission_problems(assignment, name, root)
        if problems:
            skipped[name] = "; ".join(problems.values())
            for notebook, reason in problems.items():
                grading_status.record_not_graded(url, assignment, name, Path(notebook).stem,
                                                 f"{reason}. Ask the student to submit the notebook again",
                                                 fingerprint=fingerprint)
            continue
        to_grade.append(partial(_read_submission, assignment, name, folder, sources))
    if unchanged:
        log(f"{len(unchanged)} submission(s) already graded and unchanged (use --force to grade them again)")
    bar = Progress(len(to_grade)) if progress and to_grade else None
    try:
        run = parallel.grade_all(assignment, to_grade, url, root, notebook_names, workers=workers,
                                 scheduler=scheduler, jobqueue=jobqueue, progress=bar)
    except OSError as error:  # distributed raises OSError (and TimeoutError) for an unreachable scheduler
        if not scheduler:
            raise
        raise CourseError(f"Could not reach the Dask scheduler at {scheduler} ({error}). Start it with "
                          "`dask scheduler` and its workers with `dask worker ADDRESS`, or leave out "
                          "--scheduler to grade on this machine.") from None
    finally:
        if bar:
            bar.close()
    seconds = {g.student: g.seconds for g in run.committed if not g.error}
    graded_now = {g.student for g in run.committed}
    for row in grading_status.load(url, assignment):
        if row["student"] in graded_now and row["status"] != grading_status.GRADED:
            skipped.setdefault(row["student"], row["reason"])
    if run.interrupted:
        left = len(to_grade) - len(run.committed)
        log(f"Stopped: {len(run.committed)} submission(s) graded and saved; {left} left. "
            "Run the same command again to grade the rest.")
    summary = summary_lines(url, assignment, graded_now | set(skipped))
    for line in summary:
        log(line)
    return {"graded": sorted(graded_now - set(skipped)), "skipped": skipped, "unchanged": unchanged,
            "seconds": seconds, "summary": summary, "interrupted": run.interrupted, "run": run}


def _read_submission(assignment, student, folder, sources):
    """The ``grading.worker.Submission`` of one student (read when its task is sent)."""
    from grading import resume
    from grading.worker import Submission
    files = resume.submission_files(folder)
    return Submission(assignment, student, files, resume.fingerprint(files, sources))


def feedback(assignment, root=ROOT):
    """Write HTML feedback for every autograded submission under ``feedback/``."""
    require_assignment(assignment, root)
    nbgrader(["generate_feedback", assignment, "--force"], root)


def export(csv_path="grades.csv", root=ROOT):
    """Export every grade to a CSV file: one row per student and assignment, with its grading status.

    A submission that could not be (fully) graded says "not graded" and why in the ``status`` and
    ``reason`` columns, never a bare zero.
    """
    from grading.report import export_csv
    path = Path(root) / csv_path
    export_csv(gradebook_url(root), path)
    return path


def points_table(root=ROOT):
    """Per assignment: the graded functions (solution cells) and the points of their test cells.

    Returns
    -------
    dict
        ``{assignment: {"functions": {grade_id: points}, "total": points}}``
    """
    table = {}
    for name in assignments(root):
        functions = {}
        for path in notebooks_of(name, root=root):
            for cell in json.loads(path.read_text())["cells"]:
                meta = cell.get("metadata", {}).get("nbgrader", {})
                if meta.get("grade") and cell["cell_type"] == "code":
                    owner = meta["grade_id"].removesuffix("_tests")
                    functions[owner] = functions.get(owner, 0) + meta.get("points", 0)
        table[name] = {"functions": functions, "total": sum(functions.values())}
    return table
