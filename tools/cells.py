"""Build nbgrader notebooks from Python: the authoring helpers behind every source notebook.

A source notebook can be written in JupyterLab with nbgrader's "Create Assignment" toolbar, or from a
script with these helpers::

    from tools.cells import markdown, code, solution, tests, readonly, notebook, save
    nb = notebook([
        markdown("# Title"),
        readonly("imports", "import numpy as np"),
        solution("sigmoid", "def sigmoid(z):\n    ### BEGIN SOLUTION\n    ...\n    ### END SOLUTION"),
        tests("sigmoid_tests", "assert ...", points=2),
    ])
    save(nb, "source/02_logistic_regression/logistic_regression.ipynb")

then ``./course build <assignment>`` executes it (storing outputs) and regenerates its release.
"""
import textwrap

import nbformat

SCHEMA_VERSION = 3
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _meta(grade_id, *, grade=False, solution=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked,
            "schema_version": SCHEMA_VERSION, "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _clean(text):
    return textwrap.dedent(text).strip("\n")


def markdown(text):
    """A plain markdown cell (students may edit it; it is not graded)."""
    return nbformat.v4.new_markdown_cell(_clean(text))


def code(source, tags=()):
    """A plain code cell (demo, plot, exploration): not graded, not locked."""
    cell = nbformat.v4.new_code_cell(_clean(source))
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def readonly(grade_id, source, tags=()):
    """A locked code cell (packages, given helpers): restored from the source at autograde."""
    cell = code(source, tags)
    cell.metadata.update(_meta(grade_id, locked=True))
    return cell


def solution(grade_id, source):
    """An autograded answer cell; the part between BEGIN/END SOLUTION becomes the student's stub."""
    cell = code(source)
    cell.metadata.update(_meta(grade_id, solution=True))
    return cell


def tests(grade_id, source, points):
    """An autograder test cell worth ``points``; BEGIN/END HIDDEN TESTS regions exist only in source."""
    cell = code(source)
    cell.metadata.update(_meta(grade_id, grade=True, locked=True, points=points))
    return cell


def notebook(cells):
    """A notebook with the course's kernel and the given cells (cell ids derive from their order)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index:03d}"
    nb.cells = list(cells)
    return nb


def save(nb, path):
    """Validate and write a notebook."""
    nbformat.validate(nb)
    nbformat.write(nb, str(path))
