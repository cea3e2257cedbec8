"""Unit tests of the shared helpers (utils/) and of the instructor tooling (tools/)."""
import json

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from tests.conftest import ASSIGNMENTS, ROOT  # noqa: E402
from tools import course  # noqa: E402
from utils import activations, checks, plotting  # noqa: E402


# --- checks: the messages students read -------------------------------------------------------

def message_of(function, *args, **kwargs):
    with pytest.raises(AssertionError) as error:
        function(*args, **kwargs)
    return str(error.value)


def test_assert_array_names_a_shape_mismatch_and_the_hint():
    message = message_of(checks.assert_array, np.zeros(2), np.zeros((2, 1)), 'propagate: grads["dw"]',
                         hint="keep w as a column vector")
    assert message == 'propagate: grads["dw"] has shape (2,) but should be (2, 1): keep w as a column vector'


def test_assert_array_reports_expected_got_and_where():
    message = message_of(checks.assert_array, np.array([[1.0, 2.5]]), [[1.0, 2.0]], "f(x)")
    assert "wrong values" in message and "[[1. , 2.5]]" in message and "index (0, 1)" in message


def test_assert_array_refuses_lists_and_nan():
    assert "is a list" in message_of(checks.assert_array, [1.0], [1.0], "f(x)")
    assert "NaN" in message_of(checks.assert_array, np.array([np.nan]), [1.0], "f(x)")


def test_assert_array_accepts_values_within_tolerance():
    checks.assert_array(np.array([0.88079708 + 3e-9]), [0.88079708], "sigmoid")
    checks.assert_array(np.array([0.00436509851]), [0.0043651], "W1")  # 8-decimal literal


def test_assert_scalar_accepts_numbers_and_refuses_arrays():
    checks.assert_scalar(np.float64(0.5), 0.5, "cost")
    checks.assert_scalar(np.array(0.5), 0.5, "cost")
    assert "np.squeeze" in message_of(checks.assert_scalar, np.array([[0.5]]), 0.5, "cost")
    assert "should be 0.5" in message_of(checks.assert_scalar, 0.6, 0.5, "cost")
    assert "str" in message_of(checks.assert_scalar, "0.5", 0.5, "cost")


def test_assert_keys_lists_missing_and_extra_keys():
    message = message_of(checks.assert_keys, {"W1": 0, "X": 1}, ["W1", "b1"], "parameters")
    assert "missing key(s) ['b1']" in message and "unexpected key(s) ['X']" in message


def test_assert_arrays_in_dict_and_not_modified():
    checks.assert_arrays_in_dict({"W1": np.ones((2, 2))}, {"W1": np.ones((2, 2))}, "params")
    assert "no key 'b1'" in message_of(checks.assert_arrays_in_dict, {"W1": np.ones(1)}, {"b1": [1.0]}, "p")
    before = {"W1": np.ones(2)}
    assert "in place" in message_of(checks.assert_not_modified, before, {"W1": np.zeros(2)}, "update")


def test_passed_prints_one_line_to_stdout(capsys):
    checks.passed("sigmoid")
    out, err = capsys.readouterr()
    assert out.strip().endswith("sigmoid: tests passed.") and err == ""


# --- activations ------------------------------------------------------------------------------

def test_activations_and_their_backward_passes_match_finite_differences():
    z = np.array([[-2.0, -0.5, 0.3, 1.7]])
    eps = 1e-6
    for forward, backward in [(activations.sigmoid, activations.sigmoid_backward),
                              (activations.relu, activations.relu_backward),
                              (activations.tanh, activations.tanh_backward)]:
        numeric = (forward(z + eps) - forward(z - eps)) / (2 * eps)
        np.testing.assert_allclose(backward(np.ones_like(z), z), numeric, rtol=1e-6, atol=1e-9)


def test_relu_backward_is_zero_at_zero():
    assert activations.relu_backward(np.array([1.0]), np.array([0.0]))[0] == 0.0


def test_sigmoid_values():
    np.testing.assert_allclose(activations.sigmoid(np.array([0.0, 2.0])), [0.5, 0.88079708], rtol=1e-7)


# --- plotting ---------------------------------------------------------------------------------

def test_plots_draw_without_errors():
    X = np.array([[0.0, 1.0, 2.0], [0.0, 1.0, 0.5]])
    y = np.array([[0, 1, 1]])
    ax = plotting.plot_decision_boundary(lambda pts: pts[:, 0] > 1, X, y, step=0.1)
    assert ax.collections, "nothing drawn"
    plt.close("all")
    ax = plotting.plot_costs([0.7, 0.5, 0.4], every=100, learning_rate=0.005)
    assert list(ax.lines[0].get_xdata()) == [0, 100, 200] and "0.005" in ax.get_title()
    plt.close("all")
    images = np.random.default_rng(0).random((3, 4, 4, 3))
    fig = plotting.show_images(list(images), ["a", "b", "c"], ncols=2)
    assert len(fig.axes) == 4
    plt.close("all")


def test_show_mislabeled_images_returns_every_wrong_index():
    X = np.zeros((4 * 4 * 3, 5))
    wrong = plotting.show_mislabeled_images(np.array([b"non-cat", b"cat"]), X, np.array([[0, 1, 1, 0, 1]]),
                                            np.array([[1, 1, 0, 0, 1]]), num_px=4)
    plt.close("all")
    assert wrong == [0, 2]


# --- the trained cat network (11, 12) ---------------------------------------------------------

def small_network(rng):
    """A [12288, 4, 3, 1] network with random parameters, and three random pictures."""
    dims = [12288, 4, 3, 1]
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.normal(0, 1 / np.sqrt(dims[l - 1]), (dims[l], dims[l - 1]))
        parameters[f"b{l}"] = rng.normal(0, 0.1, (dims[l], 1))
    pictures = rng.integers(0, 256, (3, 64, 64, 3), dtype=np.uint8)
    return parameters, pictures


def test_cat_network_runs_notebook_05s_forward_pass_on_stored_pictures():
    from utils import cat_network
    parameters, pictures = small_network(np.random.default_rng(0))
    X = cat_network.flatten(pictures)
    assert X.shape == (12288, 3) and X.max() <= 1.0
    np.testing.assert_array_equal(X[:, 1], pictures[1].ravel() / 255.0)
    A1 = np.maximum(parameters["W1"] @ X + parameters["b1"], 0)
    A2 = np.maximum(parameters["W2"] @ A1 + parameters["b2"], 0)
    np.testing.assert_allclose(cat_network.hidden_features(pictures, parameters, 1), A1)
    np.testing.assert_allclose(cat_network.hidden_features(pictures, parameters, 2), A2)
    expected = activations.sigmoid(parameters["W3"] @ A2 + parameters["b3"])
    np.testing.assert_allclose(cat_network.cat_probability(pictures, parameters), expected)


@pytest.mark.parametrize("n_layers", [0, 3])
def test_hidden_features_refuses_a_layer_that_is_not_hidden(n_layers):
    from utils import cat_network
    parameters, pictures = small_network(np.random.default_rng(1))
    with pytest.raises(ValueError, match="between 1 and 2"):
        cat_network.hidden_features(pictures, parameters, n_layers)


# --- tools ------------------------------------------------------------------------------------

def test_unknown_assignment_error_lists_the_known_ones():
    with pytest.raises(course.CourseError) as error:
        course.require_assignment("week9")
    assert "no assignment named 'week9'" in str(error.value)
    for name in ASSIGNMENTS:
        assert name in str(error.value)


def test_assignments_are_numbered_in_course_order():
    assert ASSIGNMENTS == sorted(ASSIGNMENTS)
    assert all(name[:2].isdigit() and name[2] == "_" for name in ASSIGNMENTS)


def test_submission_problem_spots_broken_notebooks(tmp_path):
    good = tmp_path / "good.ipynb"
    good.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    assert course.submission_problem(good) is None
    truncated = tmp_path / "truncated.ipynb"
    truncated.write_text(good.read_text()[:20])
    assert "not a readable notebook" in course.submission_problem(truncated)
    wrong_schema = tmp_path / "schema.ipynb"
    wrong_schema.write_text(json.dumps({"cells": "nope", "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    assert "not a readable notebook" in course.submission_problem(wrong_schema)


def test_points_table_counts_each_function_once():
    table = course.points_table()
    for name in ASSIGNMENTS:
        assert table[name]["total"] == sum(table[name]["functions"].values()) > 0


def test_collect_copies_student_folders(tmp_path):
    root = tmp_path / "course"
    (root / "source" / "01_demo").mkdir(parents=True)
    (root / "source" / "01_demo" / "demo.ipynb").write_text("{}")
    (root / "release" / "01_demo").mkdir(parents=True)
    (root / "release" / "01_demo" / "demo.ipynb").write_text("{}")
    inbox = tmp_path / "inbox"
    (inbox / "alice").mkdir(parents=True)
    (inbox / "alice" / "demo.ipynb").write_text("{}")
    (inbox / "bob.ipynb").write_text("{}")
    course.collect("01_demo", inbox, root=root, log=lambda *_: None)
    assert (root / "submitted" / "alice" / "01_demo" / "demo.ipynb").is_file()
    assert (root / "submitted" / "bob" / "01_demo" / "demo.ipynb").is_file()


# Whether utils/ answers an exercise is checked where it matters, in the grading sandbox of each
# assignment (tests/test_sandbox.py::test_no_answer_is_importable_where_it_is_graded).


def test_cli_names_an_unknown_assignment_and_exits_2():
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "tools.cli", "autograde", "week9"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "no assignment named 'week9'" in result.stderr and result.stdout == ""


def test_call_student_names_the_crash_and_keeps_the_stub_error():
    def crash(x):
        return x["W3"]

    message = message_of(checks.call_student, crash, {}, what="L_model_forward(X, parameters)",
                         hint='use "W" + str(L)')
    assert message == ("L_model_forward(X, parameters) raised KeyError in crash, line `return x[\"W3\"]`: 'W3': "
                       "use \"W\" + str(L)")

    def stub():
        raise NotImplementedError("Write your code here")

    with pytest.raises(NotImplementedError):
        checks.call_student(stub, what="stub()")


def test_merged_streams_joins_consecutive_chunks_of_one_stream():
    import nbformat
    out = nbformat.v4.new_output
    outputs = [out("stream", name="stdout", text="a\n"), out("stream", name="stdout", text="b\n"),
               out("stream", name="stderr", text="w\n"), out("stream", name="stdout", text="c\n")]
    merged = course.merged_streams(outputs)
    assert [(o.name, o.text) for o in merged] == [("stdout", "a\nb\n"), ("stderr", "w\n"), ("stdout", "c\n")]


def test_readme_course_map_matches_the_notebooks():
    readme = (ROOT / "README.md").read_text()
    for name, info in course.points_table().items():
        row = next((line for line in readme.splitlines() if line.startswith("|") and f"`{name}`" in line), None)
        assert row, f"README.md's course map has no row for {name}"
        for function, points in info["functions"].items():
            assert f"{function} ({points})" in row, f"README.md: {name} should list {function} ({points})"
        assert row.rstrip(" |").endswith(str(info["total"])), f"README.md: {name} total should be {info['total']}"


def test_call_student_picks_the_hint_of_the_line_that_failed():
    def propagate(w, X):
        A = np.dot(w.T, X)
        dw = np.dot(X, A)
        return dw

    message = message_of(checks.call_student, propagate, np.ones((2, 1)), np.ones((2, 3)), what="propagate",
                         hint="check the shapes", line_hints={"A": "w.T", "dw": "transpose A"})
    assert "raised ValueError in propagate, line `dw = np.dot(X, A)`" in message and message.endswith(": transpose A")


def test_call_student_without_the_failing_line_uses_the_general_hint():
    # a crash inside NumPy or the course's helpers, called directly, has no line of the student's
    message = message_of(checks.call_student, np.dot, np.ones(2), np.ones(3), what="np.dot", hint="check the shapes")
    assert message.startswith("np.dot raised ValueError: ") and message.endswith(": check the shapes")


def test_a_check_failure_is_an_assertion_error_that_jupyter_shows_as_its_message():
    with pytest.raises(AssertionError) as error:
        checks.fail("f(x): wrong", "the hint")
    assert isinstance(error.value, checks.CheckFailed) and str(error.value) == "f(x): wrong: the hint"
    assert error.value._render_traceback_() == ["\x1b[0;31mCheckFailed\x1b[0m: f(x): wrong: the hint"]


def test_assert_type_names_numpy_types_and_can_refuse_subclasses():
    checks.assert_type(np.float64(0.5), float, "cost")
    checks.assert_type(0.5, float, "cost", exact=True)
    assert message_of(checks.assert_type, np.float64(0.5), float, "cost", exact=True) == (
        "cost should be a float, but it is a numpy.float64")
    assert message_of(checks.assert_type, 0, float, "b") == "b should be a float, but it is an int"


def test_assert_not_modified_names_the_in_place_operation():
    message = message_of(checks.assert_not_modified, {"W1": np.ones(2)}, {"W1": np.zeros(2)}, "update")
    assert message.startswith("update changed its input 'W1' in place: ") and "W -= ..." in message


def test_named_mistake_recognises_arrays_and_lists():
    mistakes = [([[1.0], [2.0]], "the transposed one"), ([0.5, 0.25], "the halved costs")]
    assert checks.named_mistake(np.array([[1.0], [2.0]]), mistakes, "default") == "the transposed one"
    assert checks.named_mistake([0.5, 0.25], mistakes, "default") == "the halved costs"
    assert checks.named_mistake(np.array([1.0, 2.0]), mistakes, "default") == "default"  # shape (2,), not (2, 1)
    assert checks.named_mistake("text", mistakes, "default") == "default"


def test_named_mistake_recognises_what_a_known_mistake_returns():
    mistakes = [(6.0, "theta + x is a sum"), (-3.375, "theta ** x is a power")]
    assert checks.named_mistake(6.0, mistakes, "default") == "theta + x is a sum"
    assert checks.named_mistake(np.float64(-3.375), mistakes, "default") == "theta ** x is a power"
    assert checks.named_mistake(8.0, mistakes, "default") == "default"
    assert checks.named_mistake(np.ones(2), mistakes, "default") == "default"
    assert checks.is_number(np.array(2.0), 2) and not checks.is_number(True, 1) and not checks.is_number("2", 2)


def test_assert_tensor_checks_type_dtype_grad_and_values_in_one_line():
    import torch
    checks.assert_tensor(torch.tensor([[1.0, 2.0]]), [[1.0, 2.0]], "f(x)", dtype="float32", requires_grad=False)
    assert "should be a torch.Tensor" in message_of(checks.assert_tensor, np.ones(2), [1.0, 1.0], "f(x)")
    assert "dtype torch.float64" in message_of(checks.assert_tensor, torch.ones(2, dtype=torch.float64), [1, 1],
                                               "f(x)", dtype="float32")
    assert "requires_grad" in message_of(checks.assert_tensor, torch.ones(2), [1, 1], "f(x)", requires_grad=True)
    message = message_of(checks.assert_tensor, torch.zeros(2, 2), [[1.0, 2.0], [3.0, 4.0]], "f(x)", hint="the hint")
    assert "\n" not in message and message.endswith("the hint")


def test_backward_helpers_name_a_cache_of_another_layer():
    from utils import dnn_app_utils, parameters
    dA = np.ones((1, 4))
    with pytest.raises(ValueError, match=r"relu_backward: dA has shape \(1, 4\) but the cache \(Z\) has shape \(3, 4\)"):
        activations.relu_backward(dA, np.ones((3, 4)))
    other_layer = ((np.ones((5, 4)), np.ones((3, 5)), np.ones((3, 1))), np.ones((3, 4)))
    with pytest.raises(ValueError, match="linear_activation_backward: dA has shape .* the same layer"):
        dnn_app_utils.linear_activation_backward(dA, other_layer, "sigmoid")
    with pytest.raises(ValueError, match=r"cache should be the pair \(\(A_prev, W, b\), Z\)"):
        dnn_app_utils.linear_activation_backward(dA, other_layer[0], "sigmoid")
    with pytest.raises(ValueError, match=r"grads\['dW1'\] has shape \(3, 2\) but parameters\['W1'\] has shape \(2, 3\)"):
        parameters.update_parameters({"W1": np.ones((2, 3)), "b1": np.ones((2, 1))},
                                     {"dW1": np.ones((3, 2)), "db1": np.ones((2, 1))}, 0.1)
