"""Running code in a kernel with a time limit and an output limit, and telling how it ended.

nbclient runs whole notebooks in one kernel; grading runs cells in two kernels in turn (the sandbox
and the trusted judge) and must survive either ending mid-cell, so it drives jupyter_client directly.
"""
import os
import queue
import sys
import time
from dataclasses import dataclass, field

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec
from nbformat.v4 import new_output, output_from_msg

#: Characters of output a cell may leave in the graded notebook; the rest is dropped (with a note).
OUTPUT_LIMIT = 20_000


@dataclass
class CellRun:
    """How one cell ended.

    Attributes
    ----------
    status : str
        ``"ok"``, ``"error"`` (the code raised), ``"timeout"`` (stopped after the time limit) or
        ``"died"`` (the kernel ended or stopped answering).
    outputs : list of nbformat output nodes
    error : str
        ``"Type: message"`` of the exception, when the status is ``"error"``.
    """

    status: str
    outputs: list = field(default_factory=list)
    error: str = ""


class Kernel:
    """One kernel (started by ``manager``) and a client that runs cells in it.

    Parameters
    ----------
    manager : jupyter_client.KernelManager
        Not started yet.
    env : dict, optional
        Environment of the kernel process (ignored by a sandbox, which sets its own).
    wait : bool
        Wait until the kernel answers; otherwise call ``wait_ready`` before running code (two kernels
        then start side by side).
    """

    def __init__(self, manager, env=None, wait=True):
        self.manager = manager
        manager.start_kernel(**({"env": env} if env else {}))
        self.client = manager.client()
        self.client.start_channels()
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout=60):
        try:
            self.client.wait_for_ready(timeout=timeout)
        except RuntimeError:
            self.shutdown()
            raise

    @property
    def connection_file(self):
        return self.manager.connection_file

    def alive(self):
        return self.manager.is_alive()

    def run(self, code, timeout, output_limit=OUTPUT_LIMIT):
        """Run ``code``; stop it after ``timeout`` seconds; keep at most ``output_limit`` characters."""
        return self.collect(self.submit(code), timeout, output_limit)

    def submit(self, code):
        """Start running ``code`` and return at once; ``collect`` waits for it (two kernels can then
        run a cell side by side)."""
        return self.client.execute(code, store_history=False, allow_stdin=False)

    def collect(self, msg_id, timeout, output_limit=OUTPUT_LIMIT):
        """Wait for the cell ``msg_id`` (from ``submit``) as ``run`` does; return its ``CellRun``."""
        outputs, kept, dropped = [], 0, 0
        error = ""
        deadline = time.monotonic() + timeout
        interrupted, idle = False, False
        while not idle:
            if time.monotonic() > deadline:
                if interrupted or not self.alive():
                    return CellRun("died" if not self.alive() else "timeout", outputs, error)
                self.client.control_channel.send(self.client.session.msg("interrupt_request", {}))
                interrupted, deadline = True, time.monotonic() + 10
            try:
                msg = self.client.get_iopub_msg(timeout=0.5)
            except queue.Empty:
                if not self.alive():
                    return CellRun("died", outputs, error)
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind in ("stream", "display_data", "execute_result", "error"):
                size = len(str(content.get("text", content.get("data", content.get("evalue", "")))))
                if kind == "error":
                    error = f"{content.get('ename')}: {content.get('evalue')}"
                    outputs.append(output_from_msg(msg))
                elif kept + size <= output_limit:
                    kept += size
                    outputs.append(output_from_msg(msg))
                else:
                    dropped += size
            elif kind == "clear_output":
                outputs.clear()
        if dropped:
            outputs.append(new_output("stream", name="stdout",
                                      text=f"\n[{dropped} characters of output were dropped by the grader]\n"))
        if interrupted:
            status = "timeout"
        elif error:
            status = "error"
        else:
            status = "ok"
        return CellRun(status, outputs, error)

    def shutdown(self):
        try:
            self.client.stop_channels()
        finally:
            try:
                self.manager.shutdown_kernel(now=True)
            except Exception:  # a kernel that is already gone
                pass


def trusted_kernel(folder, wait=True):
    """A plain local kernel for the judge (it runs only the course's own code).

    It talks over unix sockets in ``folder`` (created private to this user), not over TCP.
    """
    os.makedirs(folder, mode=0o700, exist_ok=True)
    env = dict(os.environ, PYTHONWARNINGS="ignore", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               MPLBACKEND="Agg")
    manager = KernelManager(transport="ipc", connection_file=os.path.join(folder, "kernel.json"))
    manager.ip = os.path.join(folder, "kernel-ipc")
    # this very Python (where the course's packages are installed), whatever kernelspec is installed
    manager._kernel_spec = KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                                      display_name="judge", language="python", interrupt_mode="signal")
    return Kernel(manager, env=env, wait=wait)
