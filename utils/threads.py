"""How many BLAS threads a process should use on a machine it may share with other work.

NumPy's OpenBLAS starts one thread per core and keeps them in step: when another program keeps a
core busy, the threads wait for each other and a matrix product runs several times slower than with
one thread (``tools/bench_shared_machine.py`` measures it). The course follows two rules:

- a process that knows how many siblings share the machine (the test suite's workers, grading
  workers) takes its share of the CPUs it may use, ``blas_threads_for_this_process(workers)``, and
  hands it to the kernels it starts as environment variables, ``thread_limit_env(threads)``;
- a student's kernel cannot know its neighbours, so before each cell it looks at how much CPU other
  programs used over the last two seconds and lets BLAS use only the cores they left free
  (``load_ipython_extension``). ``./course setup`` loads this into every IPython kernel of the
  course's environment (``.venv/etc/ipython/ipython_kernel_config.py`` calls ``configure_kernel``),
  unless ``OPENBLAS_NUM_THREADS``, ``OMP_NUM_THREADS`` or ``MKL_NUM_THREADS`` is set: an explicit
  setting always wins.

Only BLAS libraries are adapted (NumPy's OpenBLAS): a notebook's own choice for PyTorch
(``torch.set_num_threads``) is left alone.
"""
import argparse
import collections
import math
import os
import threading
import time
from pathlib import Path

#: Environment variables that fix the thread count of OpenBLAS, OpenMP and MKL when a process starts.
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
#: A second thread is used only while other programs leave at least 1 - SLACK of a core free: with two
#: threads a computation is about 1.6 times faster on a quiet core but about 2 times slower when a
#: neighbour holds that core, so the two choices break even near 0.3 of a core used by others.
SLACK = 0.3
CGROUP_ROOT = Path("/sys/fs/cgroup")


# --- what this process may use -------------------------------------------------------------------

def _cgroup_paths(proc_cgroup="/proc/self/cgroup"):
    """``{controller: path}`` of this process's cgroups (``""`` is the unified cgroup v2 hierarchy)."""
    paths = {}
    for line in Path(proc_cgroup).read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            paths[controller] = path
    return paths


def _ancestors(folder, root):
    """``folder`` and its parents up to ``root``, nearest first."""
    folder, root = Path(folder), Path(root)
    chain = [folder]
    while folder != root and root in folder.parents:
        folder = folder.parent
        chain.append(folder)
    return chain


def _cgroup_dirs(controller_v1, cgroup_root=CGROUP_ROOT, proc_cgroup="/proc/self/cgroup"):
    """The cgroup folders of this process for cgroup v2 and for a v1 controller, nearest first."""
    try:
        paths = _cgroup_paths(proc_cgroup)
    except OSError:
        return [], []
    v2 = _ancestors(cgroup_root / paths[""].lstrip("/"), cgroup_root) if "" in paths else []
    v1 = []
    if controller_v1 in paths:
        for mount in (cgroup_root / controller_v1, cgroup_root / "cpu,cpuacct", cgroup_root / "cpuacct,cpu"):
            if mount.is_dir():
                v1 = _ancestors(mount / paths[controller_v1].lstrip("/"), mount)
                break
    return v2, v1


def cgroup_cpu_quota(cgroup_root=CGROUP_ROOT, proc_cgroup="/proc/self/cgroup"):
    """The CPU quota of this process's cgroups in CPUs (e.g. 1.5), or None when there is none."""
    v2, v1 = _cgroup_dirs("cpu", cgroup_root, proc_cgroup)
    quotas = []
    for folder in v2:
        try:
            limit, period = (folder / "cpu.max").read_text().split()
        except (OSError, ValueError):
            continue
        if limit != "max":
            quotas.append(int(limit) / int(period))
    for folder in v1:
        try:
            limit = int((folder / "cpu.cfs_quota_us").read_text())
            period = int((folder / "cpu.cfs_period_us").read_text())
        except (OSError, ValueError):
            continue
        if limit > 0:
            quotas.append(limit / period)
    return min(quotas) if quotas else None


def usable_cpus(cgroup_root=CGROUP_ROOT, proc_cgroup="/proc/self/cgroup"):
    """How many CPUs this process can keep busy: its CPU affinity, capped by a cgroup quota (at least 1)."""
    cpus = len(os.sched_getaffinity(0))
    quota = cgroup_cpu_quota(cgroup_root, proc_cgroup)
    if quota is not None:
        cpus = min(cpus, math.floor(quota))
    return max(1, cpus)


def blas_threads_for_this_process(workers=1):
    """BLAS threads for one of ``workers`` processes that share this process's CPUs evenly (at least 1).

    For the test suite's and the graders' workers: ``thread_limit_env`` turns it into the environment
    of the kernels they start.
    """
    return max(1, usable_cpus() // max(1, int(workers)))


def thread_limit_env(threads):
    """Environment variables that start OpenBLAS, OpenMP and MKL with ``threads`` threads."""
    return {name: str(int(threads)) for name in THREAD_VARIABLES}


def explicit_thread_setting(environ=None):
    """True when the environment already fixes a thread count (then nothing here changes it)."""
    environ = os.environ if environ is None else environ
    return any(environ.get(name) for name in THREAD_VARIABLES)


def limit_blas_threads(threads):
    """Make every BLAS library loaded in this process (NumPy's OpenBLAS) use ``threads`` threads.

    Returns
    -------
    int
        How many BLAS libraries were set (0 before NumPy is imported).
    """
    from threadpoolctl import ThreadpoolController

    libraries = ThreadpoolController().select(user_api="blas").lib_controllers
    for library in libraries:
        if library.num_threads != threads:
            library.set_num_threads(threads)
    return len(libraries)


# --- how busy the other programs keep the CPUs ---------------------------------------------------

def _proc_stat_busy_seconds(cpus, proc_stat="/proc/stat"):
    """CPU seconds spent busy (not idle, not waiting for disk) so far on the CPUs numbered ``cpus``."""
    tick = os.sysconf("SC_CLK_TCK")
    wanted = {f"cpu{n}" for n in cpus}
    busy = 0
    for line in Path(proc_stat).read_text().splitlines():
        fields = line.split()
        if fields and fields[0] in wanted:
            user, nice, system, idle, iowait, irq, softirq, steal = (int(v) for v in fields[1:9])
            busy += user + nice + system + irq + softirq + steal
    return busy / tick


def _cgroup_usage_seconds(cgroup_root=CGROUP_ROOT, proc_cgroup="/proc/self/cgroup"):
    """CPU seconds used so far by every process of this process's own cgroup, or None if unreadable."""
    v2, v1 = _cgroup_dirs("cpuacct", cgroup_root, proc_cgroup)
    if v2:
        try:
            for line in (v2[0] / "cpu.stat").read_text().splitlines():
                if line.startswith("usage_usec "):
                    return int(line.split()[1]) / 1e6
        except OSError:
            pass
    if v1:
        try:
            return int((v1[0] / "cpuacct.usage").read_text()) / 1e9
        except (OSError, ValueError):
            pass
    return None


class OtherProgramsLoad:
    """CPUs kept busy by other programs, averaged over the last ``window`` seconds.

    A daemon thread reads, every ``period`` seconds, the busy time of this process's CPUs (or, under a
    cgroup CPU quota, of its cgroup) and this process's own CPU time; the difference is the others'.
    """

    def __init__(self, period=0.25, window=2.0):
        self.period = period
        self.samples = collections.deque(maxlen=max(2, round(window / period) + 1))
        quota = cgroup_cpu_quota()
        cpus = sorted(os.sched_getaffinity(0))
        in_cgroup = quota is not None and quota < len(cpus) and _cgroup_usage_seconds() is not None
        self._busy_seconds = _cgroup_usage_seconds if in_cgroup else (lambda: _proc_stat_busy_seconds(cpus))
        self._thread = None

    def sample(self):
        """Record one reading (the thread calls this; tests may call it directly)."""
        self.samples.append((time.monotonic(), self._busy_seconds(), time.process_time()))

    def busy_cpus(self):
        """CPUs used by other programs over the window (0.0 until two readings exist)."""
        if len(self.samples) < 2:
            return 0.0
        (t0, busy0, own0), (t1, busy1, own1) = self.samples[0], self.samples[-1]
        return max(0.0, ((busy1 - busy0) - (own1 - own0)) / (t1 - t0))

    def start(self):
        """Start sampling in a daemon thread; return self."""
        def run():
            while True:
                try:
                    self.sample()
                except (OSError, ValueError):  # /proc or the cgroup files vanished: assume a quiet machine
                    self.samples.clear()
                time.sleep(self.period)
        self.sample()
        self._thread = threading.Thread(target=run, name="course-cpu-load", daemon=True)
        self._thread.start()
        return self


def threads_left_free(busy_by_others, capacity):
    """BLAS threads for a process that may use ``capacity`` CPUs while others keep ``busy_by_others`` busy."""
    return max(1, min(capacity, math.floor(capacity - busy_by_others + SLACK)))


# --- students' kernels -------------------------------------------------------------------------

def load_ipython_extension(ipython):
    """Before each cell, let BLAS use only the cores other programs left free (IPython extension)."""
    if explicit_thread_setting():
        return
    load = OtherProgramsLoad().start()
    capacity = usable_cpus()

    def before_cell(*_):
        limit_blas_threads(threads_left_free(load.busy_cpus(), capacity))

    ipython.events.register("pre_run_cell", before_cell)


def configure_kernel(config, environ=None):
    """Load this module into every kernel of the environment (called by its ipython_kernel_config.py)."""
    if not explicit_thread_setting(environ):
        config.InteractiveShellApp.extensions.append(__name__)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Print the CPUs this process may use, or BLAS threads per worker.")
    parser.add_argument("--workers", type=int, help="print the BLAS threads of one of this many workers")
    args = parser.parse_args(argv)
    print(blas_threads_for_this_process(args.workers) if args.workers else usable_cpus())


if __name__ == "__main__":
    main()
