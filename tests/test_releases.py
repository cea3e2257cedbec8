"""Releases are generated from source, in sync, free of answers, and fail only at the stubs."""
import json

import pytest

from tests.conftest import ASSIGNMENTS, ROOT, read_nb
from tests.notebook_tools import (HIDDEN_RE, MARKERS, SOLUTION_RE, assigned_names, cells_by_grade_id,
                                  errors_of, execute, is_solution, is_test)
from tools import course

RELEASES = [(a, p.name) for a in ASSIGNMENTS for p in course.notebooks_of(a, "source", ROOT)]
IDS = [f"{a}/{n}" for a, n in RELEASES]


def normalized(path):
    """A notebook as JSON, for an exact comparison."""
    return json.loads(path.read_text())


def test_every_assignment_has_a_committed_release():
    for assignment, name in RELEASES:
        assert (ROOT / "release" / assignment / name).is_file(), (
            f"release/{assignment}/{name} is missing: run ./course build {assignment}")


@pytest.mark.parametrize("assignment,name", RELEASES, ids=IDS)
def test_committed_release_matches_a_fresh_generation(course_copy, assignment, name):
    fresh = normalized(course_copy / "release" / assignment / name)
    committed = normalized(ROOT / "release" / assignment / name)
    assert committed == fresh, (
        f"release/{assignment}/{name} is stale: run ./course build {assignment} --release-only")


@pytest.mark.parametrize("assignment,name", RELEASES, ids=IDS)
def test_release_has_no_markers_outputs_or_answers(assignment, name):
    release = read_nb(ROOT / "release" / assignment / name)
    source = cells_by_grade_id(read_nb(ROOT / "source" / assignment / name))
    for index, cell in enumerate(release.cells):
        where = f"release/{assignment}/{name}, cell {index}"
        for marker in MARKERS:
            assert marker not in cell.source, f"{where} contains '{marker}'"
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{where} has stored outputs"
            assert cell.execution_count is None, f"{where} has an execution count"
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id is None:
            continue
        original = source[grade_id].source
        pattern = SOLUTION_RE if is_solution(cell) else HIDDEN_RE if is_test(cell) else None
        if pattern is None:
            continue
        released_lines = {line.strip() for line in cell.source.splitlines()}
        for block in pattern.findall(original):
            for line in block.splitlines():
                stripped = line.strip()
                if len(stripped) > 12 and not stripped.startswith("#"):
                    assert stripped not in released_lines, f"{where} ({grade_id}) leaks: {stripped}"


@pytest.mark.slow
@pytest.mark.parametrize("assignment,name", RELEASES, ids=IDS)
def test_release_as_is_fails_every_graded_test_and_only_at_the_stubs(tmp_path, assignment, name):
    release = read_nb(ROOT / "release" / assignment / name)
    ran = execute(release, tmp_path)
    unbound = set()  # names a stub prevented from being assigned
    for index, cell in enumerate(ran.cells):
        if cell.cell_type != "code":
            continue
        errors = errors_of(cell)
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {index}")
        if is_test(cell):
            assert errors, f"{name}: test cell {grade_id} passes on the untouched release"
        for error in errors:
            stub = error.ename == "NotImplementedError"
            downstream = error.ename == "NameError" and any(f"'{n}'" in error.evalue for n in unbound)
            assert stub or downstream, (
                f"{name}: {grade_id} fails with {error.ename}: {error.evalue} (expected only the stubs' "
                "NotImplementedError, or a NameError of a value a stub kept from being computed)")
        if errors:
            unbound |= assigned_names(cell.source)


def test_grading_refreshes_the_gradebook_only_when_the_source_changed(tmp_path):
    """``./course autograde`` regenerates an assignment only if its source (or the config) changed."""
    import nbformat
    from nbgrader.api import Gradebook
    from tests.conftest import make_course_copy

    assignment = ASSIGNMENTS[0]
    root = make_course_copy(tmp_path, [assignment])
    assert not course.refresh_release(assignment, root), "regenerated although nothing changed"
    path = course.notebooks_of(assignment, "source", root)[0]
    nb = nbformat.read(str(path), as_version=4)
    test_cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))
    test_cell.source += "\nassert True  # a check added later"
    nbformat.write(nb, str(path))
    assert course.refresh_release(assignment, root), "a changed source was not regenerated"
    with Gradebook(course.gradebook_url(root)) as gb:
        stored = gb.find_source_cell(test_cell.metadata.nbgrader["grade_id"], path.stem, assignment).source
    assert stored.endswith("# a check added later")
    assert not course.refresh_release(assignment, root)
