"""The CPU priority of a session started ahead: idle while another submission is graded, normal after.

A session started ahead (``grading.warm``) is built while the grading process grades the submission
before it, often on the same core. At normal priority the two compete: the new sandboxed Python
importing NumPy and matplotlib took half the core while the test cells waited for it. So a session
is built under Linux's ``SCHED_IDLE`` policy (it runs only when the core would otherwise be idle)
and is promoted to the normal policy as soon as the submission before it is graded, or when it is
needed before it is ready. Promotion walks every thread of every process of the session, since a
policy belongs to a thread. Only the grader can promote (it is root, as a sandbox needs), so no
process runs at idle priority after the moment its submission is graded.
"""
import os
import threading

import psutil

#: The command prefix that starts a process (and what it starts) under the idle policy (util-linux).
IDLE_COMMAND = ("chrt", "--idle", "0")
#: Seconds a step of a session's start may wait while the session is idle: it may not get any CPU
#: until the submission before it is graded, and its promotion then bounds the wait.
IDLE_STEP_TIMEOUT = 600


def _set_policy(pid, policy):
    """Put every thread of process ``pid`` and of its descendants under ``policy``."""
    try:
        root = psutil.Process(pid)
        processes = [root] + root.children(recursive=True)
    except psutil.Error:  # already ended
        return
    for process in processes:
        try:
            threads = [thread.id for thread in process.threads()]
        except psutil.Error:
            continue
        for tid in threads:
            try:
                os.sched_setscheduler(tid, policy, os.sched_param(0))
            except OSError:  # the thread ended meanwhile
                pass


def become_idle():
    """Put the calling thread (and what it starts from now on) under the idle policy."""
    os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


class Ahead:
    """The priority of one session while it is built: idle until ``promote``.

    Parameters
    ----------
    idle : bool
        ``False`` for a session built because it is needed now (everything at normal priority).
    """

    def __init__(self, idle=True):
        self._lock = threading.Lock()
        self.idle = self.started_idle = idle
        self._pids = []

    def timeout(self, seconds):
        """The time limit of a step of the session's start: ``seconds``, or longer while idle."""
        return max(seconds, IDLE_STEP_TIMEOUT) if self.idle else seconds

    def started(self, pid):
        """Record a process of the session (started under the idle policy if ``idle`` was true)."""
        if not self.started_idle:
            return
        with self._lock:
            self._pids.append(pid)
            if not self.idle:  # promoted between the process's start and now
                _set_policy(pid, os.SCHED_OTHER)

    def promote(self):
        """Run the session's processes at normal priority from now on."""
        with self._lock:
            if not self.idle:
                return
            self.idle = False
            for pid in self._pids:
                _set_policy(pid, os.SCHED_OTHER)
