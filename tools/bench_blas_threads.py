"""Compare one and two BLAS threads (and the cost of dA0) on the cat models, as ratios in one run.

    .venv/bin/python -m tools.bench_blas_threads [--runs 3]

Times a few hundred logistic-regression steps and a few dozen 4-layer steps ([12288, 20, 7, 5, 1])
on the cat pictures, alternating thread limits inside one process (threadpoolctl), and prints the
medians and the ratios. Behind two decisions: ``./course test`` pins one thread per worker (two
workers share two cores), and ``utils.dnn_app_utils.L_model_backward`` skips ``dA0``.
"""
import argparse
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_limits

from utils.data import load_cat_dataset


def cat_matrix():
    train_x, train_y, *_ = load_cat_dataset()
    return train_x.reshape(train_x.shape[0], -1).T / 255.0, train_y


def logistic_steps(X, Y, steps=300):
    w, b = np.zeros((X.shape[0], 1)), 0.0
    for _ in range(steps):
        dZ = 1 / (1 + np.exp(-(w.T @ X + b))) - Y
        w -= 0.005 * (X @ dZ.T) / X.shape[1]
        b -= 0.005 * dZ.mean()


def deep_steps(X, Y, steps=30, with_dA0=True, dims=(12288, 20, 7, 5, 1)):
    rng = np.random.RandomState(1)
    params = [(rng.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1]), np.zeros((dims[l], 1)))
              for l in range(1, len(dims))]
    m, L = X.shape[1], len(params)
    for _ in range(steps):
        A, caches = X, []
        for l, (W, b) in enumerate(params, start=1):
            Z = W @ A + b
            caches.append((A, Z))
            A = np.maximum(Z, 0) if l < L else 1 / (1 + np.exp(-Z))
        dA = -(Y / A - (1 - Y) / (1 - A))
        for l in range(L, 0, -1):
            (A_prev, Z), (W, b) = caches[l - 1], params[l - 1]
            s = 1 / (1 + np.exp(-Z))
            dZ = dA * s * (1 - s) if l == L else np.where(Z > 0, dA, 0.0)
            if l > 1 or with_dA0:
                dA = W.T @ dZ
            params[l - 1] = (W - 0.0075 * (dZ @ A_prev.T) / m, b - 0.0075 * dZ.sum(1, keepdims=True) / m)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    X, Y = cat_matrix()
    cases = {"logistic": lambda: logistic_steps(X, Y), "deep": lambda: deep_steps(X, Y),
             "deep without dA0": lambda: deep_steps(X, Y, with_dA0=False)}
    times = {}
    for _ in range(args.runs):
        for name, run in cases.items():
            for threads in (1, 2):
                with threadpool_limits(threads):
                    start = time.perf_counter()
                    run()
                    times.setdefault((name, threads), []).append(time.perf_counter() - start)
    median = {key: statistics.median(value) for key, value in times.items()}
    for (name, threads), value in median.items():
        print(f"{name:18} {threads} thread(s): {value:.3f} s")
    for name in cases:
        print(f"{name:18} 1 thread / 2 threads = {median[(name, 1)] / median[(name, 2)]:.2f}")
    print(f"deep, 1 thread: without dA0 / with dA0 = {median[('deep without dA0', 1)] / median[('deep', 1)]:.2f}")


if __name__ == "__main__":
    main()
