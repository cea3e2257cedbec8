"""Course-style names for the logistic-regression lesson (week 2)."""
from utils.data import load_cat_dataset as load_dataset  # noqa: F401
