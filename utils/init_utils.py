"""Course-style names for the initialization lesson (06_initialization).

Everything lives in its home module; this one only gathers the names the lesson imports:
the given 3-layer network (``utils.three_layer``, with the ``"init"`` convention: the factor
``1/m`` folded into ``dz3``, lower-case gradient keys), the circles data (``utils.data``) and the
decision-boundary plot (``utils.plotting``). ``sigmoid`` and ``relu`` are the plain functions
(one return value). The lesson's three initializers are its exercises: they are not here.
"""
from utils.activations import relu, sigmoid  # noqa: F401
from utils.data import load_circles_dataset as load_dataset  # noqa: F401
from utils.plotting import plot_decision_boundary  # noqa: F401
from utils.three_layer import (backward_propagation, compute_cost as compute_loss,  # noqa: F401
                               forward_propagation, predict, predict_dec, update_parameters)

__all__ = ["sigmoid", "relu", "compute_loss", "forward_propagation", "backward_propagation",
           "update_parameters", "predict", "load_dataset", "plot_decision_boundary", "predict_dec"]
