"""Benchmark: what the grading sandbox costs per submission, as a ratio to an unsandboxed kernel.

    python -m tools.bench_sandbox --runs 7

Starts, in turns within one run, a plain local kernel (with the sandbox's environment variables) and
a sandboxed one (bubblewrap, its own uid, limits, a tmpfs working folder), runs the first cell a grader runs (importing NumPy and the course's checks), and stops it.
Prints the median seconds of each and their ratio. Run it on a quiet machine, as root.
"""
import argparse
import os
import statistics
import time
from pathlib import Path

from jupyter_client import KernelManager

from grading.execute import _matplotlib_cache
from grading.kernels import Kernel
from grading.sandbox import Sandbox

FIRST_CELL = "import numpy as np\nimport matplotlib.pyplot as plt\nfrom utils.checks import assert_array"


def _time_kernel(make_manager, env=None):
    start = time.perf_counter()
    kernel = Kernel(make_manager(), env=env)
    result = kernel.run(FIRST_CELL, timeout=120)
    kernel.shutdown()
    assert result.status == "ok", result
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    import utils
    package = Path(utils.__file__).parent
    helpers = [package / "__init__.py", package / "checks.py"]
    plain, sandboxed = [], []
    # the same environment as inside the sandbox (one BLAS thread, no warnings, Agg backend)
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", PYTHONWARNINGS="ignore",
               MPLBACKEND="Agg")
    for _ in range(args.runs):
        plain.append(_time_kernel(lambda: KernelManager(kernel_name="python3"), env))
        sandbox = Sandbox(helpers, [], mpl_cache=_matplotlib_cache())
        try:
            sandboxed.append(_time_kernel(sandbox.kernel_manager))
        finally:
            sandbox.close()
    p, s = statistics.median(plain), statistics.median(sandboxed)
    print(f"kernel start + first cell + stop, median of {args.runs}:")
    print(f"  plain kernel      {p:.3f} s")
    print(f"  sandboxed kernel  {s:.3f} s")
    print(f"  ratio sandboxed / plain = {s / p:.2f}")


if __name__ == "__main__":
    main()
