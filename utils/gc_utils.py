"""Course-style names for the gradient-checking lesson (08_gradient_checking).

Everything lives in its home module; this one only gathers the names the lesson imports:
the activations from ``utils.activations`` (plain functions, one return value) and the conversions
between a parameters (or gradients) dictionary and one column vector from ``utils.param_vectors``.
"""
from utils.activations import relu, sigmoid  # noqa: F401
from utils.param_vectors import dictionary_to_vector, gradients_to_vector, vector_to_dictionary  # noqa: F401

__all__ = ["sigmoid", "relu", "dictionary_to_vector", "vector_to_dictionary", "gradients_to_vector"]
