"""Known submissions the autograder must score correctly, per assignment.

``WRONG_FUNCTION[assignment] = (grade_id, old, new)``: in the reference solution of the answer cell
``grade_id``, replace ``old`` by ``new``. The result is a plausible student mistake in one function, so
exactly that function's test points must be lost (later functions are judged with the reference
versions of the ones they call).
Every assignment needs an entry (tests/test_grading.py checks).
"""

WRONG_FUNCTION = {
    "01_numpy_basics": ("L2", "np.dot(diff, diff)", "np.sum(np.abs(diff))"),
    "02_logistic_regression": ("model", "num_iterations, learning_rate, print_cost)", "num_iterations, print_cost=print_cost)"),
    "03_planar_classification": ("predict", "predictions = A2 > 0.5", "predictions = A2 < 0.5"),
    "04_deep_nn_step_by_step": ("update_parameters", '- learning_rate * grads["dW"', '+ learning_rate * grads["dW"'),
    "05_deep_nn_application": ("two_layer_model", 'linear_activation_forward(X, W1, b1, "relu")',
                               'linear_activation_forward(X, W1, b1, "sigmoid")'),
    "06_initialization": ("initialize_parameters_he", "np.sqrt(2 / layers_dims[l - 1])", "np.sqrt(2 / layers_dims[l])"),
    "07_regularization": ("compute_cost_with_regularization", "(1 / m) * (lambd / 2) *", "(lambd / 2) *"),
    "08_gradient_checking": ("gradient_check_n", "(J_plus[i] - J_minus[i]) / (2 * epsilon)",
                             "(J_plus[i] - J_minus[i]) / epsilon"),
    "09_optimization": ("update_parameters_with_momentum", '- learning_rate * v["dW" + str(l)]',
                        '- learning_rate * grads["dW" + str(l)]'),
    "10_frameworks": ("compute_cost", "F.cross_entropy(logits.T, labels.T)", "F.cross_entropy(logits, labels)"),
    "11_ml_strategy": ("diagnose", 'gaps["variance"] = errors["train_dev"] - errors["train"]',
                       'gaps["variance"] = errors["train_dev"] - errors["human"]'),
    "12_error_analysis": ("multitask_cost", "cost = np.sum(losses * labelled) / m",
                          "cost = np.sum(losses * labelled) / np.sum(labelled)"),
}


def variants(root, assignment):
    """The known submissions of one single-notebook assignment of the course directory ``root``.

    Returns
    -------
    (str, dict)
        The notebook's file name and ``{variant: notebook, or text for an unreadable file}`` with the
        variants ``reference`` (full marks), ``untouched`` (the release: zero), ``wrong`` (one function
        wrong: loses its points, see ``WRONG_FUNCTION``) and ``truncated`` (not a notebook: not graded).
    """
    import nbformat

    from tests.notebook_tools import replace_in_cell
    from tools import course

    source = course.notebooks_of(assignment, "source", root)[0]
    release = nbformat.read(str(root / "release" / assignment / source.name), as_version=4)
    reference = course.reference_submission(release, nbformat.read(str(source), as_version=4))
    grade_id, old, new = WRONG_FUNCTION[assignment]
    text = source.read_text()
    return source.name, {"reference": reference, "untouched": release,
                         "wrong": replace_in_cell(reference, grade_id, old, new),
                         "truncated": text[: len(text) // 2]}


def deserved(assignment, variant, root=None):
    """The score a variant of ``variants`` deserves (``None``: not graded, no score)."""
    from tools import course

    points = course.points_table(root or course.ROOT)[assignment]
    return {"reference": points["total"], "untouched": 0, "truncated": None,
            "wrong": points["total"] - points["functions"][WRONG_FUNCTION[assignment][0]]}[variant]
