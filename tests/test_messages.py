"""The messages students read: each known mistake, fed to the notebook's own test cell, is named.

A mistake is the reference solution of one answer cell with one edit (``old`` -> ``new``), as in
tests/submissions.py. The test cell's visible part runs on it in this process, as in a student's
kernel (``tests.notebook_tools.check_message``), and the message must name the mistake: the words
listed with it must all appear. These are the mistakes students made in notebooks 01 to 05 whose
messages misled them, or that only the hidden tests caught.

A second group checks what a student sees in Jupyter when a check fails: the message alone, without
frames of ``utils/checks.py``.
"""
import re

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT, read_nb
from tests.notebook_tools import check_message
from tools import course

pytestmark = pytest.mark.xdist_group("messages")

BACKWARD_2 = 'dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")'
BACKWARD_1 = '_, dW1, db1 = linear_activation_backward(dA1, cache1, "relu", compute_dA_prev=False)'

#: id -> (assignment, function whose test cell runs, (answer cell, old, new), words the message must hold)
MISTAKES = {
    "02 missing .T in dw": (
        "02_logistic_regression", "propagate",
        ("propagate", "dw = np.dot(X, (A - Y).T) / m", "dw = np.dot(X, (A - Y)) / m"),
        ["`dw = np.dot(X, (A - Y)) / m`", "transpose it", "(A - Y).T"]),
    "02 missing .T in the forward pass": (
        "02_logistic_regression", "propagate",
        ("propagate", "A = sigmoid(np.dot(w.T, X) + b)", "A = sigmoid(np.dot(w, X) + b)"),
        ["`A = sigmoid(np.dot(w, X) + b)`", "np.dot(w.T, X)"]),
    "02 b not updated": (
        "02_logistic_regression", "optimize", ("optimize", "\n        b = b - learning_rate * db", ""),
        ['params["b"] is still the initial b', "b = b - learning_rate * db"]),
    "02 w moves uphill": (
        "02_logistic_regression", "optimize",
        ("optimize", "w = w - learning_rate * dw", "w = w + learning_rate * dw"),
        ["adds the gradient", "minus sign"]),
    "02 b as an int": (
        "02_logistic_regression", "initialize_with_zeros", ("initialize_with_zeros", "b = 0.0", "b = 0"),
        ["b should be a float, but it is an int", "b = 0.0"]),
    "02 predictions as booleans": (
        "02_logistic_regression", "predict",
        ("predict", "Y_prediction = (A > 0.5).astype(float)", "Y_prediction = A > 0.5"),
        ["dtype('bool')", "booleans", ".astype(float)"]),
    "02 model ignores learning_rate": (
        "02_logistic_regression", "model",
        ("model", "num_iterations, learning_rate, print_cost)", "num_iterations, print_cost=print_cost)"),
        ['d["costs"]', "optimize's default learning rate", "pass learning_rate on to optimize"]),
    "02 model trains on the test set": (
        "02_logistic_regression", "model",
        ("model", "optimize(w, b, X_train, Y_train,", "optimize(w, b, X_test, Y_test,"),
        ['d["costs"]', "training on the test set", "X_train and Y_train"]),
    "02 cost not averaged": (
        "02_logistic_regression", "propagate",
        ("propagate", "(1 - Y) * np.log(1 - A)) / m", "(1 - Y) * np.log(1 - A))"),
        ["propagate: cost", "m = 3 times too large"]),
    "03 update_parameters with -=": (
        "03_planar_classification", "update_parameters",
        ("update_parameters", "W1 = W1 - learning_rate * dW1", "W1 -= learning_rate * dW1"),
        ["changed its input 'W1' in place", "W1 = W1 - learning_rate * dW1"]),
    "03 compute_cost returns a NumPy number": (
        "03_planar_classification", "compute_cost",
        ("compute_cost", "cost = float(np.squeeze(-np.sum(logprobs) / m))", "cost = -np.sum(logprobs) / m"),
        ["should be a float, but it is a numpy.float64", "float(np.squeeze(...))"]),
    "03 nn_model drops the update": (
        "03_planar_classification", "nn_model",
        ("nn_model", "parameters = update_parameters(parameters, grads)", "update_parameters(parameters, grads)"),
        ["the cost never changes", "parameters = update_parameters(parameters, grads)"]),
    "05 caches in the wrong order": (
        "05_deep_nn_application", "two_layer_model",
        ("two_layer_model", f"{BACKWARD_2}\n        {BACKWARD_1}",
         f"{BACKWARD_2.replace('cache2', 'cache1')}\n        {BACKWARD_1.replace('cache1', 'cache2')}"),
        ["`dA1, dW2, db2 = linear_activation_backward(dA2, cache1, \"sigmoid\")`", "cache",
         "linear_activation_backward(dA2, cache2, \"sigmoid\")"]),
    "05 relu in layer 2's backward step": (
        "05_deep_nn_application", "two_layer_model",
        ("two_layer_model", BACKWARD_2, BACKWARD_2.replace('"sigmoid"', '"relu"')),
        ["layer 2 goes back through the wrong activation", 'linear_activation_backward(dA2, cache2, "sigmoid")']),
    "05 sigmoid in layer 1's backward step": (
        "05_deep_nn_application", "two_layer_model",
        ("two_layer_model", BACKWARD_1, BACKWARD_1.replace('"relu"', '"sigmoid"')),
        ["layer 1 goes back through the sigmoid", '"relu"']),
    "05 backward activations swapped": (
        "05_deep_nn_application", "two_layer_model",
        ("two_layer_model", f"{BACKWARD_2}\n        {BACKWARD_1}",
         f"{BACKWARD_2.replace('sigmoid', 'relu')}\n        {BACKWARD_1.replace('relu', 'sigmoid')}"),
        ["activations swapped", 'linear_activation_backward(dA2, cache2, "sigmoid")']),
    "05 two_layer_model drops the update": (
        "05_deep_nn_application", "two_layer_model",
        ("two_layer_model", "parameters = update_parameters(parameters, grads, learning_rate)",
         "update_parameters(parameters, grads, learning_rate)"),
        ["the cost never changes", "parameters = update_parameters(parameters, grads, learning_rate)"]),
    "05 L_layer_model passes the caches backwards": (
        "05_deep_nn_application", "L_layer_model",
        ("L_layer_model", "grads = L_model_backward(AL, Y, caches)", "grads = L_model_backward(AL, Y, caches[::-1])"),
        ["`grads = L_model_backward(AL, Y, caches[::-1])`", "pass the cache that the forward step of the same layer"]),
    "01 sigmoid with math.exp": (
        "01_numpy_basics", "sigmoid", ("sigmoid", "np.exp(-x)", "math.exp(-x)"),
        ["`s = 1 / (1 + math.exp(-x))`", "use np.exp"]),
    "01 normalize_rows without keepdims": (
        "01_numpy_basics", "normalize_rows", ("normalize_rows", "keepdims=True", "keepdims=False"),
        ["`x_normalized = x / x_norm`", "keepdims=True"]),
}


@pytest.fixture(scope="module")
def sources():
    return {a: read_nb(p) for a in {m[0] for m in MISTAKES.values()} for p in course.notebooks_of(a, "source", ROOT)}


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # some mistakes overflow, as they would for a student
@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_the_visible_test_names_the_mistake(sources, mistake):
    assignment, function, mutation, words = MISTAKES[mistake]
    message = check_message(sources[assignment], function, mutation)
    assert message is not None, f"{mistake}: the visible test of {function} passes"
    missing = [word for word in words if word not in message]
    assert not missing, f"{mistake}: the message lacks {missing}:\n{message}"
    assert "\n" not in message, f"{mistake}: a message is one line:\n{message}"


# --- what Jupyter shows ---------------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_cells(*sources):
    """Run code cells in a fresh kernel in the course folder; return the error outputs, ANSI removed."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=60,
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    return [(o.ename, ANSI.sub("", "\n".join(o.traceback))) for c in nb.cells for o in c.outputs
            if o.output_type == "error"]


@pytest.mark.slow
def test_a_failed_check_shows_its_message_alone_in_jupyter():
    errors = run_cells(
        "import numpy as np\nfrom utils.checks import assert_array, call_student",
        "assert_array(np.zeros(2), np.zeros((2, 1)), 'propagate: grads[\"dw\"]', hint='keep w as a column vector')",
        "def f(w, X):\n    Z = np.dot(w, X)\n    return Z\n\n"
        "call_student(f, np.ones((2, 1)), np.ones((2, 3)), what='f(w, X)', line_hints={'Z': 'use w.T'})",
        "raise ValueError('an ordinary error keeps its traceback')")
    assert errors[0] == ("CheckFailed", "CheckFailed: propagate: grads[\"dw\"] has shape (2,) but should be (2, 1): "
                                        "keep w as a column vector")
    assert errors[1][1].startswith("CheckFailed: f(w, X) raised ValueError in f, line `Z = np.dot(w, X)`: ")
    assert errors[1][1].endswith(": use w.T") and "\n" not in errors[1][1]
    assert "Traceback" in errors[2][1], "only the course's checks shorten what is shown"
