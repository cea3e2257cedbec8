"""Sessions started ahead (grading.warm) and judges forked from a server (grading.zygote)."""
import os
import signal
from pathlib import Path

import nbformat
import psutil
import pytest

import utils
from grading import kernels, warm
from grading.execute import _matplotlib_cache
from grading.sandbox import Limits, SandboxUnavailable, check_available
from grading.visibility import helper_files
from utils.paths import data_dir

from tests.conftest import ROOT

try:
    check_available()
except SandboxUnavailable as why:
    pytest.skip(str(why), allow_module_level=True)


def recipe(setup=("import numpy as np\nSEEN = []",)):
    source = nbformat.read(next((ROOT / "source" / "01_numpy_basics").glob("*.ipynb")), as_version=4)
    return warm.Recipe(tuple(str(p) for p in helper_files(source, Path(utils.__file__).parent)),
                       (str(data_dir()),), Limits(), str(_matplotlib_cache()), 30, 10, tuple(setup))


def test_each_submission_gets_a_session_of_its_own_started_ahead():
    pool = warm.Pool()
    try:
        first = pool.take(recipe())
        first.student.run("SEEN.append('first'); open('left-behind', 'w').write('x')", timeout=10)
        first.judge.run("SEEN.append('first')", timeout=10)
        pool.release(first)
        pool.wait_until_ready()
        second = pool.take(recipe())
        assert second is not first
        assert second.sandbox.base != first.sandbox.base
        assert second.setup_failures == [""]  # its read-only cell ran before it was handed over
        student = second.student.run("import os; print(SEEN, os.listdir('.'))", timeout=10)
        judge = second.judge.run("print(SEEN)", timeout=10)
        assert student.outputs[0]["text"].strip() == "[] []"
        assert judge.outputs[0]["text"].strip() == "[]"
        pool.release(second)
    finally:
        pool.shutdown()


def test_a_session_for_another_assignment_is_not_handed_over():
    pool = warm.Pool()
    try:
        pool.release(pool.take(recipe()))
        other = pool.take(recipe(setup=("import numpy as np\nOTHER = 1",)))
        assert other.judge.run("print(OTHER)", timeout=10).outputs[0]["text"].strip() == "1"
        pool.release(other)
    finally:
        pool.shutdown()


def test_judges_are_forked_and_a_killed_fork_server_is_started_again(tmp_path):
    first = kernels.trusted_kernel(tmp_path / "one", preload=("numpy",))
    try:
        assert first.pid not in [child.pid for child in psutil.Process().children()]
        assert first.run("import numpy; print(numpy.ones(2).sum())", timeout=10).outputs[0]["text"].strip() == "2.0"
    finally:
        first.shutdown()
    os.kill(kernels._ZYGOTE._process.pid, signal.SIGKILL)
    kernels._ZYGOTE._process.wait()
    second = kernels.trusted_kernel(tmp_path / "two", preload=())
    try:
        assert second.run("print(6 * 7)", timeout=10).outputs[0]["text"].strip() == "42"
    finally:
        second.shutdown()
    assert not second.alive()


def _policies(session):
    """The scheduling policies of every thread of a session's processes (but the sandbox's guard,
    which only waits, at normal priority: grading/guard.py)."""
    policies = set()
    for pid in (session.student.pid, session.judge.pid):
        root = psutil.Process(pid)
        for process in [root] + root.children(recursive=True):
            if "guard.py" in " ".join(process.cmdline()):
                continue
            policies |= {os.sched_getscheduler(thread.id) for thread in process.threads()}
    return policies


def test_a_session_started_ahead_waits_at_idle_priority_and_is_graded_at_normal_priority():
    pool = warm.Pool()
    try:
        first = pool.take(recipe())
        assert _policies(first) == {os.SCHED_OTHER}  # built on demand: nothing to wait for
        pool.release(first)
        ready = pool.wait_until_ready()
        assert _policies(ready) == {os.SCHED_IDLE}
        second = pool.take(recipe())
        assert second is ready
        assert _policies(second) == {os.SCHED_OTHER}
        pool.release(second)
    finally:
        pool.shutdown()


def test_with_a_submission_waiting_the_next_session_starts_at_once_and_at_idle_priority():
    pool = warm.Pool()
    try:
        pool.release(pool.take(recipe()))
        graded_now = pool.take(recipe(), next_is_waiting=True)
        next_one = pool.wait_until_ready()  # built beside the one being graded
        assert _policies(next_one) == {os.SCHED_IDLE}
        pool.release(graded_now)  # graded: the next one runs at normal priority, even before it is taken
        assert _policies(next_one) == {os.SCHED_OTHER}
        assert pool.take(recipe()) is next_one
        pool.release(next_one)
    finally:
        pool.shutdown()
