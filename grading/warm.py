"""Kernels started ahead: the next submission's session gets ready while the grading process waits.

Starting a session (a sandbox, its kernel with the grading agent, the trusted judge, and the
notebook's first read-only cells, usually the imports, run in both) is most of what a short notebook
costs to grade, and none of it depends on the submission. So a grading process keeps one session
ready for the next submission of the same assignment: ``take`` hands it over (or builds one if none
is ready), and ``release``, when that submission's kernels are done, starts building the next in a
background thread, at idle CPU priority until it is taken (``grading.priority``).

When the next submission is already waiting (a worker with a backlog), the next session starts
building as soon as one is taken instead, at idle priority until that one is released: it then
fills the gaps of the grading (its kernels' round trips), which is what a backlog needs, more
submissions per second. When nothing waits, a build beside the grading would only delay the grade:
a test cell is dozens of short round trips between two kernels, and a build on the same core, even
at idle priority, took every gap (01 graded in 0.34 s alone, 0.68 s beside a build).

A session is used for one submission only and never sees another's code; one left over is closed
when the process exits or when a different assignment is graded. Closing a used session (killing two
kernels, unmounting a folder) also happens in the background.

Jupyter Enterprise Gateway and JupyterHub's spawners use the same idea (pre-spawned kernels).
"""
import ast
import atexit
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from grading import priority


@dataclass(frozen=True)
class Recipe:
    """Everything a session is built from; sessions built from equal recipes are interchangeable.

    Attributes
    ----------
    helper_files, data_dirs : tuple of str
    limits : grading.sandbox.Limits
    mpl_cache : str or None
    cell_timeout, call_timeout : int
    setup : tuple of str
        The read-only cells that come before the first cell of the student (run in both kernels).
    """

    helper_files: tuple
    data_dirs: tuple
    limits: object
    mpl_cache: object
    cell_timeout: int
    call_timeout: int
    setup: tuple


def build(recipe, ahead=None):
    """A ready session: sandbox and judge started, the leading read-only cells run in both.

    ``ahead``: a ``grading.priority.Ahead`` when the session is started ahead (at idle priority).
    """
    from grading.execute import Session
    from grading.sandbox import Sandbox

    sandbox = Sandbox(list(recipe.helper_files), list(recipe.data_dirs), recipe.limits, mpl_cache=recipe.mpl_cache)
    try:
        session = Session(sandbox, recipe.cell_timeout, recipe.call_timeout, judge_preload=imported(recipe.setup),
                          ahead=ahead)
    except BaseException:
        sandbox.close()
        raise
    try:
        for source in recipe.setup:
            session.run_setup(source)
    except BaseException:
        close(session)
        raise
    session.recipe = recipe
    return session


def imported(sources):
    """The modules that top-level import statements of ``sources`` import (absolute imports only)."""
    names = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:  # IPython syntax (a magic): no imports are read from this cell
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.append(node.module)
    return tuple(dict.fromkeys(names))


def close(session):
    """Stop a session's kernels and remove its sandbox (what ``Session.close`` and ``Sandbox.close`` do)."""
    try:
        session.close()
    finally:
        session.sandbox.close()


class Pool:
    """At most one ready session, for the recipe last released."""

    def __init__(self):
        self._builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="grading-warm")
        self._closer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="grading-close")
        self._lock = threading.Lock()
        self._next = None  # (recipe, its priority.Ahead, future of a session)

    def take(self, recipe, next_is_waiting=False):
        """A ready session for ``recipe`` (built now if none is). ``next_is_waiting``: another
        submission is queued behind this one, so the next session starts building at once."""
        with self._lock:
            pending, self._next = self._next, None
            if pending is not None and pending[0] != recipe:
                self._discard(pending)
                pending = None
            if next_is_waiting:
                self._start_next(recipe)
        if pending is not None:
            _, pending_ahead, future = pending
            pending_ahead.promote()  # needed now: no longer behind anything
            try:
                return future.result()
            except Exception:  # a failed start ahead of time: try once more, now, and report that one
                import traceback; traceback.print_exc()
        return build(recipe)

    def wait_until_ready(self):
        """Wait until the sessions released so far are closed and the one started ahead (if any) is
        built; return it (``None`` if none is, or its build failed). It stays this pool's, to be
        handed over by ``take``."""
        self._closer.submit(lambda: None).result()  # one closer thread: the closes before it are done
        with self._lock:
            pending = self._next
        if pending is not None and pending[2].exception() is None:
            return pending[2].result()
        return None

    def release(self, session):
        """Close a used session in the background, and start building the next one like it (or let
        the one started at ``take`` run at normal priority)."""
        self._closer.submit(close, session)
        with self._lock:
            if self._next is None:
                self._start_next(session.recipe)
            else:
                self._next[1].promote()

    def _start_next(self, recipe):
        ahead = priority.Ahead()
        self._next = (recipe, ahead, self._builder.submit(build, recipe, ahead))

    def _discard(self, pending):
        def close_when_built(done):
            if done.exception() is None:
                self._closer.submit(close, done.result())
        pending[1].promote()  # no longer behind anything: finish it quickly, then close it
        pending[2].add_done_callback(close_when_built)

    def shutdown(self):
        """Close the ready session and wait for every session to be closed (at the process's exit,
        when the executors take no more work, so the ready session is closed here)."""
        with self._lock:
            pending, self._next = self._next, None
        self._builder.shutdown(wait=True)
        self._closer.shutdown(wait=True)
        if pending is not None:
            pending[1].promote()
            if pending[2].exception() is None:
                close(pending[2].result())


_POOL = None
_POOL_LOCK = threading.Lock()


def pool():
    """This process's pool (made on first use, shut down when the process exits)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = Pool()
            atexit.register(_POOL.shutdown)
        return _POOL
