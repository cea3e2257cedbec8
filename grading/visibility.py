"""Which helper modules a submission's sandbox may see: exactly those its assignment imports.

``utils/`` holds helpers for every notebook, and some of them hold the answers to an earlier
assignment (``dnn_app_utils`` implements the exercises of ``04``, which ``05`` builds on). A sandbox
therefore sees only the helper modules that the assignment's read-only cells import, followed through
the helpers' own imports: the answers to an assignment are never importable where it is graded
(``tests/test_sandbox.py`` checks this for every assignment).
"""
import ast
from pathlib import Path

from IPython.core.inputtransformer2 import TransformerManager

from grading.plan import nbgrader_meta

PACKAGE = "utils"


def _utils_imports(source):
    """Modules of the helper package that a piece of code imports (``utils.x`` and ``from utils import x``)."""
    try:
        tree = ast.parse(TransformerManager().transform_cell(source))  # cells may hold %magics
    except SyntaxError:
        return set()
    found = set()
    for node in tree.body:  # module-level imports only: an import inside a function runs when it is
        # called, and the helpers that do so (fixture builders) are called by tests, in the judge
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == PACKAGE and len(parts) > 1:
                    found.add(parts[1])
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != PACKAGE:
                continue
            if len(parts) > 1:
                found.add(parts[1])
            else:
                found.update(alias.name for alias in node.names)
    return found


def helper_modules(source_nb, package_dir):
    """Names of the helper modules an assignment uses: imported by its read-only cells, transitively.

    Parameters
    ----------
    source_nb : nbformat.NotebookNode
        The assignment's source notebook.
    package_dir : pathlib.Path
        The ``utils/`` folder.
    """
    package_dir = Path(package_dir)
    wanted = set()
    for cell in source_nb.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type == "code" and meta.get("locked") and not meta.get("grade"):
            wanted |= _utils_imports(cell.source)
    seen, todo = set(), sorted(wanted)
    while todo:
        name = todo.pop()
        path = package_dir / f"{name}.py"
        if name in seen or not path.exists():
            continue
        seen.add(name)
        todo.extend(sorted(_utils_imports(path.read_text()) - seen))
    return sorted(seen)


def helper_files(source_nb, package_dir):
    """The files to bind into the sandbox: the package's ``__init__`` and the modules it uses."""
    package_dir = Path(package_dir)
    names = helper_modules(source_nb, package_dir)
    return [package_dir / "__init__.py"] + [package_dir / f"{name}.py" for name in names]
