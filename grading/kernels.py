"""Running code in a kernel with a time limit and an output limit, and telling how it ended.

nbclient runs whole notebooks in one kernel; grading runs cells in two kernels in turn (the sandbox
and the trusted judge) and must survive either ending mid-cell, so it drives jupyter_client directly.
"""
import json
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

import psutil
from jupyter_client import BlockingKernelClient, KernelManager
from jupyter_client.connect import write_connection_file
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
    cwd : path, optional
        Folder the kernel process starts in (a sandbox then moves to its own).
    wait : bool
        Wait until the kernel answers; otherwise call ``wait_ready`` before running code (two kernels
        then start side by side).
    """

    def __init__(self, manager, env=None, wait=True, cwd=None):
        self.manager = manager
        # a folder of the kernel's own: this process's current folder may belong to another
        # submission's grading by now (nbgrader changes it, and sessions are started ahead)
        manager.start_kernel(cwd=str(cwd or "/"), **({"env": env} if env else {}))
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

    @property
    def pid(self):
        """The process the kernel was started as (for a sandbox: the first of its chain)."""
        return self.manager.provisioner.process.pid

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


class ForkedKernel(Kernel):
    """A judge kernel forked from this process's ``grading.zygote`` server (see there).

    It is not a child of this process, so it is watched and stopped by its pid.
    """

    def __init__(self, folder, preload=(), wait=True, idle=False):
        folder = str(folder)
        self.connection_file_path = os.path.join(folder, "kernel.json")
        write_connection_file(self.connection_file_path, transport="ipc", ip=os.path.join(folder, "kernel-ipc"))
        self._pid = _ZYGOTE.fork(self.connection_file_path, folder, preload, idle)
        self.manager = None
        self.client = BlockingKernelClient(connection_file=self.connection_file_path)
        self.client.load_connection_file()
        self.client.start_channels()
        if wait:
            self.wait_ready()

    @property
    def connection_file(self):
        return self.connection_file_path

    @property
    def pid(self):
        return self._pid

    def wait_ready(self, timeout=60):
        """Wait for the kernel's first answer (jupyter_client's own wait trusts the heartbeat, which
        may report a kernel that is still starting as dead: there is no process handle to ask)."""
        deadline = time.monotonic() + timeout
        while True:
            msg_id = self.client.kernel_info()
            try:
                while True:
                    reply = self.client.get_shell_msg(timeout=0.05)
                    if reply.get("parent_header", {}).get("msg_id") == msg_id:
                        break
                self.client.get_iopub_msg(timeout=0.5)  # iopub is connected too
                break
            except queue.Empty:
                pass
            if not self.alive():
                self.shutdown()
                raise RuntimeError("the judge kernel ended before it answered")
            if time.monotonic() > deadline:
                self.shutdown()
                raise RuntimeError(f"the judge kernel did not answer in {timeout} s")
        while True:  # what iopub still holds belongs to the start-up
            try:
                self.client.get_iopub_msg(timeout=0.01)
            except queue.Empty:
                return

    def alive(self):
        try:
            return psutil.Process(self.pid).status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False

    def shutdown(self):
        try:
            self.client.stop_channels()
        finally:
            try:
                process = psutil.Process(self.pid)
                process.kill()
                process.wait(timeout=5)  # gone before its folder is removed
            except psutil.Error:  # already gone
                pass


class Zygote:
    """The ``grading.zygote`` server of this process, started on first use (again if it ended)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._process = None

    def fork(self, connection_file, cwd, preload, idle=False):
        with self._lock:
            for attempt in (1, 2):
                if self._process is None or self._process.poll() is not None:
                    self._process = subprocess.Popen(
                        [sys.executable, "-m", "grading.zygote"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        env=judge_env(), cwd="/", text=True, start_new_session=True)
                try:
                    self._process.stdin.write(json.dumps({"connection_file": connection_file, "cwd": str(cwd),
                                                          "preload": list(preload), "idle": idle}) + "\n")
                    self._process.stdin.flush()
                    reply = json.loads(self._process.stdout.readline() or "{}")
                except (OSError, ValueError):
                    reply = {}
                if "pid" in reply:
                    return reply["pid"]
                self._process.kill()
                self._process.wait()
                self._process = None
            raise RuntimeError(f"the judge's fork server failed: {reply.get('error', 'it ended')}")


_ZYGOTE = Zygote()


def judge_env():
    """The environment of a judge kernel: no warnings on stderr, one BLAS thread, no display."""
    return dict(os.environ, PYTHONWARNINGS="ignore", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                MPLBACKEND="Agg")


def trusted_kernel(folder, wait=True, preload=None, idle=False):
    """A local kernel for the judge (it runs only the course's own code).

    It talks over unix sockets in ``folder`` (created private to this user), not over TCP. With
    ``preload`` (modules to import ahead), it is forked from the zygote server (at idle CPU priority
    if ``idle``: see ``grading.priority``); otherwise it is a fresh Python started by jupyter_client.
    """
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if preload is not None:
        return ForkedKernel(folder, preload, wait=wait, idle=idle)
    env = judge_env()
    manager = KernelManager(transport="ipc", connection_file=os.path.join(folder, "kernel.json"))
    manager.ip = os.path.join(folder, "kernel-ipc")
    # this very Python (where the course's packages are installed), whatever kernelspec is installed
    manager._kernel_spec = KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                                      display_name="judge", language="python", interrupt_mode="signal")
    return Kernel(manager, env=env, wait=wait, cwd=folder)
