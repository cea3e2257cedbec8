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


# --- running a test cell in this process, as a student's kernel would ---------------------------

def _runnable(source):
    """A cell's code without IPython's line magics (``%matplotlib inline``), which plain exec lacks."""
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("%"))


def _exec_cell(source, name, namespace):
    """Run one cell's code; its lines are registered with linecache, as IPython does for a cell."""
    import linecache
    filename = f"<cell {name}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)


def graded_namespace(nb):
    """The names a test cell sees: the notebook's read-only cells and answer cells, run in order."""
    namespace = {"__name__": "__main__"}
    for cell in nb.cells:
        if cell.cell_type == "code" and (is_solution(cell) or (nbgrader_meta(cell).get("locked")
                                                              and not is_test(cell))):
            _exec_cell(_runnable(cell.source), nbgrader_meta(cell)["grade_id"], namespace)
    return namespace


def check_message(nb, grade_id, mutation=None, hidden=False):
    """What the test cell of ``grade_id`` says about the reference solutions, one of them mutated.

    The notebook's read-only cells and answer cells (the reference solutions, markers and all) run in
    a fresh namespace, then the visible part of the test cell ``<grade_id>_tests`` (or, with
    ``hidden``, its hidden part, with expected values left out of the messages as the grader runs it).

    Parameters
    ----------
    nb : notebook
        A source notebook.
    grade_id : str
        The graded function whose test cell runs.
    mutation : tuple (answer grade_id, old, new), optional
        In that answer cell, ``old`` (which must occur) is replaced by ``new``: a student's mistake.

    Returns
    -------
    str or None
        The message of the first failing check (``"<Type>: <message>"`` for anything but an
        AssertionError), or None when the cell passes.
    """
    import contextlib
    import io

    from utils import checks

    if mutation is not None:
        nb = replace_in_cell(nb, *mutation)
    namespace = graded_namespace(nb)
    test_source = cells_by_grade_id(nb)[f"{grade_id}_tests"].source
    parts = [(HIDDEN_RE.sub("", test_source), contextlib.nullcontext())]
    if hidden:  # as the grader runs them: after the visible checks, expected values left out
        parts.append(("\n".join(HIDDEN_RE.findall(test_source)), checks.expected_values_hidden()))
    try:
        for code, context in parts:
            with context, contextlib.redirect_stdout(io.StringIO()):
                _exec_cell(_runnable(code), f"{grade_id}_tests", namespace)
    except AssertionError as error:
        return str(error)
    except Exception as error:  # a crash the checks did not turn into a message
        return f"{type(error).__name__}: {error}"
    return None
