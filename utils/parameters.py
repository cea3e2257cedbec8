"""Parameter dictionaries of L-layer networks: seeded initialization and one gradient-descent step.

The one home of the loops that several lessons' given code shares (the application's deep network,
the 3-layer model of the initialization, regularization and optimization lessons). The keys are
``W1, b1, ..., WL, bL``; gradients use ``dW1, db1, ..., dWL, dbL``.

``update_parameters`` is an exercise of the planar and step-by-step lessons (03, 04): only the
modules of later lessons import this one, and a grading sandbox sees a helper module only if its
assignment imports it (``grading/visibility.py``).
"""
import numpy as np


def seeded_layers(layer_dims, seed, scale):
    """Seed NumPy's global generator, then draw every layer's weights; biases are zero.

    Parameters
    ----------
    layer_dims : sequence of int
        ``[n_x, n_1, ..., n_L]``, the size of every layer including the input.
    seed : int
        Seed of the global generator (the lessons' given initializers are reproducible).
    scale : callable
        ``scale(W, n_prev)`` turns a standard-normal draw ``W`` of shape (n_l, n_prev) into the layer's
        weights, e.g. ``lambda W, n_prev: W / np.sqrt(n_prev)``.

    Returns
    -------
    dict
        ``"W{l}"`` of shape (layer_dims[l], layer_dims[l-1]) and ``"b{l}"`` of shape
        (layer_dims[l], 1), for l = 1 .. L, drawn in that order.
    """
    np.random.seed(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        parameters[f"W{l}"] = scale(np.random.randn(n, n_prev), n_prev)
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent; returns a new dict (the arrays passed in are not modified).

    Parameters
    ----------
    parameters : dict
        ``"W{l}"``, ``"b{l}"`` for l = 1 .. L (nothing else).
    grads : dict
        ``"dW{l}"``, ``"db{l}"`` of the same shapes (other keys are ignored).
    learning_rate : float

    Returns
    -------
    dict
        ``W{l} - learning_rate * dW{l}`` and ``b{l} - learning_rate * db{l}``.
    """
    L = len(parameters) // 2
    updated = {}
    for l in range(1, L + 1):
        for name in (f"W{l}", f"b{l}"):
            if f"d{name}" not in grads:
                raise KeyError(f"update_parameters: grads has no 'd{name}' (it has {sorted(grads)})")
            if np.shape(grads[f"d{name}"]) != np.shape(parameters[name]):
                raise ValueError(f"update_parameters: grads['d{name}'] has shape {np.shape(grads[f'd{name}'])} "
                                 f"but parameters['{name}'] has shape {np.shape(parameters[name])}; a gradient "
                                 "has the shape of its parameter")
            updated[name] = parameters[name] - learning_rate * grads[f"d{name}"]
    return updated
