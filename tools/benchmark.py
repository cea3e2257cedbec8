"""Time what students and instructors wait for: running each notebook, and autograding it.

    .venv/bin/python -m tools.benchmark [--runs 3] [ASSIGNMENT ...]

For every assignment it reports the median of ``--runs`` wall-clock times of
(1) running the source notebook top to bottom in a fresh kernel, and
(2) ``nbgrader autograde`` of the reference-solution submission in a temporary course directory
    (the cost an instructor pays per submission: nbgrader's own start-up, the sandbox and the judge),
and their ratio.
Run it on a quiet machine: another busy process on the two cores distorts every number.
"""
import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tools import course


def time_notebook_run(path):
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=course.CELL_TIMEOUT, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def time_autograde(assignment, root):
    start = time.perf_counter()
    course.nbgrader(["autograde", assignment, "--student", "bench", "--force"], root)
    return time.perf_counter() - start


def prepare_course(assignment, workdir):
    root = Path(workdir)
    shutil.copy2(course.ROOT / "nbgrader_config.py", root)
    shutil.copytree(course.ROOT / "source" / assignment, root / "source" / assignment)
    course.generate_release(assignment, root)
    for source in course.notebooks_of(assignment, "source", root):
        release = nbformat.read(root / "release" / assignment / source.name, as_version=4)
        submission = course.reference_submission(release, nbformat.read(source, as_version=4))
        target = root / "submitted" / "bench" / assignment / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(submission, target)
    return root


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    names = [course.require_assignment(a) for a in args.assignments] or course.assignments()
    print(f"{'assignment':32} {'run (s)':>10} {'autograde (s)':>14} {'ratio':>6}   (median of {args.runs})")
    for name in names:
        runs = [sum(time_notebook_run(p) for p in course.notebooks_of(name)) for _ in range(args.runs)]
        with tempfile.TemporaryDirectory() as workdir:
            root = prepare_course(name, workdir)
            grades = [time_autograde(name, root) for _ in range(args.runs)]
        run, grade = statistics.median(runs), statistics.median(grades)
        print(f"{name:32} {run:10.1f} {grade:14.1f} {grade / run:6.2f}"
              f"   runs {[round(r, 1) for r in runs]} autograde {[round(g, 1) for g in grades]}", flush=True)


if __name__ == "__main__":
    main()
