"""Autograde round trips on the first half of the assignments (see ``tests/grading_rounds.py``).

The second half is graded by ``tests/test_grading_later.py``, so that the two test workers share the
work; the tests are the same, imported from ``tests/grading_rounds.py``.
"""
import pytest

from tests.conftest import ASSIGNMENTS
from tests.grading_rounds import *  # noqa: F401,F403 (the round's tests, collected here)
from tests.grading_rounds import round_over
from tests.submissions import WRONG_FUNCTION
from tools import course

pytestmark = pytest.mark.slow

ASSIGNMENTS_HERE = ASSIGNMENTS[: len(ASSIGNMENTS) // 2]
pytest_generate_tests, graded = round_over(ASSIGNMENTS_HERE)


def test_every_assignment_has_a_wrong_function_case():
    assert sorted(WRONG_FUNCTION) == sorted(ASSIGNMENTS)


def test_feedback_is_generated(graded):
    root = graded["root"]
    course.feedback(ASSIGNMENTS_HERE[0], root=root)
    html = list((root / "feedback" / "reference" / ASSIGNMENTS_HERE[0]).glob("*.html"))
    assert html, "no HTML feedback was written"


def test_unknown_assignment_is_named_with_the_known_ones(graded):
    with pytest.raises(course.CourseError) as error:
        course.autograde("no_such_assignment", root=graded["root"])
    message = str(error.value)
    assert "no_such_assignment" in message and ASSIGNMENTS_HERE[0] in message
