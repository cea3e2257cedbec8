"""Course-style names for the "deep neural network step by step" lesson (notebook 04_deep_nn_step_by_step).

The forward activations here return ``(A, cache)`` with ``cache = Z``, the convention of the
step-by-step lesson: a forward function keeps what its backward function will need. The math lives
in ``utils.activations``; this module only wraps it under the names the lesson uses.
"""
from utils import activations
from utils.activations import relu_backward, sigmoid_backward  # noqa: F401


def sigmoid(Z):
    """Sigmoid activation that also returns its cache.

    Parameters
    ----------
    Z : numpy.ndarray, any shape

    Returns
    -------
    A : numpy.ndarray, same shape as ``Z``, ``1 / (1 + exp(-Z))``
    cache : numpy.ndarray
        ``Z`` itself, kept for ``sigmoid_backward``.
    """
    return activations.sigmoid(Z), Z


def relu(Z):
    """ReLU activation that also returns its cache.

    Parameters
    ----------
    Z : numpy.ndarray, any shape

    Returns
    -------
    A : numpy.ndarray, same shape as ``Z``, ``max(0, Z)``
    cache : numpy.ndarray
        ``Z`` itself, kept for ``relu_backward``.
    """
    return activations.relu(Z), Z
