"""The trained 4-layer cat network of notebook 05, as the ML-strategy lessons (11, 12) use it.

``utils.data.load_cat_model()`` gives its parameters (layers [12288, 20, 7, 5, 1]); the functions
here run it on pictures as stored, ``(m, 64, 64, 3)`` uint8, flattening and scaling them as notebook 05
does. The forward pass is notebook 05's (``utils.dnn_app_utils``).
"""
import numpy as np

from utils.dnn_app_utils import L_model_forward, linear_activation_forward


def flatten(pictures):
    """Pictures (m, 64, 64, 3), uint8 -> inputs (12288, m) in [0, 1], one picture per column."""
    return pictures.reshape(len(pictures), -1).T / 255.0


def cat_probability(pictures, parameters):
    """The network's output a^[L], the probability of "cat", for every picture.

    Parameters
    ----------
    pictures : numpy.ndarray, shape (m, 64, 64, 3), uint8
    parameters : dict
        "W1", "b1", ..., "WL", "bL" of the network.

    Returns
    -------
    numpy.ndarray, shape (1, m)
    """
    AL, _ = L_model_forward(flatten(pictures), parameters)
    return AL


def hidden_features(pictures, parameters, n_layers):
    """The activations of the first ``n_layers`` (ReLU) layers: what those layers compute from the pictures.

    Parameters
    ----------
    pictures : numpy.ndarray, shape (m, 64, 64, 3), uint8
    parameters : dict
        "W1", "b1", ..., of the network.
    n_layers : int
        How many layers to run, at most L - 1 (every hidden layer).

    Returns
    -------
    numpy.ndarray, shape (n[n_layers], m)
    """
    if not 1 <= n_layers < len(parameters) // 2:
        raise ValueError(f"n_layers should be between 1 and {len(parameters) // 2 - 1} (the hidden layers), not {n_layers}")
    A = flatten(pictures)
    for l in range(1, n_layers + 1):
        A, _ = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
    return A
