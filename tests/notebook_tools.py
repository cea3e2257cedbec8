"""Notebook manipulation shared by the tests: reading cells, building submissions, running releases."""
import ast
import copy
import re

import nbformat
from nbclient import NotebookClient

SOLUTION_RE = re.compile(r"^[ \t]*### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION[^\n]*\n?", re.S | re.M)
HIDDEN_RE = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n(.*?)^[ \t]*### END HIDDEN TESTS[^\n]*\n?", re.S | re.M)
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def is_solution(cell):
    return cell.cell_type == "code" and nbgrader_meta(cell).get("solution", False)


def is_test(cell):
    return cell.cell_type == "code" and nbgrader_meta(cell).get("grade", False)


def cells_by_grade_id(nb):
    return {nbgrader_meta(c)["grade_id"]: c for c in nb.cells if "grade_id" in nbgrader_meta(c)}


def replace_in_cell(nb, grade_id, old, new):
    """Return a copy of ``nb`` with ``old`` replaced by ``new`` in one cell (which must contain it)."""
    nb = copy.deepcopy(nb)
    cell = cells_by_grade_id(nb)[grade_id]
    if old not in cell.source:
        raise AssertionError(f"cell {grade_id!r} does not contain {old!r}: update tests/submissions.py")
    cell.source = cell.source.replace(old, new)
    return nb


def execute(nb, path, timeout=600):
    """Run a notebook (errors allowed) with ``path`` as its folder; return the executed notebook."""
    nb = copy.deepcopy(nb)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path)}}).execute()
    return nb


def errors_of(cell):
    return [o for o in cell.get("outputs", []) if o.output_type == "error"]


def assigned_names(source):
    """Names a cell binds at top level (assignments, defs, imports, for targets)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def write_submission(root, student, assignment, name, nb_or_text):
    """Put a notebook (or raw text, for an unreadable file) in ``submitted/<student>/<assignment>/``."""
    folder = root / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(nb_or_text, str):
        path.write_text(nb_or_text)
    else:
        nbformat.write(nb_or_text, str(path))
    return path
