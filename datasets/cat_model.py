"""The reference 4-layer cat network (``cat_model.h5``): the model of ``05_deep_nn_application``, trained once.

The ML-strategy lessons (``11_ml_strategy``, ``12_error_analysis``) study the mistakes of this network.
Training it takes about half a minute on one core, longer than a notebook cell may run, so it is
trained here, exactly as notebook 05's ``L_layer_model`` does it, with the course's own building blocks
(``utils.dnn_app_utils``): layers [12288, 20, 7, 5, 1], ``initialize_parameters_deep_scaled`` (seed 1,
``randn / sqrt(n_prev)``), learning rate 0.0075, 2500 iterations of full-batch gradient descent on the
209 web training pictures divided by 255.

The parameters are stored as float32 (1 MB instead of 2), and the builder checks that they give the
same prediction as the float64 ones for every web and phone picture. The same NumPy and BLAS give the
same bytes; another BLAS rounds a few products differently, which may move a parameter by about 1e-6.
"""
import numpy as np

from datasets import cats
from utils.dnn_app_utils import (L_model_backward, L_model_forward, compute_cost,
                                 initialize_parameters_deep_scaled, update_parameters)

#: File of the trained parameters.
MODEL_FILE = "cat_model.h5"
#: The architecture and training of notebook 05's 4-layer model.
LAYERS_DIMS = [12288, 20, 7, 5, 1]
LEARNING_RATE, NUM_ITERATIONS = 0.0075, 2500


def flatten(x):
    """(m, 64, 64, 3) uint8 pictures -> (12288, m) floats in [0, 1], one picture per column."""
    return x.reshape(x.shape[0], -1).T / 255.0


def train(X, Y, layers_dims=LAYERS_DIMS, learning_rate=LEARNING_RATE, num_iterations=NUM_ITERATIONS):
    """Notebook 05's ``L_layer_model``: scaled initialization (seed 1), then gradient descent.

    Returns
    -------
    parameters : dict
        ``W1`` (20, 12288), ``b1`` (20, 1), ..., ``W4`` (1, 5), ``b4`` (1, 1), float64.
    costs : list of float
        The cost at iterations 0, 100, 200, ...
    """
    np.random.seed(1)
    parameters = initialize_parameters_deep_scaled(layers_dims)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        if i % 100 == 0:
            costs.append(compute_cost(AL, Y))
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs


def predictions(X, parameters):
    """0/1 predictions of the network, shape (1, m)."""
    return (L_model_forward(X, parameters)[0] > 0.5).astype(np.int64)


def build(seed=cats.SEED):
    """Train the reference network on the web training pictures of generator seed ``seed``.

    Returns
    -------
    dict
        File name -> {"W1": float32 array, "b1": ..., "W4": ..., "b4": ...}.

    Raises
    ------
    RuntimeError
        If storing the parameters as float32 would change a prediction on a web or phone picture.
    """
    files = cats.build(seed)
    train_set, test_set = files["train_catvnoncat.h5"], files["test_catvnoncat.h5"]
    parameters, _ = train(flatten(train_set["train_set_x"]), train_set["train_set_y"].reshape(1, -1))
    stored = {key: value.astype(np.float32) for key, value in parameters.items()}
    as_loaded = {key: value.astype(np.float64) for key, value in stored.items()}
    phone_x = cats.phone_pool(seed)[0]
    for name, x in (("web training", train_set["train_set_x"]), ("web test", test_set["test_set_x"]),
                    ("phone", phone_x)):
        X = flatten(x)
        if not np.array_equal(predictions(X, parameters), predictions(X, as_loaded)):
            raise RuntimeError(f"float32 parameters change a prediction on the {name} pictures")
    return {MODEL_FILE: stored}
