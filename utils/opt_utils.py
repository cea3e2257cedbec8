"""Course-style names for the optimization lesson (09_optimization).

The lesson trains the Course 2 three-layer network ``[LINEAR -> RELU] x 2 -> LINEAR -> SIGMOID`` on
the moons with several optimizers. Everything except the initializer lives in its home module; this
one gathers the names the lesson imports:

- the network (``utils.three_layer``, ``"init"`` convention: the factor ``1/m`` folded into ``dz3``,
  lower-case gradient keys ``dz3, dW3, db3, da2, ...``): ``forward_propagation``,
  ``backward_propagation``, ``predict`` (prints the accuracy), ``predict_dec``;
- ``compute_cost``: the cross-entropy **summed** over the examples of a mini-batch (not averaged),
  ``utils.three_layer.compute_cost_sum``. The lesson's ``model`` adds these sums over an epoch and
  divides by ``m`` once, so the recorded cost is the mean over the whole training set;
- ``load_dataset``: the 300 moons (``utils.data.load_moons_dataset``, seed 3), ``X`` (2, 300),
  ``Y`` (1, 300); there is no test set;
- ``plot_decision_boundary`` (``utils.plotting``), ``sigmoid`` and ``relu`` (``utils.activations``);
- ``load_params_and_grads(seed=1)``: seeded parameters ``W1`` (2, 3), ``b1``, ``W2`` (3, 3), ``b2``
  and gradients of the same shapes, the inputs of the update checks (``utils.testCases``).

``initialize_parameters`` is defined here: He initialization (seed 3), the same function students
write as ``initialize_parameters_he`` in the initialization lesson (06). It lives in this module, and
not in ``utils.three_layer``, because the initialization notebook imports ``utils.three_layer``.
"""
import numpy as np

from utils.activations import relu, sigmoid  # noqa: F401
from utils.data import load_moons_dataset as load_dataset  # noqa: F401
from utils.parameters import seeded_layers
from utils.plotting import plot_decision_boundary  # noqa: F401
from utils.testCases import load_params_and_grads  # noqa: F401
from utils.three_layer import (backward_propagation, compute_cost_sum as compute_cost,  # noqa: F401
                               forward_propagation, predict, predict_dec)

__all__ = ["load_params_and_grads", "initialize_parameters", "forward_propagation",
           "backward_propagation", "compute_cost", "predict", "predict_dec", "plot_decision_boundary",
           "load_dataset", "sigmoid", "relu"]


def initialize_parameters(layer_dims):
    """He initialization: seed 3, ``W{l} = randn(n_l, n_{l-1}) * sqrt(2 / n_{l-1})``, zero biases.

    Seeds NumPy's global generator with 3, then draws ``W1``, ``W2``, ... in order.

    Parameters
    ----------
    layer_dims : sequence of int
        ``[n_x, n_1, ..., n_L]``, the size of every layer including the input.

    Returns
    -------
    parameters : dict
        ``"W{l}"`` of shape (layer_dims[l], layer_dims[l-1]) and ``"b{l}"`` of shape
        (layer_dims[l], 1), for l = 1 .. L.
    """
    return seeded_layers(layer_dims, seed=3, scale=lambda W, n_prev: W * np.sqrt(2 / n_prev))
