"""Hostile and broken submissions, each with the score its real work deserves.

Every attack starts from the reference solution (``solved``) or the untouched release of
``01_numpy_basics`` and changes cells by grade id. ``deserved`` is the number of points of the
functions whose real work is correct, or ``NOT_GRADED`` for a submission that cannot be graded.
"""
import copy
import textwrap
from dataclasses import dataclass
from typing import Callable

from tests.notebook_tools import cells_by_grade_id, is_test

NOT_GRADED = "not graded"
FUNCTIONS = ("basic_sigmoid", "sigmoid", "sigmoid_derivative", "image2vector", "normalize_rows",
             "softmax", "L1", "L2")


@dataclass
class Attack:
    name: str
    build: Callable  # (solved, release) -> notebook, or text for an unreadable file
    broken: tuple = ()  # functions whose points the submission does not deserve
    not_graded: bool = False
    file_name: str = ""  # a wrong file name, when the attack is the name


def _code(text):
    return textwrap.dedent(text).strip("\n")


def edit(nb, grade_id, source=None, append=None):
    """A copy of ``nb`` with one cell's source replaced or extended."""
    nb = copy.deepcopy(nb)
    cell = cells_by_grade_id(nb)[grade_id]
    if source is not None:
        cell.source = _code(source)
    if append is not None:
        cell.source += "\n" + _code(append)
    return nb


def stubs_with(release, grade_id, code):
    """The untouched release, with ``code`` added to one cell."""
    return edit(release, grade_id, append=code)


EXEC_SOURCE = '''
import json, os, pathlib
def _find_source():
    places = [pathlib.Path.cwd(), *pathlib.Path.cwd().parents]
    try:
        from utils.paths import COURSE_ROOT
        places.insert(0, COURSE_ROOT)
    except Exception:
        pass
    for place in places:
        for nb in place.glob("source/01_numpy_basics/*.ipynb"):
            return nb
    for nb in pathlib.Path("/").glob("*/*/source/01_numpy_basics/*.ipynb"):
        return nb
_found = _find_source()
if _found:
    for _cell in json.loads(_found.read_text())["cells"]:
        if _cell["metadata"].get("nbgrader", {}).get("solution"):
            exec("".join(_cell["source"]), globals())
'''

GRADEBOOK_TAMPER = '''
import glob, os, pathlib, sqlite3
for _start in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents, pathlib.Path("/work"), pathlib.Path("/tmp")]:
    for _db in list(_start.glob("gradebook.db")) + list(_start.glob("*/gradebook.db")):
        try:
            _c = sqlite3.connect(str(_db))
            _c.execute("UPDATE grade SET auto_score = 100")
            _c.commit()
        except Exception:
            pass
    for _nb in _start.glob("submitted/*/01_numpy_basics/*.ipynb"):
        try:
            _nb.write_text("{}")
        except Exception:
            pass
try:
    import utils.checks
    with open(utils.checks.__file__, "a") as _f:
        _f.write("\\nassert_array = lambda *a, **k: None\\n")
except Exception:
    pass
'''

NOOP_CHECKS = '''
import numpy, numpy.testing
numpy.allclose = lambda *a, **k: True
numpy.isclose = lambda *a, **k: True
numpy.testing.assert_allclose = lambda *a, **k: None
try:
    import utils.checks as _checks
    for _name in dir(_checks):
        if _name.startswith("assert_"):
            setattr(_checks, _name, lambda *a, **k: None)
except Exception:
    pass
'''

KERNEL_HOOK = '''
_ip = get_ipython()
_kernel = _ip.kernel
def _always_ok(*args, **kwargs):
    return {"status": "ok", "execution_count": 1, "user_expressions": {}, "payload": []}
_kernel.do_execute = _always_ok
_ip.run_cell = lambda *a, **k: None
'''

AGENT_TAMPER = '''
import sys
_agent = sys.modules.get("__grading_agent__")
if _agent is not None:
    def _echo(name, number):
        import os
        with open(os.path.join(_agent.INPUTS, f"call-{number}"), "rb") as handle:
            request = _agent.loads(handle.read())
        result = {"value": request["args"][0] if request["args"] else None, "rng": request["rng"],
                  "printed": "✓ tests passed.", "mutated": {}}
        with open(f"call-{number}.out", "wb") as handle:
            handle.write(_agent.dumps(result))
    _agent.call = _echo
'''

ALWAYS_EQUAL = '''
class _AlwaysEqual(float):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    __hash__ = float.__hash__
class _Impostor:
    __class__ = property(lambda self: float)
    def __eq__(self, other): return True
    def __float__(self): return 0.5
def basic_sigmoid(x):
    return _Impostor()
'''

FORK_BOMB = '''
import os, time
def normalize_rows(x):
    children = []
    try:
        while True:
            pid = os.fork()
            if pid == 0:
                time.sleep(1)
                os._exit(0)
            children.append(pid)
    except OSError:
        pass
    for pid in children:
        os.waitpid(pid, 0)
    raise RuntimeError(f"forked {len(children)} processes before the limit")
'''

NETWORK = '''
import socket
def L2(yhat, y):
    for host, port in (("127.0.0.1", 8888), ("8.8.8.8", 53), ("1.1.1.1", 80)):
        try:
            socket.create_connection((host, port), timeout=2).close()
            return 0.0
        except OSError:
            pass
    return None
'''

STUBBORN_LOOP = '''
def softmax(x):
    while True:
        try:
            while True:
                pass
        except BaseException:
            continue
'''


def _retype_tests(nb, to="markdown"):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if is_test(cell):
            cell.cell_type = to
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    return nb


def _delete(nb, keep):
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if keep(c)]
    return nb


def _edit_tests(nb):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if is_test(cell):
            cell.source = "print('\N{CHECK MARK} tests passed.')"
    return nb


def _duplicate_ids(solved):
    nb = copy.deepcopy(solved)
    cells = cells_by_grade_id(nb)
    wrong = copy.deepcopy(cells["sigmoid"])
    wrong.source = "def sigmoid(x):\n    return x"
    dup_test = copy.deepcopy(cells["L2_tests"])
    dup_test.source = "pass"
    for cell in (wrong, dup_test):
        cell.pop("id", None)
    nb.cells += [wrong, dup_test]
    return nb


ATTACKS = [
    Attack("exec_source_solutions", lambda s, r: _apply_all(r, EXEC_SOURCE), broken=FUNCTIONS),
    Attack("gradebook_and_files_tamper",
           lambda s, r: edit(r, "basic_sigmoid", source=_basic_sigmoid(s) + "\n" + GRADEBOOK_TAMPER),
           broken=FUNCTIONS[1:]),
    Attack("noop_checks_and_allclose", lambda s, r: stubs_with(r, "basic_sigmoid", NOOP_CHECKS), broken=FUNCTIONS),
    Attack("kernel_do_execute_hook", lambda s, r: stubs_with(r, "basic_sigmoid", KERNEL_HOOK), broken=FUNCTIONS),
    Attack("grading_agent_tamper", lambda s, r: stubs_with(r, "basic_sigmoid", AGENT_TAMPER), broken=FUNCTIONS),
    Attack("os_exit_in_a_cell", lambda s, r: edit(s, "softmax", append="import os\nos._exit(0)"),
           broken=("softmax",)),
    Attack("segfault_in_a_call", lambda s, r: edit(s, "L1", source="import ctypes\ndef L1(yhat, y):\n"
                                                                   "    return ctypes.string_at(0)"),
           broken=("L1",)),
    Attack("duplicated_grade_ids", lambda s, r: _duplicate_ids(s)),
    Attack("truncated_notebook", lambda s, r: _nb_text(s)[: len(_nb_text(s)) // 2], broken=FUNCTIONS,
           not_graded=True),
    Attack("writes_to_stderr", lambda s, r: _apply_all(s, "import sys\nprint('a warning', file=sys.stderr)",
                                                        append=True)),
    Attack("memory_bomb", lambda s, r: edit(s, "image2vector", source="import numpy as np\n"
                                            "def image2vector(image):\n    big = np.ones((60000, 60000))\n"
                                            "    return big"),
           broken=("image2vector",)),
    Attack("fork_bomb", lambda s, r: edit(s, "normalize_rows", source=FORK_BOMB), broken=("normalize_rows",)),
    Attack("network_access", lambda s, r: edit(s, "L2", source=NETWORK), broken=("L2",)),
    Attack("infinite_loop", lambda s, r: edit(s, "softmax", source="def softmax(x):\n    while True:\n"
                                                                  "        pass"),
           broken=("softmax",)),
    Attack("loop_ignoring_interrupts", lambda s, r: edit(s, "softmax", source=STUBBORN_LOOP), broken=("softmax",)),
    Attack("long_sleep", lambda s, r: edit(s, "L1", source="import time\ndef L1(yhat, y):\n"
                                                          "    time.sleep(10_000)"),
           broken=("L1",)),
    Attack("huge_output", lambda s, r: edit(edit(s, "sigmoid", append="for _ in range(200):\n    print('x' * 100_000)"),
                                            "L2", append="_original_L2 = L2\ndef L2(yhat, y):\n"
                                                         "    print('y' * 50_000_000)\n"
                                                         "    return _original_L2(yhat, y)")),
    Attack("deleted_cells", lambda s, r: _delete(s, lambda c: not is_test(c) and
                                                 c.get("metadata", {}).get("nbgrader", {}).get("grade_id") != "L2"),
           broken=("L2",)),
    Attack("retyped_test_cells", lambda s, r: _retype_tests(edit(r, "basic_sigmoid", source=_basic_sigmoid(s))),
           broken=FUNCTIONS[1:]),
    Attack("edited_test_cells", lambda s, r: _edit_tests(r), broken=FUNCTIONS),
    Attack("wrong_file_name", lambda s, r: s, broken=FUNCTIONS, not_graded=True, file_name="homework.ipynb"),
    Attack("returns_an_impostor_object", lambda s, r: edit(s, "basic_sigmoid", source=ALWAYS_EQUAL),
           broken=("basic_sigmoid",)),
    Attack("crashes_the_sandbox_every_time", lambda s, r: _crash_all_but_first(s), broken=FUNCTIONS[1:],
           not_graded=True),
    Attack("prints_a_fake_pass_line", lambda s, r: edit(s, "sigmoid", source="print('\N{CHECK MARK} sigmoid: tests passed.')\n"
                                                                            "def sigmoid(x):\n    return x"),
           broken=("sigmoid",)),
]


def _crash_all_but_first(solved):
    """Every function but the first ends the sandboxed process when called: after the grader's
    restarts run out, the rest is "not graded", and the first function keeps its point."""
    nb = copy.deepcopy(solved)
    cells = cells_by_grade_id(nb)
    for name in FUNCTIONS[1:]:
        cells[name].source = f"import os\ndef {name}(*args, **kwargs):\n    os._exit(3)"
    return nb


def _nb_text(nb):
    import nbformat
    return nbformat.writes(nb)


def _basic_sigmoid(solved):
    return cells_by_grade_id(solved)["basic_sigmoid"].source


def _apply_all(nb, code, append=False):
    """Put ``code`` into every solution cell (replacing it, or at the end of each function's body)."""
    nb = copy.deepcopy(nb)
    cells = cells_by_grade_id(nb)
    for name in FUNCTIONS:
        cell = cells[name]
        if append:
            body = "\n".join("    " + line for line in _code(code).splitlines())
            cell.source = cell.source.replace("\n    return ", "\n" + body + "\n    return ", 1)
        else:
            cell.source = _code(code)
    return nb
