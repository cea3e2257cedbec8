"""BLAS threads on a shared machine (utils/threads.py): CPU budget, load sampling, the kernel extension."""
import os
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
from jupyter_client.manager import start_new_kernel
from traitlets.config import Config

from utils import threads


def cgroup_tree(tmp_path, proc_line, files):
    """A fake /proc/self/cgroup and /sys/fs/cgroup: ``files`` maps paths under the root to contents."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    proc = tmp_path / "cgroup"
    proc.write_text(proc_line + "\n")
    root = tmp_path / "sys"
    for relative, content in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(content)
    return root, proc


def test_cgroup_v2_quota_is_the_tightest_of_the_cgroup_and_its_parents(tmp_path):
    root, proc = cgroup_tree(tmp_path, "0::/pod/kernel", {"pod/cpu.max": "150000 100000",
                                                           "pod/kernel/cpu.max": "max 100000"})
    assert threads.cgroup_cpu_quota(root, proc) == 1.5


def test_cgroup_v1_quota_and_no_quota(tmp_path):
    root, proc = cgroup_tree(tmp_path / "a", "4:cpu,cpuacct:/job", {"cpu,cpuacct/job/cpu.cfs_quota_us": "300000",
                                                                     "cpu,cpuacct/job/cpu.cfs_period_us": "100000"})
    assert threads.cgroup_cpu_quota(root, proc) == 3.0
    root, proc = cgroup_tree(tmp_path / "b", "4:cpu,cpuacct:/", {"cpu,cpuacct/cpu.cfs_quota_us": "-1",
                                                                  "cpu,cpuacct/cpu.cfs_period_us": "100000"})
    assert threads.cgroup_cpu_quota(root, proc) is None


def test_usable_cpus_is_the_affinity_capped_by_the_quota(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    root, proc = cgroup_tree(tmp_path, "0::/", {"cpu.max": "250000 100000"})
    assert threads.usable_cpus(root, proc) == 2
    root, proc = cgroup_tree(tmp_path / "small", "0::/", {"cpu.max": "50000 100000"})
    assert threads.usable_cpus(root, proc) == 1
    root, proc = cgroup_tree(tmp_path / "none", "0::/", {})
    assert threads.usable_cpus(root, proc) == 4


def test_workers_share_the_usable_cpus(monkeypatch):
    monkeypatch.setattr(threads, "usable_cpus", lambda: 4)
    assert [threads.blas_threads_for_this_process(w) for w in (1, 2, 3, 4, 8)] == [4, 2, 1, 1, 1]
    assert threads.thread_limit_env(2) == {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2", "MKL_NUM_THREADS": "2"}


@pytest.mark.parametrize("busy, capacity, expected", [
    (0.0, 2, 2), (0.25, 2, 2), (0.35, 2, 1), (1.0, 2, 1), (3.0, 2, 1), (0.0, 1, 1), (1.2, 4, 3), (0.0, 8, 8)])
def test_threads_left_free_keeps_a_core_only_when_others_leave_most_of_it(busy, capacity, expected):
    assert threads.threads_left_free(busy, capacity) == expected


def test_an_explicit_thread_count_turns_the_kernel_extension_off():
    config = Config()
    threads.configure_kernel(config, environ={"OPENBLAS_NUM_THREADS": "1"})
    assert "extensions" not in config.InteractiveShellApp
    threads.configure_kernel(config, environ={})
    assert config.InteractiveShellApp.extensions.get_value([]) == ["utils.threads"]


@contextmanager
def busy_processes(count):
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for process in busy:
            process.kill()
            process.wait()


def sample_for(load, seconds, spin=False):
    """Sample ``load`` every 0.1 s for ``seconds``, keeping one CPU busy in this process if ``spin``."""
    for _ in range(round(seconds / 0.1) + 1):
        load.sample()
        end = time.monotonic() + 0.1
        while spin and time.monotonic() < end:
            pass
        time.sleep(0 if spin else 0.1)


def test_load_sees_a_busy_neighbour():
    load = threads.OtherProgramsLoad(period=0.1, window=1.0)
    with busy_processes(1):
        time.sleep(0.3)
        sample_for(load, 1.0)
    assert load.busy_cpus() >= 0.6, f"a busy neighbour was seen as {load.busy_cpus():.2f} CPU"


def test_load_leaves_out_what_this_process_uses():
    load = threads.OtherProgramsLoad(period=0.1, window=1.0)
    sample_for(load, 1.0, spin=True)
    (t0, busy0, own0), (t1, busy1, own1) = load.samples[0], load.samples[-1]
    everyone, own = (busy1 - busy0) / (t1 - t0), (own1 - own0) / (t1 - t0)
    assert own > 0.05, "this process did not run while it spun"
    # The machine's busy time includes this process; the others' estimate is the rest.
    assert load.busy_cpus() == pytest.approx(max(0.0, everyone - own), abs=1e-9)
    assert everyone >= own - 0.15, "/proc/stat and this process's CPU clock disagree"


def kernel_value(kc, expression):
    """Evaluate ``expression`` in a kernel and return what ``print(repr(...))`` shows."""
    outputs = []
    reply = kc.execute_interactive(f"print(repr({expression}))", output_hook=outputs.append, timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    return "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream").strip()


@contextmanager
def kernel(env):
    manager, client = start_new_kernel(kernel_name="python3", env=env)
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in threads.THREAD_VARIABLES}
    env.update(extra)
    return env


@pytest.mark.slow
def test_course_kernels_drop_to_one_blas_thread_beside_busy_programs():
    cpus = threads.usable_cpus()
    with busy_processes(cpus), kernel(clean_env()) as kc:
        assert "utils.threads" in kernel_value(kc, "get_ipython().extension_manager.loaded")
        kernel_value(kc, "__import__('numpy')")
        time.sleep(2.5)  # the extension's window: two seconds of the neighbours
        assert kernel_value(kc, "__import__('threadpoolctl').threadpool_info()[0]['num_threads']") == "1"


@pytest.mark.slow
def test_an_explicit_thread_count_reaches_the_kernel_untouched():
    with kernel(clean_env(OPENBLAS_NUM_THREADS="1")) as kc:
        assert "utils.threads" not in kernel_value(kc, "get_ipython().extension_manager.loaded")
