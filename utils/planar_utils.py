"""Course-style names for the planar classification lesson (notebook 03_planar_classification).

Everything lives in its home module; this one only gathers the names the lesson imports.
``sigmoid`` here is the plain function (one return value), as in the logistic-regression lesson.
"""
from utils.activations import sigmoid  # noqa: F401
from utils.data import load_extra_datasets, load_planar_dataset  # noqa: F401
from utils.plotting import plot_decision_boundary  # noqa: F401

__all__ = ["plot_decision_boundary", "sigmoid", "load_planar_dataset", "load_extra_datasets"]
