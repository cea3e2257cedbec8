"""Autograde round trips on the second half of the assignments (see ``tests/grading_rounds.py``)."""
import pytest

from tests.conftest import ASSIGNMENTS
from tests.grading_rounds import *  # noqa: F401,F403 (the round's tests, collected here)
from tests.grading_rounds import round_over

pytestmark = pytest.mark.slow

ASSIGNMENTS_HERE = ASSIGNMENTS[len(ASSIGNMENTS) // 2:]
pytest_generate_tests, graded = round_over(ASSIGNMENTS_HERE)
