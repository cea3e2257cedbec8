"""Autograde round trips on the second half of the assignments (see ``tests/grading_rounds.py``)."""
import pytest

from tests.conftest import ASSIGNMENTS
from tests.grading_rounds import (grade_round, test_csv_export_carries_the_scores,  # noqa: F401 (collected)
                                  test_deleted_and_edited_test_cells_are_restored,
                                  test_every_score_equals_a_full_re_execution,
                                  test_one_wrong_function_loses_exactly_its_points,
                                  test_reference_solution_scores_full_marks,
                                  test_truncated_notebook_is_reported_and_others_are_graded,
                                  test_untouched_release_scores_zero)

pytestmark = pytest.mark.slow

ASSIGNMENTS_HERE = ASSIGNMENTS[len(ASSIGNMENTS) // 2:]


def pytest_generate_tests(metafunc):
    if "assignment" in metafunc.fixturenames:
        metafunc.parametrize("assignment", ASSIGNMENTS_HERE)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return grade_round(tmp_path_factory, ASSIGNMENTS_HERE)
