"""Course-style helpers of the application lesson (05_deep_nn_application): the cat classifier.

These are the building blocks students wrote in the previous assignment, 04_deep_nn_step_by_step
(initialization, the forward and backward modules, the cost and the update), given here so that the
application notebook can assemble them into whole models. Two additions:

- ``initialize_parameters_deep_scaled``: the deep initializer the application uses. It seeds the
  generator with 1 and scales ``W[l]`` by ``1 / sqrt(n[l-1])``. The step-by-step version
  (``initialize_parameters_deep``: seed 3, weights times 0.01) is kept too; with it the 4-layer cat
  model barely learns.
- ``predict``: threshold the network's output at 0.5 and print the accuracy.

The activations come from ``utils.dnn_utils``: ``relu(Z)`` and ``sigmoid(Z)`` return ``(A, Z)``;
``relu_backward(dA, Z)`` and ``sigmoid_backward(dA, Z)`` return ``dZ``.

Shapes: ``X`` is ``(n_x, m)`` with one example per column; ``W[l]`` is ``(n[l], n[l-1])``; ``b[l]`` is
``(n[l], 1)``; labels are ``(1, m)``. Caches are ``((A_prev, W, b), Z)``; gradients use the keys
``dA{l}``, ``dW{l}`` and ``db{l}``. One deliberate difference from the step-by-step notebook, for
speed: ``L_model_backward`` leaves out ``dA0`` (see its docstring).
"""
import numpy as np

from utils.data import load_cat_dataset as load_data  # noqa: F401  (course-style name)
from utils.dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward
from utils.parameters import seeded_layers, update_parameters  # noqa: F401  (05 uses 04's update step)

__all__ = ["sigmoid", "relu", "sigmoid_backward", "relu_backward", "load_data",
           "initialize_parameters", "initialize_parameters_deep", "initialize_parameters_deep_scaled",
           "linear_forward", "linear_activation_forward", "L_model_forward", "compute_cost",
           "linear_backward", "linear_activation_backward", "L_model_backward", "update_parameters",
           "predict"]

_ACTIVATIONS = {"relu": (relu, relu_backward), "sigmoid": (sigmoid, sigmoid_backward)}


def _activation(name):
    if name not in _ACTIVATIONS:
        raise ValueError(f"activation should be 'relu' or 'sigmoid', not {name!r}")
    return _ACTIVATIONS[name]


# ============================================================================ initialization
def initialize_parameters(n_x, n_h, n_y):
    """Parameters of a 2-layer network: seed 1, weights ``randn * 0.01`` (W1 drawn first), biases zero.

    Returns
    -------
    dict with ``W1`` (n_h, n_x), ``b1`` (n_h, 1), ``W2`` (n_y, n_h), ``b2`` (n_y, 1)
    """
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    W2 = np.random.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def initialize_parameters_deep(layer_dims):
    """Parameters of an L-layer network as in the step-by-step lesson: seed 3, weights ``randn * 0.01``.

    Parameters
    ----------
    layer_dims : sequence of int
        ``[n_x, n_1, ..., n_L]``, the size of every layer including the input.

    Returns
    -------
    dict with ``W{l}`` (layer_dims[l], layer_dims[l-1]) and ``b{l}`` (layer_dims[l], 1), l = 1 .. L
    """
    return seeded_layers(layer_dims, seed=3, scale=lambda W, n_prev: W * 0.01)


def initialize_parameters_deep_scaled(layer_dims):
    """Parameters of an L-layer network for the application: seed 1, weights ``randn / sqrt(n[l-1])``.

    Dividing by the square root of the number of inputs keeps every layer's ``Z`` of order one, so a
    deep ReLU network starts learning at once; ``* 0.01`` makes the signal shrink layer after layer.

    Parameters
    ----------
    layer_dims : sequence of int
        ``[n_x, n_1, ..., n_L]``.

    Returns
    -------
    dict with ``W{l}`` (layer_dims[l], layer_dims[l-1]) and ``b{l}`` (layer_dims[l], 1), l = 1 .. L
    """
    return seeded_layers(layer_dims, seed=1, scale=lambda W, n_prev: W / np.sqrt(n_prev))


# ============================================================================ forward
def linear_forward(A, W, b):
    """``Z = W A + b``; returns ``Z`` (n[l], m) and the cache ``(A, W, b)``."""
    Z = W @ A + b
    return Z, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """One layer, LINEAR then ACTIVATION (``"relu"`` or ``"sigmoid"``).

    Returns
    -------
    A : numpy.ndarray, shape (n[l], m)
    cache : tuple ``((A_prev, W, b), Z)``
    """
    forward, _ = _activation(activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = forward(Z)
    return A, (linear_cache, activation_cache)


def L_model_forward(X, parameters):
    """``[LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID``, with ``L = len(parameters) // 2``.

    Returns
    -------
    AL : numpy.ndarray, shape (1, m), the predicted probabilities
    caches : list of the L caches of ``linear_activation_forward`` (index 0 .. L-1)
    """
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y):
    """Cross-entropy ``-(1/m) sum(Y log AL + (1 - Y) log(1 - AL))`` as a Python float; AL, Y: (1, m)."""
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)


# ============================================================================ backward
def linear_backward(dZ, cache, compute_dA_prev=True):
    """Gradients of the linear part of a layer from ``dZ`` (n[l], m) and the cache ``(A_prev, W, b)``.

    ``compute_dA_prev=False`` skips ``dA_prev`` (returned as None): nothing needs the gradient with
    respect to the input pictures, and on 12288 pixels it is the most expensive product of a step.

    Returns
    -------
    dA_prev : shape of A_prev (or None); dW : shape of W; db : shape of b
    """
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = (dZ @ A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ if compute_dA_prev else None
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation, compute_dA_prev=True):
    """Backward pass of one LINEAR -> ACTIVATION layer; returns ``dA_prev, dW, db``.

    ``dA`` and ``cache`` must belong to the same layer; a cache of another layer raises a ValueError
    that says so (NumPy alone would fail later, or broadcast its way to wrong gradients).
    """
    _, backward = _activation(activation)
    if not (isinstance(cache, tuple) and len(cache) == 2 and isinstance(cache[0], tuple) and len(cache[0]) == 3):
        raise ValueError("linear_activation_backward: cache should be the pair ((A_prev, W, b), Z) that "
                         "linear_activation_forward returned for this layer")
    linear_cache, activation_cache = cache
    if np.shape(dA) != np.shape(activation_cache):
        raise ValueError(f"linear_activation_backward: dA has shape {np.shape(dA)} but the cache is that of a "
                         f"layer of output shape {np.shape(activation_cache)}; pass the cache that the "
                         "forward step of the same layer returned")
    return linear_backward(backward(dA, activation_cache), linear_cache, compute_dA_prev)


def L_model_backward(AL, Y, caches):
    """Gradients of the cross-entropy for the ``[LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID`` model.

    Unlike the step-by-step version, this one does not compute ``dA0``, the gradient with respect to
    the input ``X``: training never uses it, and for 64x64 pictures it costs about 40 % of a step.

    Returns
    -------
    dict with ``dA{l}`` (l = 1 .. L-1, the gradient with respect to ``A[l]``) and ``dW{l}``, ``db{l}``
    (l = 1 .. L)
    """
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    grads = {}
    for l in reversed(range(1, L + 1)):
        activation = "sigmoid" if l == L else "relu"
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            dA, caches[l - 1], activation, compute_dA_prev=l > 1)
        if l > 1:
            grads[f"dA{l - 1}"] = dA
    return grads


# ============================================================================ prediction
def predict(X, y, parameters):
    """Predict 0/1 labels with an L-layer model (threshold 0.5) and print the accuracy.

    Parameters
    ----------
    X : numpy.ndarray, shape (n_x, m)
    y : numpy.ndarray, shape (1, m), the true labels
    parameters : dict ``W1, b1, ..., WL, bL``

    Returns
    -------
    p : numpy.ndarray, shape (1, m), int, the predictions
    """
    probabilities, _ = L_model_forward(X, parameters)
    p = (probabilities > 0.5).astype(int)
    print("Accuracy: " + str(float(np.mean(p == y))))
    return p
