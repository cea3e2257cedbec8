"""Activation functions and their backward passes, the one home for them in the course.

Forward functions take an array of any shape and return an array of the same shape. Backward
functions take ``dA`` (the gradient of the cost with respect to the activation output) and the
``cache`` saved by the forward pass (``Z``), and return ``dZ`` of the same shape.
"""
import numpy as np


def sigmoid(z):
    """Logistic function ``1 / (1 + exp(-z))``, element-wise.

    Parameters
    ----------
    z : scalar or numpy.ndarray of any shape

    Returns
    -------
    numpy.ndarray or scalar, same shape as ``z``, values in (0, 1)
    """
    return 1 / (1 + np.exp(-z))


def relu(z):
    """Rectified linear unit ``max(0, z)``, element-wise; same shape as ``z``."""
    return np.maximum(0, z)


def tanh(z):
    """Hyperbolic tangent, element-wise; same shape as ``z``."""
    return np.tanh(z)


def sigmoid_backward(dA, cache):
    """Backward pass of a sigmoid unit.

    Parameters
    ----------
    dA : numpy.ndarray, shape (n, m)
        Gradient of the cost with respect to the sigmoid's output.
    cache : numpy.ndarray, shape (n, m)
        ``Z``, the sigmoid's input, saved by the forward pass.

    Returns
    -------
    dZ : numpy.ndarray, shape (n, m)
        ``dA * s * (1 - s)`` with ``s = sigmoid(Z)``.
    """
    _check_same_shape(dA, cache, "sigmoid_backward")
    s = sigmoid(cache)
    return dA * s * (1 - s)


def relu_backward(dA, cache):
    """Backward pass of a ReLU unit: ``dZ = dA`` where ``Z > 0`` and ``0`` elsewhere (also at 0).

    Parameters
    ----------
    dA : numpy.ndarray, shape (n, m)
    cache : numpy.ndarray, shape (n, m)
        ``Z``, the ReLU's input.

    Returns
    -------
    dZ : numpy.ndarray, shape (n, m)
    """
    _check_same_shape(dA, cache, "relu_backward")
    return np.where(cache > 0, dA, 0.0)


def tanh_backward(dA, cache):
    """Backward pass of a tanh unit: ``dZ = dA * (1 - tanh(Z)**2)``; shapes as ``dA``."""
    _check_same_shape(dA, cache, "tanh_backward")
    return dA * (1 - np.tanh(cache) ** 2)


def _check_same_shape(dA, cache, name):
    """A backward pass needs ``dA`` and ``Z`` of one layer: different shapes mean a mixed-up cache.

    NumPy would broadcast some mismatches into a wrong answer, or fail with a message about operands;
    this says what is wrong instead.
    """
    if np.shape(dA) != np.shape(cache):
        raise ValueError(f"{name}: dA has shape {np.shape(dA)} but the cache (Z) has shape {np.shape(cache)}; "
                         "they should belong to the same layer")
