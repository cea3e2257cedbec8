"""Course-style names for the logistic-regression lesson (notebook 02_logistic_regression)."""
from utils.data import load_cat_dataset as load_dataset  # noqa: F401
