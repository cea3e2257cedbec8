"""Course-style names for the regularization lesson (07_regularization).

Everything lives in its home module; this one only gathers the names the lesson imports:
the given 3-layer network and its initializer (``utils.three_layer``, with the ``"reg"``
convention: ``dZ3 = A3 - Y``, the factor ``1/m`` on every ``dW`` and ``db``, upper-case gradient
keys ``dZ3, dA2, ...``), the football data (``utils.data``) and the decision-boundary plot
(``utils.plotting``). ``sigmoid`` and ``relu`` are the plain functions (one return value).
The lesson's regularized cost and its regularized and dropout passes are its exercises: they are
not here.
"""
from utils.activations import relu, sigmoid  # noqa: F401
from utils.data import load_football_dataset as load_2D_dataset  # noqa: F401
from utils.plotting import plot_decision_boundary  # noqa: F401
from utils.three_layer import (backward_propagation_reg as backward_propagation,  # noqa: F401
                               compute_cost, forward_propagation, initialize_parameters, predict,
                               predict_dec, update_parameters)

__all__ = ["sigmoid", "relu", "plot_decision_boundary", "initialize_parameters", "load_2D_dataset",
           "predict_dec", "compute_cost", "predict", "forward_propagation", "backward_propagation",
           "update_parameters"]
