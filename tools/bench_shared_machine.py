"""How fast a NumPy notebook runs on a shared machine: quiet, beside one and beside three busy programs.

    .venv/bin/python -m tools.bench_shared_machine [--runs 3] [--notebook PATH]

Runs a notebook in a fresh kernel under three thread policies, each alone on the machine, beside one
and beside three CPU-bound processes (``while True: pass``, started before the kernel), interleaved,
in one run, and prints the median time of its cells and its ratio to the fair share:

- ``before``: NumPy's default, one OpenBLAS thread per usable CPU;
- ``one thread``: ``OPENBLAS_NUM_THREADS=1``, the static rule;
- ``after``: the course's kernels (``utils/threads.py``): before each cell, BLAS uses the cores that
  other programs left free.

The fair share is the time the notebook takes with one CPU to itself (the quiet one-thread time), times
the number of processes per CPU when there are more processes than CPUs: with one neighbour on two
cores it is the quiet one-thread time, with three neighbours twice that. The aim: ``after`` keeps the
quiet speed of ``before`` and stays within about 1.3 times the fair share beside busy programs.

The default workload is a generated notebook like 05's training: 600 gradient steps of logistic
regression and 80 of the 4-layer network [12288, 20, 7, 5, 1] on the cat pictures (its set-up cell,
imports and data loading, is not timed); ``--notebook`` runs any notebook instead (all its cells are
timed, from its own folder; a long notebook multiplies the run time).
Results depend on what else the machine runs: the load average is printed before and after.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from utils.threads import THREAD_VARIABLES, usable_cpus

ROOT = Path(__file__).resolve().parent.parent
NEIGHBOURS = (0, 1, 3)
#: Cells tagged so are run but not timed (the generated workload's imports and data loading).
UNTIMED = "untimed"

SETUP = """\
import numpy as np
from utils.data import load_cat_dataset
from utils.dnn_app_utils import L_model_backward, L_model_forward, initialize_parameters_deep, update_parameters
train_x, train_y, *_ = load_cat_dataset()
X, Y = train_x.reshape(train_x.shape[0], -1).T / 255.0, train_y"""

LOGISTIC = """\
w, b = np.zeros((X.shape[0], 1)), 0.0
for _ in range(600):
    dZ = 1 / (1 + np.exp(-(w.T @ X + b))) - Y
    w -= 0.005 * (X @ dZ.T) / X.shape[1]
    b -= 0.005 * dZ.mean()"""

DEEP = """\
parameters = initialize_parameters_deep([12288, 20, 7, 5, 1])
for _ in range(80):
    AL, caches = L_model_forward(X, parameters)
    parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), 0.0075)"""


def generated_notebook():
    """The default workload: a set-up cell and two training cells, run from the repository root."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code) for code in (SETUP, LOGISTIC, DEEP)]
    nb.cells[0].metadata["tags"] = [UNTIMED]
    return nb, ROOT


def kernel_env(policy):
    """The environment of the notebook's kernel under a thread policy (see the module docstring)."""
    env = {key: value for key, value in os.environ.items() if key not in THREAD_VARIABLES}
    if policy == "before":
        env["OPENBLAS_NUM_THREADS"] = str(usable_cpus())  # OpenBLAS's own default, made explicit
    elif policy == "one thread":
        env["OPENBLAS_NUM_THREADS"] = "1"
    return env  # "after": no variable, so the course's kernel extension chooses


def cell_seconds(nb):
    """Seconds the kernel spent running the notebook's cells but untimed ones (nbclient's timing metadata)."""
    total = 0.0
    for cell in nb.cells:
        if UNTIMED in cell.metadata.get("tags", []):
            continue
        timing = cell.metadata.get("execution", {})
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            start = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
            end = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
            total += (end - start).total_seconds()
    return total


def start_neighbours(count):
    """``count`` CPU-bound processes, given a moment to be running before the notebook starts."""
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    if busy:
        time.sleep(1.0)
    return busy


def run_once(notebook, folder, policy, neighbours):
    """Run the notebook once beside ``neighbours`` busy processes; return the seconds its cells took."""
    busy = start_neighbours(neighbours)
    try:
        nb = nbformat.from_dict(notebook)  # a fresh copy: nbclient writes outputs into it
        client = NotebookClient(nb, timeout=3600, kernel_name="python3", record_timing=True,
                                resources={"metadata": {"path": str(folder)}})
        client.execute(env=kernel_env(policy))
        return cell_seconds(nb)
    finally:
        for process in busy:
            process.kill()
            process.wait()


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def report(times, policies, cpus):
    """Print medians and ratios to the fair share; return the ratios ``{(policy, neighbours): ratio}``."""
    median = {key: statistics.median(value) for key, value in times.items()}
    alone = median[("one thread", 0)]
    fair = {n: alone * max(1.0, (n + 1) / cpus) for n in NEIGHBOURS}
    ratios = {key: value / fair[key[1]] for key, value in median.items()}
    header = "".join(f"{'quiet' if n == 0 else f'beside {n} busy':>20}" for n in NEIGHBOURS)
    print(f"{'median seconds (x fair share)':30}{header}")
    print(f"{'fair share':30}" + "".join(f"{fair[n]:>19.2f}s" for n in NEIGHBOURS))
    for policy in policies:
        cells = "".join(f"{median[(policy, n)]:>11.2f}s ({ratios[(policy, n)]:.2f}x)" for n in NEIGHBOURS)
        print(f"{policy:30}{cells}")
    print(f"quiet speed of 'after' against 'before': {median[('after', 0)] / median[('before', 0)]:.2f}x the time")
    return ratios


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="repetitions of each case (default 3)")
    parser.add_argument("--notebook", type=Path, help="a notebook to run instead of the generated workload")
    args = parser.parse_args(argv)
    if args.notebook:
        notebook, folder = nbformat.read(args.notebook, as_version=4), args.notebook.resolve().parent
    else:
        notebook, folder = generated_notebook()
    policies = ("before", "one thread", "after")
    cpus = usable_cpus()
    print(f"{args.notebook or 'generated workload'}: {args.runs} run(s), {cpus} usable CPUs, "
          f"load average {load_average()} before", flush=True)
    times = {}
    for run in range(args.runs):
        for neighbours in NEIGHBOURS:
            for policy in policies:
                seconds = run_once(notebook, folder, policy, neighbours)
                times.setdefault((policy, neighbours), []).append(seconds)
                print(f"  run {run + 1}: {policy:10} beside {neighbours} busy: {seconds:.2f} s", flush=True)
    print(f"load average {load_average()} after")
    report(times, policies, cpus)


if __name__ == "__main__":
    main()
