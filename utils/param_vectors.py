"""Roll a network's parameters (or gradients) into one column vector, and unroll it again.

Gradient checking nudges one number at a time, so it is easiest on a single vector
``theta`` of shape ``(n, 1)`` that holds every weight and bias of the network. The order is always
layer by layer, weights first: ``W1, b1, W2, b2, ..., WL, bL``, each array flattened row by row
(``reshape(-1, 1)``). Gradients are rolled up in the matching order ``dW1, db1, ..., dWL, dbL``, so
entry ``i`` of the gradient vector is the derivative with respect to entry ``i`` of ``theta``.

The number of layers ``L`` is read from the dictionary (its ``"W<l>"`` keys), so these functions work
for networks of any depth and size. ``vector_to_dictionary`` needs the shapes back: pass the
original dictionary as ``template``; without it, the shapes of the gradient-checking lesson's
4-5-3-1 network are used (47 numbers).
"""
import re

import numpy as np

__all__ = ["dictionary_to_vector", "vector_to_dictionary", "gradients_to_vector", "DEFAULT_SHAPES"]

#: Shapes of the 4-5-3-1 network of the gradient-checking lesson (4 inputs, hidden layers of 5
#: and 3 units, 1 output): 20 + 5 + 15 + 3 + 3 + 1 = 47 parameters.
DEFAULT_SHAPES = {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}


def _layer_keys(mapping, prefix=""):
    """``[prefix+"W1", prefix+"b1", ..., prefix+"WL", prefix+"bL"]`` for the layers found in ``mapping``."""
    pattern = re.compile(re.escape(prefix) + r"W(\d+)$")
    layers = sorted(int(match.group(1)) for key in mapping if (match := pattern.match(key)))
    if layers != list(range(1, len(layers) + 1)):
        found = [f"{prefix}W{l}" for l in layers]
        raise KeyError(f"expected the keys {prefix}W1, {prefix}W2, ... numbered from 1 without gaps, got {found}")
    keys = []
    for l in layers:
        for name in (f"{prefix}W{l}", f"{prefix}b{l}"):
            if name not in mapping:
                raise KeyError(f"{name!r} is missing: every layer needs {prefix}W<l> and {prefix}b<l>")
            keys.append(name)
    return keys


def dictionary_to_vector(parameters):
    """Stack the parameters ``W1, b1, ..., WL, bL`` into one column vector.

    Parameters
    ----------
    parameters : dict
        ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"`` (numpy arrays); other keys are ignored.

    Returns
    -------
    theta : numpy.ndarray, shape (n, 1)
        All the parameters, a new array (changing it does not change ``parameters``);
        ``n`` is the total number of parameters (47 for the lesson's 4-5-3-1 network).
    keys : list of str, length n
        The name of the parameter each entry of ``theta`` comes from, e.g. ``["W1", "W1", ..., "b3"]``.
    """
    columns, keys = [], []
    for name in _layer_keys(parameters):
        value = np.asarray(parameters[name])
        columns.append(value.reshape(-1, 1))
        keys.extend([name] * value.size)
    theta = np.concatenate(columns, axis=0)
    return theta, keys


def vector_to_dictionary(theta, template=None):
    """Cut a column vector back into the parameters ``W1, b1, ..., WL, bL`` (inverse of ``dictionary_to_vector``).

    Parameters
    ----------
    theta : numpy.ndarray, shape (n, 1)
        All the parameters, in the order of ``dictionary_to_vector``.
    template : dict, optional
        A parameters dictionary with the shapes to restore (only its shapes are used). Without it,
        the lesson's 4-5-3-1 network is assumed (``DEFAULT_SHAPES``, 47 parameters).

    Returns
    -------
    parameters : dict
        ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"`` with the shapes of ``template``; new arrays.
    """
    if template is None:
        shapes = dict(DEFAULT_SHAPES)
    else:
        shapes = {name: np.shape(template[name]) for name in _layer_keys(template)}
    theta = np.asarray(theta)
    needed = sum(int(np.prod(shape)) for shape in shapes.values())
    if theta.size != needed:
        where = "the template" if template is not None else "the default 4-5-3-1 network"
        raise ValueError(f"theta has {theta.size} entries but {where} has {needed} parameters"
                         + ("" if template is not None else
                            "; pass template=parameters to use the shapes of your network"))
    flat = theta.reshape(-1)
    parameters, start = {}, 0
    for name, shape in shapes.items():
        size = int(np.prod(shape))
        parameters[name] = flat[start:start + size].reshape(shape).copy()
        start += size
    return parameters


def gradients_to_vector(gradients):
    """Stack the gradients ``dW1, db1, ..., dWL, dbL`` into one column vector (the ``dA``/``dZ`` entries are left out).

    Parameters
    ----------
    gradients : dict
        ``"dW1"``, ``"db1"``, ..., ``"dWL"``, ``"dbL"``, and possibly other keys, which are ignored.

    Returns
    -------
    grad : numpy.ndarray, shape (n, 1)
        In the same order as ``dictionary_to_vector(parameters)[0]``.
    """
    columns = [np.asarray(gradients[name]).reshape(-1, 1) for name in _layer_keys(gradients, prefix="d")]
    return np.concatenate(columns, axis=0)
