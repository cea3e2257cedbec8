"""Known submissions the autograder must score correctly, per assignment.

``WRONG_FUNCTION[assignment] = (grade_id, old, new)``: in the reference solution of the answer cell
``grade_id``, replace ``old`` by ``new``. The result is a plausible student mistake in one function
that no later graded function depends on, so exactly that function's test points must be lost.
Every assignment needs an entry (tests/test_grading.py checks).
"""

WRONG_FUNCTION = {
    "01_numpy_basics": ("L2", "np.dot(diff, diff)", "np.sum(np.abs(diff))"),
    "02_logistic_regression": ("model", "num_iterations, learning_rate, print_cost)", "num_iterations, print_cost=print_cost)"),
    "03_planar_classification": ("predict", "predictions = A2 > 0.5", "predictions = A2 < 0.5"),
    "04_deep_nn_step_by_step": ("update_parameters", '- learning_rate * grads["dW"', '+ learning_rate * grads["dW"'),
    "05_deep_nn_application": ("two_layer_model", 'linear_activation_forward(X, W1, b1, "relu")',
                               'linear_activation_forward(X, W1, b1, "sigmoid")'),
}
