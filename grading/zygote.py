"""Judge kernels forked from a process that has already imported what they need.

A judge kernel runs only the course's code, so nothing stops its start-up from being shared: this
module's process (one per grading process) imports ipykernel, NumPy, matplotlib, the judge and the
modules the assignment's read-only cells import, then waits. Each judge kernel is a fork of it that
starts an IPython kernel on a connection file the grader wrote, in a few tens of milliseconds instead
of the ~0.7 s of a fresh Python importing the same modules. Sandboxed kernels are never made this way:
each of those is a fresh process in its own namespaces.

Protocol (one JSON object per line on stdin and stdout):
``{"preload": [module, ...], "connection_file": path, "cwd": folder, "idle": bool}`` -> ``{"pid": pid}``
(or ``{"error": why}``); ``idle``: the kernel starts at idle CPU priority (``grading.priority``).
The process ends when its stdin closes (the grading process ended); its kernels then end with it.
A judge's standard error is discarded, unless ``COURSE_JUDGE_STDERR`` names a file to append it to
(for debugging the grader).
"""
import ctypes
import importlib
import json
import os
import signal
import sys

from grading.priority import become_idle

#: What every judge imports (the setup cells of every assignment import NumPy and matplotlib).
ALWAYS = ("ipykernel.kernelapp", "numpy", "matplotlib", "matplotlib.pyplot", "grading.judge", "utils")

_PR_SET_PDEATHSIG = 1


def preload(modules):
    for name in modules:
        if name not in sys.modules:
            try:
                importlib.import_module(name)
            except Exception:  # a module a cell imports may be missing; the cell then says so itself
                pass


def _become_kernel(connection_file, cwd, parent, idle):
    """In the forked child: detach from the server's pipes and run an IPython kernel until it ends."""
    try:
        if idle:  # before the kernel starts its threads, which inherit the policy
            become_idle()
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the server ended between the fork and prctl
            os._exit(1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.chdir(cwd)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        if os.environ.get("COURSE_JUDGE_STDERR"):
            os.dup2(os.open(os.environ["COURSE_JUDGE_STDERR"], os.O_WRONLY | os.O_CREAT | os.O_APPEND), 2)

        from ipykernel.kernelapp import IPKernelApp
        IPKernelApp.launch_instance(argv=["-f", connection_file, "--IPKernelApp.transport=ipc",
                                          "--HistoryManager.enabled=False", "--quiet"])
    except BaseException:
        import traceback
        traceback.print_exc()
    finally:
        os._exit(0)


def serve(requests, replies):
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # ended kernels are reaped by the system
    preload(ALWAYS)
    for line in requests:
        try:
            request = json.loads(line)
            preload(request.get("preload", ()))
            server, pid = os.getpid(), os.fork()
        except Exception as error:
            replies.write(json.dumps({"error": f"{type(error).__name__}: {error}"}) + "\n")
            replies.flush()
            continue
        if pid == 0:
            _become_kernel(request["connection_file"], request.get("cwd", "/"), server, request.get("idle", False))
        replies.write(json.dumps({"pid": pid}) + "\n")
        replies.flush()


if __name__ == "__main__":
    serve(sys.stdin, sys.stdout)
