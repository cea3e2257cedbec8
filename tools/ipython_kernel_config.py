# Copied by ./course setup to .venv/etc/ipython/: IPython reads it in every kernel of the course's
# environment (and only there). It sizes NumPy's BLAS threads to the cores other programs leave free
# (utils/threads.py), unless OPENBLAS_NUM_THREADS, OMP_NUM_THREADS or MKL_NUM_THREADS is set.
try:
    from utils.threads import configure_kernel
except ImportError:  # a grading sandbox sees only the helpers its assignment imports
    pass
else:
    configure_kernel(get_config())  # noqa: F821  (provided by IPython when it loads this file)
