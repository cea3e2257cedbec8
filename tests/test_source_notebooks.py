"""Structure of the source notebooks: what nbgrader and the students rely on, checked cheaply.

(Running them and comparing outputs is nbval's job: ``pytest --nbval source/``.)
"""
import pytest

from tests.conftest import ASSIGNMENTS, ROOT, read_nb
from tests.notebook_tools import is_solution, is_test, nbgrader_meta
from tools import course

SOURCES = [p for a in ASSIGNMENTS for p in course.notebooks_of(a, "source", ROOT)]
IDS = [f"{p.parent.name}/{p.name}" for p in SOURCES]


@pytest.fixture(params=SOURCES, ids=IDS)
def source(request):
    return request.param, read_nb(request.param)


def test_kernel_is_the_course_python(source):
    path, nb = source
    assert nb.metadata["kernelspec"]["name"] == "python3", f"{path.name}: kernelspec must be python3"


def test_first_code_cell_is_the_read_only_packages_cell(source):
    path, nb = source
    first = next(c for c in nb.cells if c.cell_type == "code")
    meta = nbgrader_meta(first)
    assert meta.get("grade_id") == "packages" and meta.get("locked"), (
        f"{path.name}: the first code cell should be the locked 'packages' cell")


def test_every_graded_function_has_one_test_cell_right_after_it(source):
    path, nb = source
    solutions = [nbgrader_meta(c)["grade_id"] for c in nb.cells if is_solution(c)]
    tests = [nbgrader_meta(c)["grade_id"] for c in nb.cells if is_test(c)]
    assert solutions, f"{path.name} has no graded function"
    assert sorted(tests) == sorted(f"{s}_tests" for s in solutions), (
        f"{path.name}: each answer cell <f> needs exactly one test cell <f>_tests")
    code = [c for c in nb.cells if c.cell_type == "code"]
    for index, cell in enumerate(code):
        if is_solution(cell):
            following = code[index + 1]
            assert nbgrader_meta(following).get("grade_id") == f"{nbgrader_meta(cell)['grade_id']}_tests", (
                f"{path.name}: the test cell of {nbgrader_meta(cell)['grade_id']} should follow it")


def test_test_cells_have_points_and_call_passed_last(source):
    path, nb = source
    for cell in nb.cells:
        if is_test(cell):
            meta = nbgrader_meta(cell)
            assert meta.get("points", 0) > 0, f"{path.name}: {meta['grade_id']} has no points"
            last = cell.source.strip().splitlines()[-1]
            assert last.startswith("passed("), (
                f"{path.name}: {meta['grade_id']} should end with passed(...), not a bare expression "
                "(nbgrader would read a number as partial credit)")


def test_stored_outputs_of_test_cells_are_clean(source):
    path, nb = source
    for cell in nb.cells:
        if is_test(cell):
            grade_id = nbgrader_meta(cell)["grade_id"]
            kinds = [(o.output_type, o.get("name")) for o in cell.outputs]
            assert ("stream", "stderr") not in kinds, f"{path.name}: {grade_id} writes to stderr (scores zero)"
            assert all(k[0] == "stream" for k in kinds), f"{path.name}: {grade_id} has outputs {kinds}"


def test_no_stored_output_is_an_error_or_a_warning(source):
    path, nb = source
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{path.name}: cell {index} stored an error"
            if output.output_type == "stream" and output.name == "stderr":
                raise AssertionError(f"{path.name}: cell {index} printed to stderr: {output.text[:200]}")


def test_lesson_closes_with_what_to_remember(source):
    path, nb = source
    tail = " ".join(c.source for c in nb.cells[-3:] if c.cell_type == "markdown").lower()
    assert "what you should remember" in tail, f"{path.name} should close with a 'What you should remember' box"
