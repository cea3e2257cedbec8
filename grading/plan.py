"""What grading runs, and where: a plan built from the course's own notebook, not from the submission.

The source notebook (trusted) gives the order and the roles of the cells:

- a read-only cell (imports, given functions) runs in both kernels;
- a solution cell runs in the sandbox, with the student's code taken from the submission by grade id;
  in the trusted kernel, the functions it defines become proxies;
- a test cell (with its hidden tests) runs in the trusted kernel only;
- any other cell (demonstrations, training runs, plots, the student's own cells) is not run: no grade
  depends on it.

After a function's test cell, the sandbox gets the reference version of that function, so that a later
function is judged with correct versions of the ones it calls (one mistake costs one function's
points).
"""
import ast
import re
from dataclasses import dataclass, field

HIDDEN_RE = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n(.*?)^[ \t]*### END HIDDEN TESTS[^\n]*\n?",
                       re.S | re.M)
SOLUTION_MARKER_RE = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def defined_functions(source):
    """Names of the functions a cell defines at its top level (in order)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def names_used(source):
    """Every name a piece of code reads."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def reference_code(source):
    """A source solution cell without its solution markers: the reference implementation."""
    return SOLUTION_MARKER_RE.sub("", source)


def split_hidden(source):
    """Split a test cell into (visible code, hidden code, code after the hidden block)."""
    match = HIDDEN_RE.search(source)
    if not match:
        return source, "", ""
    return source[:match.start()], match.group(1), source[match.end():]


@dataclass
class Step:
    """One cell of the plan.

    Attributes
    ----------
    kind : str
        ``"setup"`` (read-only cell, both kernels), ``"solution"`` (sandbox) or ``"test"`` (trusted).
    grade_id : str
    source : str
        Trusted code (setup and test steps); for solution steps the student's code.
    functions : list of str
        Solution steps: the graded functions the cell defines (from the reference).
    reference : str
        Solution steps: the reference code of the cell. Test steps: the reference code to send into
        the sandbox after this test (on the last test of a solution cell only), or ``""``.
    judges : str
        Test steps: the graded function this test judges.
    depends_on : list of str
        Test steps: earlier graded functions the reference of ``judges`` calls.
    points : float
    """

    kind: str
    grade_id: str
    source: str
    functions: list = field(default_factory=list)
    reference: str = ""
    judges: str = ""
    depends_on: list = field(default_factory=list)
    points: float = 0.0


def build_plan(source_nb, submission_nb):
    """The grading plan of one notebook.

    Parameters
    ----------
    source_nb : nbformat.NotebookNode
        The course's source notebook (solutions and hidden tests): trusted.
    submission_nb : nbformat.NotebookNode
        The student's notebook: only its solution cells' code is used (first cell of each grade id).

    Returns
    -------
    list of Step
    """
    submitted = {}
    for cell in submission_nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if cell.get("cell_type") == "code" and grade_id and grade_id not in submitted:
            submitted[grade_id] = cell.get("source", "")
    steps, solutions, graded_so_far = [], {}, []
    for cell in source_nb.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type != "code" or not meta.get("grade_id"):
            continue
        grade_id = meta["grade_id"]
        if meta.get("solution"):
            reference = reference_code(cell.source)
            step = Step("solution", grade_id, submitted.get(grade_id, ""),
                        functions=defined_functions(reference), reference=reference)
            solutions[grade_id] = step
            steps.append(step)
        elif meta.get("grade"):
            judged = grade_id.removesuffix("_tests")
            solution = solutions.get(judged)
            uses = names_used(solution.reference) if solution else set()
            steps.append(Step("test", grade_id, cell.source, judges=judged,
                              depends_on=[f for f in graded_so_far if f in uses and f != judged],
                              points=float(meta.get("points") or 0)))
            if solution:
                graded_so_far.extend(f for f in solution.functions if f not in graded_so_far)
        elif meta.get("locked"):
            steps.append(Step("setup", grade_id, cell.source))
    _attach_references(steps, solutions)
    return steps


def _attach_references(steps, solutions):
    """Give the last test step judging each solution cell that cell's reference code.

    The grader sends it into the sandbox after that test, never before: a cell's reference must not
    replace a function of the cell that is still to be judged.
    """
    last_test = {}
    for step in steps:
        if step.kind == "test" and step.judges in solutions:
            last_test[step.judges] = step
    for grade_id, step in last_test.items():
        step.reference = solutions[grade_id].reference
