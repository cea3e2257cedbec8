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


# --- Gradient checking (08_gradient_checking) ---------------------------------------------------

def gradient_check_n_test_case():
    """Seed 1: ``X`` (4, 3), ``Y`` (1, 3) = [[1, 1, 0]], then the parameters of a 4-5-3-1 network.

    The parameters are drawn in the order W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3),
    b3 (1, 1). Returns ``(X, Y, parameters)``.
    """
    np.random.seed(1)
    X = np.random.randn(4, 3)
    Y = np.array([[1, 1, 0]])
    parameters = {"W1": np.random.randn(5, 4), "b1": np.random.randn(5, 1),
                  "W2": np.random.randn(3, 5), "b2": np.random.randn(3, 1),
                  "W3": np.random.randn(1, 3), "b3": np.random.randn(1, 1)}
    return X, Y, parameters


# --- Optimization methods (09_optimization) -----------------------------------------------------

def load_params_and_grads(seed=1):
    """Seed ``seed``, then draw ``W1`` (2, 3), ``b1`` (2, 1), ``W2`` (3, 3), ``b2`` (3, 1) and
    ``dW1``, ``db1``, ``dW2``, ``db2`` of the same shapes, in that order (standard normal).

    The shapes need not chain into a network: only the update rules see these arrays.
    Returns the 8-tuple ``(W1, b1, W2, b2, dW1, db1, dW2, db2)``.
    """
    np.random.seed(seed)
    W1, b1 = np.random.randn(2, 3), np.random.randn(2, 1)
    W2, b2 = np.random.randn(3, 3), np.random.randn(3, 1)
    dW1, db1 = np.random.randn(2, 3), np.random.randn(2, 1)
    dW2, db2 = np.random.randn(3, 3), np.random.randn(3, 1)
    return W1, b1, W2, b2, dW1, db1, dW2, db2


def _opt_parameters_and_grads():
    W1, b1, W2, b2, dW1, db1, dW2, db2 = load_params_and_grads(1)
    return ({"W1": W1, "b1": b1, "W2": W2, "b2": b2},
            {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2})


def _opt_zeros_like(parameters):
    return {"d" + key: np.zeros(value.shape) for key, value in parameters.items()}


def update_parameters_with_gd_test_case():
    """``parameters`` and ``grads`` of ``load_params_and_grads(1)`` and ``learning_rate = 0.01``."""
    parameters, grads = _opt_parameters_and_grads()
    return parameters, grads, 0.01


def random_mini_batches_test_case():
    """Seed 1: ``X`` (12288, 148) standard normal, then ``Y = randn(1, 148) < 0.5`` (bool); size 64.

    Returns ``(X, Y, mini_batch_size)``.
    """
    np.random.seed(1)
    X = np.random.randn(12288, 148)
    Y = np.random.randn(1, 148) < 0.5
    return X, Y, 64


def initialize_velocity_test_case():
    """The parameters ``W1`` (2, 3), ``b1`` (2, 1), ``W2`` (3, 3), ``b2`` (3, 1) of ``load_params_and_grads(1)``."""
    return _opt_parameters_and_grads()[0]


def update_parameters_with_momentum_test_case():
    """``parameters`` and ``grads`` of ``load_params_and_grads(1)`` and a zero velocity ``v``.

    Returns ``(parameters, grads, v)``; the lesson's check uses ``beta = 0.9``, ``learning_rate = 0.01``.
    """
    parameters, grads = _opt_parameters_and_grads()
    return parameters, grads, _opt_zeros_like(parameters)


def initialize_adam_test_case():
    """The parameters of ``load_params_and_grads(1)`` (as ``initialize_velocity_test_case``)."""
    return _opt_parameters_and_grads()[0]


def update_parameters_with_adam_test_case():
    """``parameters`` and ``grads`` of ``load_params_and_grads(1)`` and zero moments ``v`` and ``s``.

    Returns ``(parameters, grads, v, s)``; the lesson's check uses ``t = 2`` and the defaults.
    """
    parameters, grads = _opt_parameters_and_grads()
    return parameters, grads, _opt_zeros_like(parameters), _opt_zeros_like(parameters)


# --- Regularization (07_regularization) --------------------------------------------------------

def _reg_parameters():
    """Draw ``W1`` (2, 3), ``b1`` (2, 1), ``W2`` (3, 2), ``b2`` (3, 1), ``W3`` (1, 3), ``b3`` (1, 1) in order."""
    shapes = {"W1": (2, 3), "b1": (2, 1), "W2": (3, 2), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
    return {name: np.random.randn(*shape) for name, shape in shapes.items()}


def compute_cost_with_regularization_test_case():
    """Seed 1: ``Y`` = [[1, 1, 0, 1, 0]], the parameters of a 3-2-3-1 network and a fixed ``A3`` (1, 5).

    Returns ``(A3, Y, parameters)``; the lesson's check uses ``lambd = 0.1``.
    """
    np.random.seed(1)
    Y = np.array([[1, 1, 0, 1, 0]])
    parameters = _reg_parameters()
    A3 = np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])
    return A3, Y, parameters


def forward_propagation_with_dropout_test_case():
    """Seed 1: ``X`` (3, 5), then the parameters of a 3-2-3-1 network. Returns ``(X, parameters)``.

    The lesson's check seeds the generator with 1 again before the forward pass draws its masks.
    """
    np.random.seed(1)
    X = np.random.randn(3, 5)
    return X, _reg_parameters()


def backward_propagation_with_regularization_test_case():
    """``X`` (3, 5), ``Y`` = [[1, 1, 0, 1, 0]] and the cache of a plain forward pass (no dropout).

    ``X`` and the parameters are those of ``forward_propagation_with_dropout_test_case``; the cache
    is the 12-tuple ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)`` of the given
    ``utils.three_layer.forward_propagation``. Returns ``(X, Y, cache)``.
    """
    from utils.three_layer import forward_propagation

    X, parameters = forward_propagation_with_dropout_test_case()
    Y = np.array([[1, 1, 0, 1, 0]])
    _, cache = forward_propagation(X, parameters)
    return X, Y, cache


def backward_propagation_with_dropout_test_case():
    """``X`` (3, 5), ``Y`` = [[1, 1, 0, 1, 0]] and a fixed dropout cache, recorded with ``keep_prob = 0.5``.

    The cache is the 14-tuple ``(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)`` with the
    masks ``D1`` (2, 5) and ``D2`` (3, 5) as booleans; ``X``, the weights and the biases are those of
    ``forward_propagation_with_dropout_test_case``. Returns ``(X, Y, cache)``; the lesson's check
    calls the backward pass with ``keep_prob = 0.8``.
    """
    X, p = forward_propagation_with_dropout_test_case()
    Y = np.array([[1, 1, 0, 1, 0]])
    Z1 = np.array([[-1.52855314, 3.32524635, 2.13994541, 2.60700654, -0.75942115],
                   [-1.98043538, 4.1600994, 0.79051021, 1.46493512, -0.45506242]])
    D1 = np.array([[True, False, True, True, True], [True, True, True, True, False]])
    A1 = np.array([[0., 0., 4.27989081, 5.21401307, 0.], [0., 8.32019881, 1.58102041, 2.92987024, 0.]])
    Z2 = np.array([[0.53035547, 8.02565606, 4.10524802, 5.78975856, 0.53035547],
                   [-0.69166075, -1.71413186, -3.81223329, -4.61667916, -0.69166075],
                   [-0.39675353, -2.62563561, -4.82528105, -6.0607449, -0.39675353]])
    D2 = np.array([[True, False, True, False, True], [False, True, False, True, True],
                   [False, False, True, False, False]])
    A2 = np.array([[1.06071093, 0., 8.21049603, 0., 1.06071093], [0., 0., 0., 0., 0.], [0., 0., 0., 0., 0.]])
    Z3 = np.array([[-0.7415562, -0.0126646, -5.65469333, -0.0126646, -0.7415562]])
    A3 = np.array([[0.32266394, 0.49683389, 0.00348883, 0.49683389, 0.32266394]])
    cache = (Z1, D1, A1, p["W1"], p["b1"], Z2, D2, A2, p["W2"], p["b2"], Z3, A3, p["W3"], p["b3"])
    return X, Y, cache


# --- Frameworks, in PyTorch (10_frameworks) --------------------------------------------------------
# These builders return PyTorch tensors. torch is imported inside them, so that the NumPy lessons,
# which import this module too, never pay for importing it.

def frameworks_forward_propagation_test_case():
    """Seed 1: ``X`` (6, 4) and the parameters of a [6, 5, 4, 3] network, as float64 tensors.

    Drawn with NumPy in the order X, W1, b1, W2, b2, W3, b3 (standard normal, biases too); the
    parameters require gradients. Returns ``(X, parameters)``.
    """
    import torch

    np.random.seed(1)
    X = torch.from_numpy(np.random.randn(6, 4))
    dims = [6, 5, 4, 3]
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = torch.from_numpy(np.random.randn(dims[l], dims[l - 1])).requires_grad_()
        parameters[f"b{l}"] = torch.from_numpy(np.random.randn(dims[l], 1)).requires_grad_()
    return X, parameters


def frameworks_compute_cost_test_case():
    """Seed 2: ``logits`` (6, 4), float64 and requiring gradients, and the one-hot ``labels`` (6, 4)
    (float64) of the classes 1, 5, 0 and 3. Returns ``(logits, labels)``."""
    import torch

    np.random.seed(2)
    logits = torch.from_numpy(np.random.randn(6, 4)).requires_grad_()
    labels = torch.zeros(6, 4, dtype=torch.float64)
    labels[[1, 5, 0, 3], [0, 1, 2, 3]] = 1
    return logits, labels
