"""The sandbox a submission's code runs in: bubblewrap namespaces, an unprivileged uid, resource limits.

A submission's kernel is started as::

    grading/guard.py (ends the whole sandbox when the grader ends, even mid-start)
    [chrt --idle: a session started ahead, see grading.priority]
    prlimit (memory, CPU seconds, processes, file size, open files, no core dumps)
      -> bwrap (new mount, PID, network, IPC and UTS namespaces; a read-only view of the system,
                the Python environment and the helper files the assignment imports; a small /tmp)
        -> setpriv (an unprivileged uid of its own, no capabilities, no new privileges)
          -> python -m ipykernel_launcher -f <connection file>

The kernel talks to the grader over the ``ipc`` transport (unix sockets in a folder bound into the
sandbox): a network namespace has no loopback to reach the grader otherwise. Interrupts are sent as
messages, since a signal from outside the PID namespace would reach bubblewrap, not the kernel.

What the sandbox sees: ``/usr`` and a few files of ``/etc``, the Python installation and ``.venv``
(read-only), the helper modules the assignment imports and the data files (read-only), its own
working folder (read-write) and the folder of call inputs (read-only). Not the course's ``source/``,
``tools/``, ``grading/``, gradebook, other submissions, or the network.
"""
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec

from grading.priority import IDLE_COMMAND
from utils.threads import thread_limit_env

#: The first of the uids handed to sandboxes; each running sandbox holds one (RLIMIT_NPROC counts
#: processes per uid for the whole system, so parallel sandboxes must not share one).
FIRST_UID = 61000
UID_COUNT = 256


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed kernel (all of its processes together where the kernel allows).

    Attributes
    ----------
    memory_bytes : int
        Address space of each process (a memory bomb gets ``MemoryError``).
    cpu_seconds : int
        CPU time of the kernel process over its whole life (it is then killed; the grader restarts it).
    processes : int
        Processes and threads of the sandbox's uid.
    file_bytes : int
        Largest file the code may write.
    open_files : int
        Open file descriptors per process.
    tmp_bytes : int
        Size of the private ``/tmp``.
    work_bytes : int
        Size of the working folder (a tmpfs where the machine allows mounting one).
    blas_threads : int
        Threads of NumPy's BLAS (and PyTorch) in the kernel: the grading task's share of the cores.
    """

    memory_bytes: int = 3 * 2**30
    cpu_seconds: int = 900
    processes: int = 128
    file_bytes: int = 64 * 2**20
    open_files: int = 256
    tmp_bytes: int = 256 * 2**20
    work_bytes: int = 512 * 2**20
    blas_threads: int = 1


class SandboxUnavailable(RuntimeError):
    """The machine cannot run sandboxes (bubblewrap missing, not root); the message says what to do."""


def check_available():
    """Raise SandboxUnavailable unless this process can start sandboxes."""
    missing = [tool for tool in ("bwrap", "setpriv", "prlimit", "chrt") if shutil.which(tool) is None]
    if missing:
        raise SandboxUnavailable(
            f"Grading runs every submission in a sandbox, which needs {', '.join(missing)}: "
            "install Debian's bubblewrap and util-linux (apt-get install bubblewrap util-linux).")
    if os.geteuid() != 0:
        raise SandboxUnavailable(
            "Grading starts each submission's kernel under an unprivileged uid of its own, which needs "
            "root: run the grading command as root (or in a container where you are root).")


class UidLease:
    """An exclusive hold on one sandbox uid, for as long as the lease is open (a lock file per uid)."""

    def __init__(self):
        folder = Path(tempfile.gettempdir()) / "course-sandbox-uids"
        folder.mkdir(mode=0o700, exist_ok=True)
        start = os.getpid() % UID_COUNT
        for offset in range(UID_COUNT):
            uid = FIRST_UID + (start + offset) % UID_COUNT
            handle = open(folder / f"{uid}.lock", "w")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                continue
            self.uid, self._handle = uid, handle
            return
        raise SandboxUnavailable(f"All {UID_COUNT} sandbox uids are in use: too many graders at once.")

    def close(self):
        if self._handle:
            self._handle.close()
            self._handle = None


def _python_roots():
    """Folders that hold the Python installation this process runs from (bound read-only)."""
    # the environment as the kernel is started (``sys.executable`` may lie behind a symbolic link,
    # and Python finds its environment from the path it was started by) and where it really lives
    roots = {Path(sys.prefix), Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
             Path(sys.executable).parent.parent, Path(os.path.realpath(sys.executable)).parent.parent}
    return sorted(str(r) for r in roots)


class SandboxKernelManager(KernelManager):
    """jupyter_client's kernel manager, with a connection file the sandbox uid can read."""

    def write_connection_file(self, **kwargs):
        result = super().write_connection_file(**kwargs)
        os.chmod(self.connection_file, 0o644)
        return result


def _parent_dirs(paths):
    """bwrap arguments creating every missing parent folder of ``paths`` world-readable.

    Without them bwrap creates parents such as ``/root`` with mode 0700, which the sandbox uid cannot
    traverse (the Python installation may live under ``/root``).
    """
    parents = set()
    for path in paths:
        parents.update(str(p) for p in Path(path).parents if str(p) not in ("/", "/tmp"))
    argv = []
    for parent in sorted(parents, key=lambda p: (p.count("/"), p)):
        argv += ["--perms", "0755", "--dir", parent]
    return argv


class Sandbox:
    """The folders of one submission's sandbox and the command that starts a kernel inside it.

    Parameters
    ----------
    helper_files : list of pathlib.Path
        The helper modules the assignment may import (bound read-only at their own paths).
    data_dirs : list of pathlib.Path
        Folders of data files (bound read-only at their own paths).
    limits : Limits
    mpl_cache : pathlib.Path, optional
        A matplotlib font cache prepared outside, copied in so that each kernel need not build one.

    Attributes
    ----------
    base : pathlib.Path
        Root-owned folder of this sandbox: ``conn/`` (connection file and sockets), ``in/`` (call
        inputs, read-only inside) and ``work/`` (the sandbox's own working copy, its current folder).
    """

    def __init__(self, helper_files, data_dirs, limits=Limits(), mpl_cache=None):
        check_available()
        self.limits = limits
        self.helper_files = [Path(p) for p in helper_files]
        self.data_dirs = [Path(p) for p in data_dirs]
        self.mpl_cache = mpl_cache
        self._lease = UidLease()
        self.uid = self._lease.uid
        self.base = Path(tempfile.mkdtemp(prefix="sandbox-"))
        os.chmod(self.base, 0o755)
        self.conn = self.base / "conn"
        self.inputs = self.base / "in"
        self.work = self.base / "work"
        for folder, owner in ((self.conn, self.uid), (self.inputs, 0), (self.work, self.uid)):
            folder.mkdir()
            os.chown(folder, owner, owner)
            os.chmod(folder, 0o755 if owner == 0 else 0o700)
        self._clear_stray_mounts()
        # A size-limited tmpfs bounds what the code can write in all (RLIMIT_FSIZE bounds one file).
        self.work_mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={limits.work_bytes},mode=0700,uid={self.uid},gid={self.uid}",
             "course-sandbox", str(self.work)], capture_output=True).returncode == 0
        self._clear_stray_processes()

    def _clear_stray_processes(self):
        # A lease is exclusive, so any process of this uid is left over from a crashed grader. Wait
        # until they are gone: a released lease promises that nothing runs under its uid.
        deadline = time.monotonic() + 5
        while subprocess.run(["pkill", "-KILL", "-u", str(self.uid)], capture_output=True).returncode == 0:
            if time.monotonic() > deadline:
                break
            time.sleep(0.01)

    def _clear_stray_mounts(self):
        # Likewise any working folder mounted for this uid: its grader was killed before it could
        # unmount it (a grading worker that died, for instance).
        with open("/proc/self/mounts") as mounts:
            for line in mounts:
                device, target, kind, options = line.split()[:4]
                if (device == "course-sandbox" and kind == "tmpfs" and f"uid={self.uid}" in options.split(",")
                        and target != str(self.work)):
                    subprocess.run(["umount", "--lazy", target], capture_output=True)
                    base = Path(target).parent
                    if base.name.startswith("sandbox-") and base.parent == Path(tempfile.gettempdir()):
                        shutil.rmtree(base, ignore_errors=True)

    def command(self, connection_file, idle=False):
        """The argv that starts an IPython kernel inside the sandbox (at idle CPU priority if ``idle``:
        see ``grading.priority``)."""
        lim = self.limits
        argv = [sys.executable, "-I", "-S", str(Path(__file__).with_name("guard.py")), str(os.getpid())]
        argv += list(IDLE_COMMAND) if idle else []
        argv += ["prlimit", f"--as={lim.memory_bytes}", f"--cpu={lim.cpu_seconds}",
                f"--nproc={lim.processes}", f"--fsize={lim.file_bytes}", f"--nofile={lim.open_files}",
                "--core=0", "--",
                "bwrap", "--die-with-parent", "--new-session",
                "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--hostname", "sandbox", "--clearenv",
                "--ro-bind", "/usr", "/usr",
                "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
                "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/sbin", "/sbin",
                "--proc", "/proc", "--dev", "/dev",
                "--perms", "1777", "--size", str(lim.tmp_bytes), "--tmpfs", "/tmp"]
        binds = []
        for name in ("ld.so.cache", "localtime", "passwd", "group", "nsswitch.conf", "fonts"):
            if os.path.exists(f"/etc/{name}"):
                binds.append(("--ro-bind", f"/etc/{name}"))
        binds += [("--ro-bind", root) for root in _python_roots()]
        binds += [("--ro-bind", str(folder)) for folder in self.data_dirs]
        binds += [("--ro-bind", str(file)) for file in self.helper_files]
        binds += [("--bind", str(self.conn)), ("--ro-bind", str(self.inputs)), ("--bind", str(self.work))]
        argv += _parent_dirs([path for _, path in binds])
        for kind, path in binds:
            argv += [kind, path, path]
        argv += ["--chdir", str(self.work)]
        argv += ["--perms", "1777", "--dir", "/tmp/matplotlib"]
        if self.mpl_cache:
            for file in sorted(Path(self.mpl_cache).glob("fontlist-*.json")):
                argv += ["--ro-bind", str(file), f"/tmp/matplotlib/{file.name}"]
        env = {"HOME": "/tmp", "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
               "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/matplotlib", "PYTHONWARNINGS": "ignore",
               **thread_limit_env(lim.blas_threads),
               "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8", "JPY_PARENT_PID": "1"}
        if os.environ.get("DL_COURSE_DATA"):
            env["DL_COURSE_DATA"] = os.environ["DL_COURSE_DATA"]
        for key, value in env.items():
            argv += ["--setenv", key, value]
        argv += ["setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups",
                 "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--",
                 sys.executable, "-m", "ipykernel_launcher", "-f", str(connection_file),
                 "--IPKernelApp.transport=ipc", "--HistoryManager.enabled=False", "--quiet"]
        return argv

    def kernel_manager(self, idle=False):
        """A kernel manager that starts its kernel in this sandbox (ipc transport, message interrupts)."""
        manager = SandboxKernelManager(transport="ipc", connection_file=str(self.conn / "kernel.json"))
        manager.ip = str(self.conn / "kernel-ipc")
        manager._kernel_spec = KernelSpec(argv=self.command("{connection_file}", idle), display_name="sandbox",
                                          language="python", interrupt_mode="message")
        return manager

    def close(self):
        """Kill whatever is left of the sandbox's processes, delete its folders, release its uid."""
        self._clear_stray_processes()
        if self.work_mounted:
            subprocess.run(["umount", "--lazy", str(self.work)], capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)
        self._lease.close()
