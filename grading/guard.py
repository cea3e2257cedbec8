"""The first process of a sandbox's chain: it ends the whole sandbox when its grader ends.

Run as ``python -I -S guard.py GRADER_PID COMMAND...`` (by ``grading.sandbox``, as root, outside
the sandbox). It starts COMMAND (``prlimit -> bwrap -> setpriv -> kernel``) as its child and waits
for it, so the grader sees the kernel's life through this process. It is a child subreaper, so every
process of the chain that loses its parent comes back to it; and when the grader dies (a
parent-death signal, also checked right after it is set, so a grader that died while this process
was starting counts too), it kills its descendants until none is left. The kernel sits in the new PID
namespace of bwrap's second process, so killing that process kills everything inside.

bwrap's own ``--die-with-parent`` was not enough: a grader killed just as it started a sandbox
could die before bwrap (or bwrap's second process) set its parent-death signal, and the kernel then
lived on (``tests/test_sandbox.py`` kills graders at such moments).

Plain standard library only, and no ``site``: it starts in a few milliseconds.
"""
import ctypes
import os
import signal
import sys
import time

PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER = 1, 36


def _children():
    """The pids whose parent is this process (read from ``/proc``)."""
    me, found = str(os.getpid()), []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        if stat[stat.rfind(")") + 2:].split()[1] == me:
            found.append(int(name))
    return found


def _reap():
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass


def kill_descendants(seconds=10):
    """Kill every child until none is left (orphaned grandchildren come back here as children)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        children = _children()
        if not children:
            return
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.01)
        _reap()


def _grader_died(*_):
    kill_descendants()
    os._exit(1)


def main(grader, command):
    signal.signal(signal.SIGTERM, _grader_died)
    libc = ctypes.CDLL(None)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != grader:  # the grader ended before the parent-death signal was set
        _grader_died()
    chain = os.fork()
    if chain == 0:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    while True:
        pid, status = os.waitpid(-1, 0)  # the chain, or an orphan of it
        if pid == chain:
            kill_descendants()
            os._exit(os.waitstatus_to_exitcode(status) % 256)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2:])
