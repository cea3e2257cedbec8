"""Grading a whole class on Dask: a local cluster, a running scheduler, or a batch cluster.

Each submission is one Dask task (``grading.worker.grade``) that grades it in its own sandbox and
returns plain data; this process is the gradebook's only writer (``grading.gradebook.commit``) and
commits each result as soon as it arrives. Tasks are fed a few at a time (so a class of thousands is
never all in memory), a worker that dies has its task retried elsewhere by Dask, and a submission
whose task failed for good is recorded as "not graded" with the reason, without a fingerprint, so the
next run grades it again. Ctrl-C stops the run; everything committed so far stays.

Where the tasks run:

- default: a ``distributed.LocalCluster`` with one single-threaded worker process per usable core,
  each confined to a core of its own (so are the kernels it starts), or ``workers`` of them;
- ``scheduler="tcp://host:8786"``: an existing Dask scheduler and its workers;
- ``jobqueue="slurm"`` (or pbs, sge, lsf, htcondor, oar, moab): a dask-jobqueue cluster configured
  in the usual dask-jobqueue way (``~/.config/dask/jobqueue.yaml``), scaled to ``workers`` jobs.

Workers must see the course directory at the same path (see ``grading.worker``).
"""
import logging
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from grading import gradebook, worker
from utils import threads

JOBQUEUE_CLUSTERS = {"slurm": "SLURMCluster", "pbs": "PBSCluster", "sge": "SGECluster",
                     "lsf": "LSFCluster", "htcondor": "HTCondorCluster", "oar": "OARCluster",
                     "moab": "MoabCluster"}
#: How long to try to reach a running scheduler before saying it cannot be reached.
SCHEDULER_TIMEOUT = "10s"
#: Times Dask retries a task whose worker died before the submission counts as not graded.
ALLOWED_FAILURES = 2


@dataclass
class RunSummary:
    """What a run did, for the caller's summary and the benchmark."""

    committed: list = field(default_factory=list)  # Graded results, in the order they arrived
    failed: dict = field(default_factory=dict)  # student -> why the task failed for good
    interrupted: bool = False
    seconds: float = 0.0  # the whole run, cluster start-up included
    grading_seconds: float = 0.0  # from the first task sent to the last result committed
    commit_seconds: float = 0.0  # spent by the writer
    workers: int = 0


@contextmanager
def _workers_ignore_ctrl_c():
    """Worker processes started here ignore Ctrl-C (it reaches the whole terminal's process group):
    this process alone decides what to stop, and the workers go when it closes the cluster."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited by the processes started now
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def dask_client(workers=None, scheduler=None, jobqueue=None):
    """A ``distributed.Client`` for the chosen cluster; closes what it started.

    Yields
    ------
    (client, n_workers, blas_threads)
        ``blas_threads`` is each task's share of a worker machine's cores (local cluster), else 1.
    """
    import dask
    from distributed import Client, LocalCluster

    dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES})
    logging.getLogger("distributed").setLevel(logging.ERROR)  # the summary and the bar say what happened
    cluster = None
    if scheduler:
        client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        n_workers = len(client.scheduler_info()["workers"]) or 1
        blas_threads = 1
    elif jobqueue:
        import dask_jobqueue
        name = JOBQUEUE_CLUSTERS.get(jobqueue.lower())
        if not name:
            raise ValueError(f"unknown batch system '{jobqueue}': use one of {', '.join(JOBQUEUE_CLUSTERS)}")
        cluster = getattr(dask_jobqueue, name)()
        n_workers = workers or 1
        cluster.scale(jobs=n_workers)
        client = Client(cluster)
        blas_threads = 1
    else:
        cpus = threads.usable_cpus()  # CPU affinity, capped by a cgroup quota
        n_workers = min(workers or cpus, cpus * 4)
        with _workers_ignore_ctrl_c():
            cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", memory_limit=0, silence_logs=logging.ERROR)
        client = Client(cluster)
        pinned = _give_each_worker_its_cores(client)
        blas_threads = 1 if pinned else threads.blas_threads_for_this_process(n_workers)
    try:
        yield client, n_workers, blas_threads
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _pin_process(cores):
    """Confine every thread of this process, and so every process it starts from now on, to ``cores``."""
    import os
    for tid in os.listdir("/proc/self/task"):
        try:
            os.sched_setaffinity(int(tid), cores)
        except OSError:  # a thread that just ended
            pass


def _give_each_worker_its_cores(client):
    """When a local cluster has one worker per usable core, give each worker a core of its own;
    return whether it did.

    A worker's processes (the sandbox, the judge, the session starting ahead for the next
    submission) then stay on its core instead of competing with the other workers' on all of them:
    W workers on W cores each grade as fast as one worker alone. With fewer workers than cores
    (another grader or the test suite may be using the rest) or more, the system's scheduler shares
    the cores as usual.
    """
    import os
    cores = sorted(os.sched_getaffinity(0))
    addresses = sorted(client.scheduler_info()["workers"])
    if len(cores) != threads.usable_cpus() or len(addresses) != len(cores):
        return False
    for core, address in zip(cores, addresses):
        client.run(_pin_process, {core}, workers=[address])
    return True


def grade_all(assignment, submissions, db_url, course_root, notebooks, workers=None, scheduler=None,
              jobqueue=None, progress=None):
    """Grade ``submissions`` on Dask and commit each result to the gradebook as it arrives.

    Parameters
    ----------
    assignment : str
    submissions : iterable of callables
        Each returns a ``grading.worker.Submission`` of ``assignment`` (read when it is about to be
        sent, so that only the submissions in flight are in memory).
    db_url : str
        The gradebook (the only writer is this function).
    course_root : pathlib.Path
    notebooks : list of str
        The assignment's notebook names (without ``.ipynb``).
    progress : grading.progress.Progress, optional

    Returns
    -------
    RunSummary
    """
    from distributed import as_completed

    pending = list(submissions)
    summary = RunSummary()
    if not pending:
        return summary
    start = time.perf_counter()
    with dask_client(workers, scheduler, jobqueue) as (client, n_workers, blas_threads):
        summary.workers = n_workers
        # each worker makes its template gradebook (and imports nbgrader) once, before the clock starts
        client.run(worker.template_for, assignment, str(course_root))
        ready = time.perf_counter()
        in_flight = {}

        def send(read_submission):
            submission = read_submission()
            future = client.submit(worker.grade, submission, str(course_root), blas_threads,
                                   key=f"grade-{submission.assignment}-{submission.student}-"
                                       f"{submission.fingerprint[:12]}", pure=False)
            in_flight[future.key] = submission
            return future

        window = max(2, 2 * n_workers)  # enough to keep every worker busy, few in memory
        queue = iter(pending)
        results = as_completed([send(s) for _, s in zip(range(window), queue)])
        try:
            for future in results:
                submission = in_flight.pop(future.key)
                graded = _result_or_failure(future, submission)
                started = time.perf_counter()
                gradebook.commit(db_url, course_root, graded, notebooks)
                summary.commit_seconds += time.perf_counter() - started
                if graded.error:
                    summary.failed[graded.student] = graded.error
                summary.committed.append(graded)
                if progress:
                    progress.update(graded)
                following = next(queue, None)
                if following is not None:
                    results.add(send(following))
        except KeyboardInterrupt:
            summary.interrupted = True
            client.cancel(list(results.futures))
        summary.grading_seconds = time.perf_counter() - ready
    summary.seconds = time.perf_counter() - start
    return summary


def _result_or_failure(future, submission):
    """The task's ``Graded``, or one that says why the task never finished (its worker died, ...)."""
    try:
        return future.result()
    except Exception as error:  # KilledWorker, lost connection, a bug in the task
        why = f"{type(error).__name__}: {error}"
        if type(error).__name__ == "KilledWorker":
            why = (f"the grading worker died while grading it ({ALLOWED_FAILURES + 1} attempts); "
                   "run the command again to retry")
        return worker.Graded(submission.assignment, submission.student, "", error=why)
