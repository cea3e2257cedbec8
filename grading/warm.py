"""Kernels started ahead: while one submission is graded, the next one's session gets ready.

Starting a session (a sandbox, its kernel with the grading agent, the trusted judge, and the
notebook's first read-only cells, usually the imports, run in both) is most of what a short notebook
costs to grade, and none of it depends on the submission. So a grading process keeps one session
ready for the next submission of the same assignment: ``take`` hands it over (or builds one if none
is ready) and at once starts building the next in a background thread. A session is used for one
submission only and never sees another's code; one left over is closed when the process exits or
when a different assignment is graded. Closing a used session (killing two kernels, unmounting a
folder) also happens in the background.

Jupyter Enterprise Gateway and JupyterHub's spawners use the same idea (pre-spawned kernels).
"""
import ast
import atexit
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass


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


def build(recipe):
    """A ready session: sandbox and judge started, the leading read-only cells run in both."""
    from grading.execute import Session
    from grading.sandbox import Sandbox

    sandbox = Sandbox(list(recipe.helper_files), list(recipe.data_dirs), recipe.limits, mpl_cache=recipe.mpl_cache)
    try:
        session = Session(sandbox, recipe.cell_timeout, recipe.call_timeout, judge_preload=imported(recipe.setup))
    except BaseException:
        sandbox.close()
        raise
    try:
        for source in recipe.setup:
            session.run_setup(source)
    except BaseException:
        close(session)
        raise
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
    """At most one ready session, for the recipe last asked for."""

    def __init__(self):
        self._builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="grading-warm")
        self._closer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="grading-close")
        self._lock = threading.Lock()
        self._next = None  # (recipe, future of a session)

    def take(self, recipe):
        """A ready session for ``recipe`` (built now if none is); the next one starts building at once."""
        with self._lock:
            pending, self._next = self._next, None
            if pending is not None and pending[0] != recipe:
                self._discard(pending[1])
                pending = None
            self._next = (recipe, self._builder.submit(build, recipe))
        if pending is not None:
            try:
                return pending[1].result()
            except Exception:  # a failed start ahead of time: try once more, now, and report that one
                import traceback; traceback.print_exc()
        return build(recipe)

    def wait_until_ready(self):
        """Wait until the session started ahead (if any) is built."""
        with self._lock:
            pending = self._next
        if pending is not None:
            pending[1].exception()

    def release(self, session):
        """Close a used session in the background."""
        self._closer.submit(close, session)

    def _discard(self, future):
        def close_when_built(done):
            if done.exception() is None:
                self._closer.submit(close, done.result())
        future.add_done_callback(close_when_built)

    def shutdown(self):
        """Close the ready session and wait for every session to be closed (at the process's exit,
        when the executors take no more work, so the ready session is closed here)."""
        with self._lock:
            pending, self._next = self._next, None
        self._builder.shutdown(wait=True)
        self._closer.shutdown(wait=True)
        if pending is not None and pending[1].exception() is None:
            close(pending[1].result())


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
