"""Seeded fixture builders for the graded functions' checks.

Each ``<function>_test_case()`` seeds NumPy's global generator and returns the *inputs* of one
check (never its expected outputs): the same seed always gives the same arrays, so the expected
values written in the notebooks reproduce. Builders of different lessons live side by side; their
names say which function they feed.
"""
import numpy as np


# --- Deep neural network step by step (04_deep_nn_step_by_step) --------------------------------

def linear_forward_test_case():
    """Seed 1: ``A`` (3, 2), ``W`` (1, 3), ``b`` (1, 1), drawn in that order."""
    np.random.seed(1)
    A = np.random.randn(3, 2)
    W = np.random.randn(1, 3)
    b = np.random.randn(1, 1)
    return A, W, b


def linear_activation_forward_test_case():
    """Seed 2: ``A_prev`` (3, 2), ``W`` (1, 3), ``b`` (1, 1), drawn in that order."""
    np.random.seed(2)
    A_prev = np.random.randn(3, 2)
    W = np.random.randn(1, 3)
    b = np.random.randn(1, 1)
    return A_prev, W, b


def L_model_forward_test_case():
    """Seed 1: ``X`` (4, 2) and the parameters of a 4-3-1 network (one hidden layer)."""
    np.random.seed(1)
    X = np.random.randn(4, 2)
    W1 = np.random.randn(3, 4)
    b1 = np.random.randn(3, 1)
    W2 = np.random.randn(1, 3)
    b2 = np.random.randn(1, 1)
    return X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def L_model_forward_test_case_2hidden():
    """Seed 6: ``X`` (5, 4) and the parameters of a 5-4-3-1 network (two hidden layers)."""
    np.random.seed(6)
    X = np.random.randn(5, 4)
    W1 = np.random.randn(4, 5)
    b1 = np.random.randn(4, 1)
    W2 = np.random.randn(3, 4)
    b2 = np.random.randn(3, 1)
    W3 = np.random.randn(1, 3)
    b3 = np.random.randn(1, 1)
    return X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}


def compute_cost_test_case():
    """``Y`` (1, 3) = [[1, 1, 0]] and ``AL`` (1, 3) = [[0.8, 0.9, 0.4]] (no randomness)."""
    Y = np.array([[1, 1, 0]])
    AL = np.array([[.8, .9, .4]])
    return Y, AL


def linear_backward_test_case():
    """Seed 1: ``dZ`` (3, 4) and the linear cache ``(A_prev (5, 4), W (3, 5), b (3, 1))``."""
    np.random.seed(1)
    dZ = np.random.randn(3, 4)
    A = np.random.randn(5, 4)
    W = np.random.randn(3, 5)
    b = np.random.randn(3, 1)
    return dZ, (A, W, b)


def linear_backward_test_case_small():
    """Seed 1: ``dZ`` (1, 2) and the linear cache ``(A_prev (3, 2), W (1, 3), b (1, 1))``."""
    np.random.seed(1)
    dZ = np.random.randn(1, 2)
    A = np.random.randn(3, 2)
    W = np.random.randn(1, 3)
    b = np.random.randn(1, 1)
    return dZ, (A, W, b)


def linear_activation_backward_test_case():
    """Seed 2: ``dA`` (1, 2) and the cache ``((A_prev (3, 2), W (1, 3), b (1, 1)), Z (1, 2))``."""
    np.random.seed(2)
    dA = np.random.randn(1, 2)
    A = np.random.randn(3, 2)
    W = np.random.randn(1, 3)
    b = np.random.randn(1, 1)
    Z = np.random.randn(1, 2)
    return dA, ((A, W, b), Z)


def L_model_backward_test_case():
    """Seed 3: ``AL`` (1, 2), ``Y`` = [[1, 0]] and the two caches of a 4-3-1 network.

    ``AL`` and the cached arrays are plain random numbers (not a real forward pass): the fixture
    only exercises the bookkeeping and the formulas.
    """
    np.random.seed(3)
    AL = np.random.randn(1, 2)
    Y = np.array([[1, 0]])
    A1 = np.random.randn(4, 2)
    W1 = np.random.randn(3, 4)
    b1 = np.random.randn(3, 1)
    Z1 = np.random.randn(3, 2)
    A2 = np.random.randn(3, 2)
    W2 = np.random.randn(1, 3)
    b2 = np.random.randn(1, 1)
    Z2 = np.random.randn(1, 2)
    caches = (((A1, W1, b1), Z1), ((A2, W2, b2), Z2))
    return AL, Y, caches


def update_parameters_test_case():
    """Parameters of a 4-3-1 network (seed 2) and gradients of the same shapes (seed 3)."""
    np.random.seed(2)
    W1 = np.random.randn(3, 4)
    b1 = np.random.randn(3, 1)
    W2 = np.random.randn(1, 3)
    b2 = np.random.randn(1, 1)
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    np.random.seed(3)
    dW1 = np.random.randn(3, 4)
    db1 = np.random.randn(3, 1)
    dW2 = np.random.randn(1, 3)
    db2 = np.random.randn(1, 1)
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return parameters, grads


# --- Logistic regression with a neural-network mindset (02_logistic_regression) ---------------

def propagate_test_case():
    """``w`` (2, 1), ``b`` = 2.0, ``X`` (2, 3), ``Y`` (1, 3) = [[1, 0, 1]] (no randomness)."""
    w = np.array([[1.], [2.]])
    b = 2.
    X = np.array([[1., 2., -1.], [3., 4., -3.2]])
    Y = np.array([[1, 0, 1]])
    return w, b, X, Y


def optimize_test_case():
    """The inputs of ``propagate_test_case``: ``w`` (2, 1), ``b``, ``X`` (2, 3), ``Y`` (1, 3)."""
    return propagate_test_case()


def predict_test_case():
    """``w`` (2, 1), ``b`` = -0.3 and ``X`` (2, 3) (no randomness)."""
    w = np.array([[0.1124579], [0.23106775]])
    b = -0.3
    X = np.array([[1., -1.1, -3.2], [1.2, 2., 0.1]])
    return w, b, X


def propagate_test_case_2():
    """Seed 4: ``w`` (4, 1) and ``b`` (a float) small, ``X`` (4, 5), ``Y`` (1, 5) of 0/1 ints."""
    np.random.seed(4)
    w = np.random.randn(4, 1) * 0.5
    b = float(np.random.randn() * 0.5)
    X = np.random.randn(4, 5)
    Y = (np.random.rand(1, 5) > 0.5).astype(int)
    return w, b, X, Y


def predict_test_case_2():
    """Seed 3: ``w`` (5, 1), ``b`` (a float) and ``X`` (5, 7)."""
    np.random.seed(3)
    w = np.random.randn(5, 1)
    b = float(np.random.randn())
    X = np.random.randn(5, 7)
    return w, b, X


def model_test_case():
    """Seed 5: a small, nearly linearly separable 3-feature set, 40 train and 12 test examples.

    Returns ``X_train`` (3, 40), ``Y_train`` (1, 40), ``X_test`` (3, 12), ``Y_test`` (1, 12); labels
    are 0/1 ints given by the sign of a fixed linear function plus noise.
    """
    np.random.seed(5)
    X = np.random.randn(3, 52)
    scores = np.array([[1.5, -2., 0.5]]) @ X + 0.3 + 0.8 * np.random.randn(1, 52)
    Y = (scores > 0).astype(int)
    return X[:, :40], Y[:, :40], X[:, 40:], Y[:, 40:]


# --- Planar data classification with one hidden layer (03_planar_classification) --------------

def _planar_small_parameters():
    # A 2-4-1 network with small weights and zero biases (values rounded to 8 decimals).
    return {"W1": np.array([[-0.00416758, -0.00056267], [-0.02136196, 0.01640271],
                            [-0.01793436, -0.00841747], [0.00502881, -0.01245288]]),
            "b1": np.zeros((4, 1)),
            "W2": np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]),
            "b2": np.zeros((1, 1))}


def planar_layer_sizes_test_case():
    """Seed 1: ``X`` (5, 3) and ``Y`` (2, 3)."""
    np.random.seed(1)
    X = np.random.randn(5, 3)
    Y = np.random.randn(2, 3)
    return X, Y


def planar_forward_propagation_test_case():
    """Seed 1: ``X`` (2, 3), labels ``Y`` (1, 3) = [[1, 0, 1]], and a small 2-4-1 ``parameters`` dict."""
    np.random.seed(1)
    X = np.random.randn(2, 3)
    Y = (np.random.randn(1, 3) > 0).astype(int)
    return X, Y, _planar_small_parameters()


def planar_compute_cost_test_case():
    """``A2`` (1, 3), ``Y`` (1, 3) = [[1, 0, 1]] and the parameters of the forward fixture."""
    _, Y, parameters = planar_forward_propagation_test_case()
    A2 = np.array([[0.5002307, 0.49985831, 0.50023963]])
    return A2, Y, parameters


def planar_backward_propagation_test_case():
    """``parameters``, ``cache``, ``X`` (2, 3) and ``Y`` (1, 3) of the forward fixture.

    ``cache`` holds what a forward pass gives on these inputs (rounded to 12 decimals).
    """
    X, Y, parameters = planar_forward_propagation_test_case()
    cache = {
        "Z1": np.array([[-0.006165861996, 0.002062604884, 0.00349620481],
                        [-0.052298793833, 0.027263346414, -0.026468687954],
                        [-0.020099913328, 0.003686916997, 0.028845555282],
                        [0.021530073704, -0.01385322413, 0.026004709818]]),
        "A1": np.array([[-0.00616578386, 0.002062601959, 0.003496190565],
                        [-0.052251164019, 0.027256593563, -0.02646250844],
                        [-0.020097206934, 0.003686900291, 0.028837557474],
                        [0.021526747608, -0.013852337998, 0.025998849552]]),
        "Z2": np.array([[0.000922809274, -0.000566778795, 0.000958531874]]),
        "A2": np.array([[0.500230702302, 0.499858305305, 0.50023963295]]),
    }
    return parameters, cache, X, Y


def planar_update_parameters_test_case():
    """Seed 5: a random 2-4-1 ``parameters`` dict, then ``grads`` of the same shapes."""
    np.random.seed(5)
    parameters = {"W1": np.random.randn(4, 2), "b1": np.random.randn(4, 1),
                  "W2": np.random.randn(1, 4), "b2": np.random.randn(1, 1)}
    grads = {"dW1": np.random.randn(4, 2), "db1": np.random.randn(4, 1),
             "dW2": np.random.randn(1, 4), "db2": np.random.randn(1, 1)}
    return parameters, grads


def planar_nn_model_test_case():
    """Seed 1: ``X`` (2, 3) and ``Y`` (1, 3) = [[1, 0, 1]] (a tiny training set)."""
    np.random.seed(1)
    X = np.random.randn(2, 3)
    Y = (np.random.randn(1, 3) > 0).astype(int)
    return X, Y


def planar_predict_test_case():
    """Seed 1: ``X`` (2, 5), then a random 2-4-1 ``parameters`` dict."""
    np.random.seed(1)
    X = np.random.randn(2, 5)
    parameters = {"W1": np.random.randn(4, 2), "b1": np.random.randn(4, 1),
                  "W2": np.random.randn(1, 4), "b2": np.random.randn(1, 1)}
    return parameters, X
