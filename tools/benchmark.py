"""What grading costs: per submission against Run-All, scaling over workers, a simulated class.

    .venv/bin/python -m tools.benchmark cost [--runs 3] [ASSIGNMENT ...]
    .venv/bin/python -m tools.benchmark scaling [--assignment A] [--submissions 16] [--workers 2]
    .venv/bin/python -m tools.benchmark class [--assignment A] [--size 1000] [--workers N]

``cost``: for every assignment, the median of ``--runs`` wall-clock times of (1) Run-All: the
source notebook top to bottom in a fresh kernel (start-up included), as a student runs it; (2) one
grading task (``grading.worker.grade``) of the reference solution on one core, by a worker whose
session for it (sandbox, judge, the first read-only cells) was started ahead (``grading.warm``), the
time a submission waits for its grade; (3) the time per submission of the same worker grading one
after the other, which includes starting every session; and the ratios to Run-All.

``scaling``: the same submissions graded with 1 worker on 1 core and then with W workers on W cores
(the whole run confined to them: workers, kernels and the writer), in one run;
throughput (submissions per second, from the first task sent to the last result committed) and its
ratio to W times the throughput of one worker.

``class``: a simulated class (copies of the reference, the untouched release, a wrong function and an
unreadable file) graded by ``./course autograde``'s code: wall time, peak memory of the whole process
tree (proportional set size, so shared pages count once), gradebook size, and every grade checked
against what its variant deserves.

Run it on a quiet machine: another busy process on the cores distorts every number.
"""
import argparse
import contextlib
import os
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

from tools import course

#: The mix of a simulated class: variant -> share of the students.
CLASS_MIX = {"reference": 0.6, "wrong": 0.2, "untouched": 0.15, "truncated": 0.05}


def time_notebook_run(path):
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=course.CELL_TIMEOUT, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def prepare_course(workdir, assignment):
    """A course directory with one assignment released (its gradebook in the folder)."""
    import shutil
    root = Path(workdir)
    shutil.copy2(course.ROOT / "nbgrader_config.py", root)
    shutil.copytree(course.ROOT / "source" / assignment, root / "source" / assignment)
    course.generate_release(assignment, root)
    return root


def submit(root, assignment, students):
    """Write ``{student: variant}`` submissions (see ``tests.submissions.variants``)."""
    from tests.notebook_tools import write_submission
    from tests.submissions import variants
    name, notebooks = variants(root, assignment)
    for student, variant in students.items():
        write_submission(root, student, assignment, name, notebooks[variant])


def time_grading_task(root, assignment, student, next_is_waiting=False):
    from grading import worker
    sources = course.notebooks_of(assignment, "source", root)
    submission = course._read_submission(assignment, student, root / "submitted" / student / assignment, sources)
    worker.template_for(assignment, str(root))  # made once per worker process: not a per-submission cost
    start = time.perf_counter()
    graded = worker.grade(submission, str(root), next_is_waiting=next_is_waiting)
    seconds = time.perf_counter() - start
    if graded.error:
        raise RuntimeError(f"grading {assignment} failed: {graded.error}")
    return seconds


@contextlib.contextmanager
def cores(n):
    """Run this process (all its threads, and the processes they start) on its first ``n`` cores."""
    from grading.parallel import _pin_process
    before = os.sched_getaffinity(0)
    _pin_process(set(sorted(before)[:n]))
    try:
        yield
    finally:
        _pin_process(before)


def one_core():
    """One core, as one grading worker of a local cluster has (``grading.parallel``)."""
    return cores(1)


def time_grading(root, assignment, runs):
    """(ready, back to back): the medians of ``runs`` gradings of the same submission on one core,
    (1) each after a pause in which the session started ahead for it got ready, as when a worker
    keeps up with the submissions; (2) one after the other, each with the next one waiting behind it
    (so its session starts while the one before is graded, ``grading.warm``): the time per
    submission of a worker that is never idle."""
    from grading import warm
    with one_core():
        time_grading_task(root, assignment, "bench")  # the worker's first submission starts its session cold
        ready = []
        for _ in range(runs):
            warm.pool().wait_until_ready()
            ready.append(time_grading_task(root, assignment, "bench"))
        warm.pool().wait_until_ready()
        start = time.perf_counter()
        for run in range(runs):  # each but the last has another submission waiting behind it
            time_grading_task(root, assignment, "bench", next_is_waiting=run < runs - 1)
        back_to_back = (time.perf_counter() - start) / runs
    return ready, back_to_back


def cost(names, runs):
    print(f"{'assignment':24} {'Run-All':>8} {'ready worker':>13} {'ratio':>6} {'back to back':>13} {'ratio':>6}"
          f"   (seconds; medians of {runs}; grading on one core)")
    for name in names:
        run_all = [sum(time_notebook_run(p) for p in course.notebooks_of(name)) for _ in range(runs)]
        with tempfile.TemporaryDirectory() as workdir:
            root = prepare_course(workdir, name)
            submit(root, name, {"bench": "reference"})
            ready, back_to_back = time_grading(root, name, runs)
        run, task = statistics.median(run_all), statistics.median(ready)
        print(f"{name:24} {run:8.2f} {task:13.2f} {task / run:6.2f} {back_to_back:13.2f} {back_to_back / run:6.2f}"
              f"   Run-All {[round(r, 2) for r in run_all]} ready {[round(t, 2) for t in ready]}", flush=True)


def grade_class(root, assignment, workers, force=True):
    return course.autograde(assignment, root=root, workers=workers, force=force, log=lambda *_: None)


def _busy_seconds(times):
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def scaling(assignment, n, workers):
    students = {f"s{i:03d}": ("reference", "wrong", "untouched")[i % 3] for i in range(n)}
    with tempfile.TemporaryDirectory() as workdir:
        root = prepare_course(workdir, assignment)
        submit(root, assignment, students)
        rates = {}
        for w in (1, workers):
            before = psutil.cpu_times()
            # W workers on W cores: the whole run (workers, kernels, the writer) on as many cores
            with cores(w):
                run = grade_class(root, assignment, w)["run"]
            after = psutil.cpu_times()
            rates[w] = len(run.committed) / run.grading_seconds
            tasks = statistics.median(g.seconds for g in run.committed)
            busy = _busy_seconds(after) - _busy_seconds(before)  # over the whole run, start-up included
            print(f"{assignment}: {len(run.committed)} submissions, {w} worker(s): {run.grading_seconds:.1f} s "
                  f"grading ({run.seconds:.1f} s with cluster start-up), {rates[w]:.3f} submissions/s; "
                  f"median task {tasks:.2f} s, writer {run.commit_seconds:.1f} s in all; "
                  f"cores kept busy {busy / run.seconds:.2f}", flush=True)
    print(f"throughput with {workers} workers / ({workers} x one worker's) = "
          f"{rates[workers] / (workers * rates[1]):.2f}")


class PeakMemory:
    """Samples the proportional set size of this process and all its descendants."""

    def __init__(self, every=0.5):
        self.every, self.peak, self._stop = every, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    info = process.memory_full_info()
                    total += getattr(info, "pss", info.rss)
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def simulated_class(assignment, size, workers):
    from grading.report import rows
    from tests.submissions import deserved
    kinds = [v for v, share in CLASS_MIX.items() for _ in range(round(share * 100))]
    random.Random(0).shuffle(kinds)  # a class hands in its mistakes in no particular order
    students = {f"student{i:04d}": kinds[i % len(kinds)] for i in range(size)}
    with tempfile.TemporaryDirectory() as workdir:
        root = prepare_course(workdir, assignment)
        submit(root, assignment, students)
        with PeakMemory() as memory:
            start = time.perf_counter()
            result = grade_class(root, assignment, workers)
            wall = time.perf_counter() - start
        got = {row["student_id"]: row["raw_score"] for row in rows(course.gradebook_url(root), assignment)}
        wrong = {s: (got.get(s), deserved(assignment, v)) for s, v in students.items()
                 if got.get(s) != deserved(assignment, v)}
        counts = {v: sum(1 for x in students.values() if x == v) for v in CLASS_MIX}
        size_mb = (root / "gradebook.db").stat().st_size / 2**20
        print(f"{assignment}: {size} submissions {counts}, {result['run'].workers} workers")
        print(f"  wall time {wall:.0f} s ({wall / size:.2f} s per submission), grading {result['run'].grading_seconds:.0f} s")
        print(f"  peak memory (PSS, whole process tree) {memory.peak / 2**20:.0f} MiB")
        print(f"  gradebook {size_mb:.1f} MiB; graded {len(result['graded'])}, not graded {len(result['skipped'])}")
        print(f"  grades different from what the variant deserves: {len(wrong)}"
              + (f" {dict(list(wrong.items())[:10])}" if wrong else ""))
        return not wrong


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("cost")
    p.add_argument("assignments", nargs="*")
    p.add_argument("--runs", type=int, default=3)
    p = sub.add_parser("scaling")
    p.add_argument("--assignment", default="03_planar_classification")
    p.add_argument("--submissions", type=int, default=16)
    p.add_argument("--workers", type=int, default=2)
    p = sub.add_parser("class")
    p.add_argument("--assignment", default="01_numpy_basics")
    p.add_argument("--size", type=int, default=1000)
    p.add_argument("--workers", type=int)
    args = parser.parse_args(argv)
    if args.what == "cost":
        cost([course.require_assignment(a) for a in args.assignments] or course.assignments(), args.runs)
    elif args.what == "scaling":
        scaling(course.require_assignment(args.assignment), args.submissions, args.workers)
    else:
        return 0 if simulated_class(course.require_assignment(args.assignment), args.size, args.workers) else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
