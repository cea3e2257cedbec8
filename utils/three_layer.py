"""The given 3-layer network of the Course 2 lessons: [LINEAR -> RELU] x 2 -> LINEAR -> SIGMOID.

One home for the model code that the initialization (06), regularization (07) and optimization (09)
lessons are *given*: forward and backward propagation, the cross-entropy cost, the gradient-descent
update, prediction, and the initializer of the regularization lesson. The course-style modules
``utils.init_utils`` and ``utils.reg_utils`` (and the optimization lesson's module) only re-export
these functions under the names the lessons use.

Shapes (one example per column):

- ``X``: ``(n_x, m)``; ``Y``: ``(1, m)`` with 0/1 labels;
- ``W{l}``: ``(n_l, n_{l-1})``; ``b{l}``: ``(n_l, 1)``, for l = 1, 2, 3 and ``n_3 = 1``;
- ``z{l}``, ``a{l}``: ``(n_l, m)``; ``a3``: ``(1, m)``, the probability of label 1.

The forward cache is the 12-tuple ``(z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)``.

Two conventions of the original helper modules
----------------------------------------------
The lessons' published numbers reproduce to about 1e-15 only if the backward pass applies the
factor ``1/m`` where the original did, so ``backward_propagation`` takes a ``convention``:

- ``"init"`` (initialization and optimization lessons): ``dz3 = (1/m) (a3 - Y)``; no further
  ``1/m``; gradient keys in lower case for ``z`` and ``a``: ``dz3, dW3, db3, da2, dz2, ...``.
- ``"reg"`` (regularization lesson): ``dZ3 = a3 - Y``; ``dW = (1/m) dZ A_prev^T`` and
  ``db = (1/m) sum(dZ)``; keys ``dZ3, dW3, db3, dA2, dZ2, ...``.

Both give the same gradients up to rounding. ``backward_propagation_reg`` is the ``"reg"`` binding,
so that ``utils.reg_utils`` can re-export it under the plain name.

What is deliberately *not* here
-------------------------------
The initialization lesson's graded initializers (zeros, large random, He) are exercises of a
notebook that imports this module, so none of them lives here, not even the optimization lesson's
He initializer (seed 3, ``randn * sqrt(2 / n_{l-1})``), which is the same function as the graded
``initialize_parameters_he``: it belongs in the optimization lesson's own module, which the
initialization notebook does not import.
"""
import numpy as np

from utils.activations import relu, sigmoid
from utils.parameters import seeded_layers, update_parameters  # noqa: F401  (given code of the lessons)

__all__ = ["initialize_parameters", "forward_propagation", "backward_propagation",
           "backward_propagation_reg", "compute_cost", "compute_cost_sum", "update_parameters",
           "predict", "predict_dec", "CONVENTIONS"]

#: The two backward-pass conventions (see the module docstring).
CONVENTIONS = ("init", "reg")

_GRADIENT_KEYS = {
    "init": ("dz3", "dW3", "db3", "da2", "dz2", "dW2", "db2", "da1", "dz1", "dW1", "db1"),
    "reg": ("dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"),
}


def initialize_parameters(layer_dims):
    """Initializer of the regularization lesson: seed 3, ``W{l} = randn(n_l, n_{l-1}) / sqrt(n_{l-1})``.

    Seeds NumPy's global generator with 3, then draws ``W1``, ``W2``, ... in order; biases are zero.
    Dividing by the square root of the number of inputs keeps every ``z`` of order one.

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
    return seeded_layers(layer_dims, seed=3, scale=lambda W, n_prev: W / np.sqrt(n_prev))


def forward_propagation(X, parameters):
    """Forward pass LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.

    Parameters
    ----------
    X : numpy.ndarray, shape (n_x, m)
        Input data, one example per column.
    parameters : dict
        ``"W1"`` (n_1, n_x), ``"b1"`` (n_1, 1), ``"W2"`` (n_2, n_1), ``"b2"`` (n_2, 1),
        ``"W3"`` (1, n_2), ``"b3"`` (1, 1).

    Returns
    -------
    a3 : numpy.ndarray, shape (1, m)
        The output of the sigmoid: the probability of label 1 for every example.
    cache : tuple
        ``(z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)`` for ``backward_propagation``.
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]

    z1 = np.dot(W1, X) + b1
    a1 = relu(z1)
    z2 = np.dot(W2, a1) + b2
    a2 = relu(z2)
    z3 = np.dot(W3, a2) + b3
    a3 = sigmoid(z3)

    cache = (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)
    return a3, cache


def backward_propagation(X, Y, cache, convention="init"):
    """Gradients of the mean cross-entropy for the 3-layer network.

    Parameters
    ----------
    X : numpy.ndarray, shape (n_x, m)
    Y : numpy.ndarray, shape (1, m)
        The true 0/1 labels.
    cache : tuple
        The cache of ``forward_propagation``.
    convention : {"init", "reg"}
        Where the factor ``1/m`` is applied and how the keys are spelled (module docstring):
        ``"init"`` folds it into ``dz3``; ``"reg"`` applies it to every ``dW`` and ``db``.

    Returns
    -------
    gradients : dict
        ``"dW{l}"``, ``"db{l}"`` (shapes of ``W{l}``, ``b{l}``) and the intermediate gradients
        ``dz3`` (1, m), ``da2``, ``dz2`` (n_2, m), ``da1``, ``dz1`` (n_1, m), spelled
        ``dz3, da2, ...`` with ``"init"`` and ``dZ3, dA2, ...`` with ``"reg"``.
    """
    if convention not in CONVENTIONS:
        raise ValueError(f"convention should be one of {CONVENTIONS}, not {convention!r}")
    m = X.shape[1]
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache

    if convention == "init":
        dz3 = 1. / m * (a3 - Y)
        dW3 = np.dot(dz3, a2.T)
        db3 = np.sum(dz3, axis=1, keepdims=True)
        da2 = np.dot(W3.T, dz3)
        dz2 = np.multiply(da2, np.int64(a2 > 0))
        dW2 = np.dot(dz2, a1.T)
        db2 = np.sum(dz2, axis=1, keepdims=True)
        da1 = np.dot(W2.T, dz2)
        dz1 = np.multiply(da1, np.int64(a1 > 0))
        dW1 = np.dot(dz1, X.T)
        db1 = np.sum(dz1, axis=1, keepdims=True)
    else:
        dz3 = a3 - Y
        dW3 = 1. / m * np.dot(dz3, a2.T)
        db3 = 1. / m * np.sum(dz3, axis=1, keepdims=True)
        da2 = np.dot(W3.T, dz3)
        dz2 = np.multiply(da2, np.int64(a2 > 0))
        dW2 = 1. / m * np.dot(dz2, a1.T)
        db2 = 1. / m * np.sum(dz2, axis=1, keepdims=True)
        da1 = np.dot(W2.T, dz2)
        dz1 = np.multiply(da1, np.int64(a1 > 0))
        dW1 = 1. / m * np.dot(dz1, X.T)
        db1 = 1. / m * np.sum(dz1, axis=1, keepdims=True)

    values = (dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1, dW1, db1)
    return dict(zip(_GRADIENT_KEYS[convention], values))


def backward_propagation_reg(X, Y, cache):
    """``backward_propagation`` with the regularization lesson's convention (``convention="reg"``).

    ``dZ3 = a3 - Y``; ``dW{l} = (1/m) dZ{l} A{l-1}^T``; ``db{l} = (1/m) sum(dZ{l})``; returns the keys
    ``dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1`` (shapes as in ``backward_propagation``).
    """
    return backward_propagation(X, Y, cache, convention="reg")


def compute_cost(a3, Y, average=True):
    """Cross-entropy cost ``(1/m) * nansum(-Y log(a3) - (1 - Y) log(1 - a3))``.

    ``nansum`` skips the ``0 * log(0)`` terms (NaN) that a saturated sigmoid produces; a
    confidently wrong prediction (``a3`` exactly 0 or 1 against the label) still makes the cost
    ``inf``. The divide-by-zero warnings of ``log(0)`` are silenced: the returned ``inf`` says it.

    Parameters
    ----------
    a3 : numpy.ndarray, shape (1, m)
        The output of ``forward_propagation``.
    Y : numpy.ndarray, shape (1, m)
        The true 0/1 labels.
    average : bool
        True (default): the mean over the m examples. False: the sum over the examples
        (``compute_cost_sum``), which the optimization lesson accumulates over minibatches.

    Returns
    -------
    cost : float
    """
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    total = np.nansum(logprobs)
    return float(1. / m * total) if average else float(total)


def compute_cost_sum(a3, Y):
    """The cross-entropy summed (not averaged) over the examples: ``compute_cost(a3, Y, average=False)``.

    Parameters
    ----------
    a3 : numpy.ndarray, shape (1, m)
    Y : numpy.ndarray, shape (1, m)

    Returns
    -------
    cost_total : float
    """
    return compute_cost(a3, Y, average=False)


def predict(X, y, parameters):
    """Predict 0/1 labels (threshold 0.5) and print the accuracy as ``Accuracy: <mean>``.

    Parameters
    ----------
    X : numpy.ndarray, shape (n_x, m)
    y : numpy.ndarray, shape (1, m)
        The true labels.
    parameters : dict
        The trained ``W1, b1, W2, b2, W3, b3``.

    Returns
    -------
    p : numpy.ndarray, shape (1, m), dtype int
        The predictions.
    """
    a3, _ = forward_propagation(X, parameters)
    p = np.zeros((1, X.shape[1]), dtype=int)
    p[0, :] = a3[0, :] > 0.5
    print("Accuracy: " + str(float(np.mean(p[0, :] == y[0, :]))))
    return p


def predict_dec(parameters, X):
    """Predictions for drawing decision boundaries (nothing printed).

    Parameters
    ----------
    parameters : dict
        ``W1, b1, W2, b2, W3, b3``.
    X : numpy.ndarray, shape (n_x, k)
        Points, one per column (``plot_decision_boundary`` gives rows: pass ``x.T``).

    Returns
    -------
    numpy.ndarray, shape (1, k), bool
        ``a3 > 0.5``.
    """
    a3, _ = forward_propagation(X, parameters)
    return a3 > 0.5
