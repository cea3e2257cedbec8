"""The grading sandbox and the plain-data wire: what a submission can and cannot see or do.

The sandbox tests start real bubblewrap kernels (about a second each); the wire tests are pure unit
tests of the format that carries data out of the sandbox.
"""
import math

import nbformat
import numpy as np
import pytest

from grading import wire
from grading.execute import _matplotlib_cache
from grading.kernels import Kernel
from grading.plan import build_plan, split_hidden
from grading.sandbox import Limits, Sandbox
from grading.visibility import helper_files, helper_modules
from tests.conftest import ASSIGNMENTS, ROOT
from tools import course

pytestmark = pytest.mark.xdist_group("grading")


# --- the wire: plain data only ----------------------------------------------------------------

def test_wire_round_trips_plain_data():
    value = {"W1": np.arange(6.0).reshape(2, 3), "b": np.float64(0.5), "n": 3, "ok": True, "none": None,
             "name": "relu", 7: [1.5, float("inf"), (np.int64(2), np.array([True, False]))],
             "nan": float("nan"), "bytes": np.array([b"cat", b"non-cat"])}
    back = wire.loads(wire.dumps(value))
    assert back["W1"].shape == (2, 3) and np.array_equal(back["W1"], value["W1"])
    assert isinstance(back["b"], np.float64) and back["b"] == 0.5
    assert back["n"] == 3 and back["ok"] is True and back["none"] is None and back["name"] == "relu"
    assert back[7][1] == math.inf and isinstance(back[7][2], tuple) and back[7][2][0] == 2
    assert math.isnan(back["nan"]) and list(back["bytes"]) == [b"cat", b"non-cat"]


@pytest.mark.parametrize("value", [object(), lambda x: x, np.array([object()]), {(1, 2): 1}, {1.5: 2},
                                   np.zeros(2, dtype=[("a", "f8")])])
def test_wire_refuses_what_is_not_plain_data(value):
    with pytest.raises(wire.WireError):
        wire.dumps(value)


def test_wire_rejects_malformed_or_hostile_messages():
    good = wire.dumps({"a": np.ones(3)})
    for bad in (b"", good[:20], b"\xff" * 8 + good[8:], good.replace(b'"<f8"', b'"|O8"'),
                good.replace(b'"array"', b'"pickle"'), good[:-8]):
        with pytest.raises(wire.WireError):
            wire.loads(bad)


# --- the plan: built from the course's notebook, never from the submission's metadata ----------

def _corrupt(nb, change):
    """A copy of ``nb`` whose first graded test cell's nbgrader metadata gets ``change`` (None deletes)."""
    nb = nbformat.from_dict(nbformat.reads(nbformat.writes(nb), as_version=4))
    meta = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")).metadata.nbgrader
    for key, value in change.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    return nb


METADATA_CHANGES = {"none": {}, "points as text": {"points": "many"}, "no grade id": {"grade_id": None},
                    "empty grade id": {"grade_id": ""}, "schema too old": {"schema_version": 2},
                    "schema too new": {"schema_version": 4}, "grade as text": {"grade": "yes"},
                    "no points": {"points": None}}


@pytest.mark.parametrize("change", METADATA_CHANGES)
def test_the_metadata_check_decides_as_nbgraders_own(change):
    """grading.sanitize.CheckCellMetadata (schema compiled once) accepts and refuses what nbgrader's does."""
    from nbgrader.preprocessors import CheckCellMetadata as Nbgrader
    from grading.sanitize import CheckCellMetadata as Course

    for assignment in ASSIGNMENTS:
        source = nbformat.read(str(course.notebooks_of(assignment, "source", ROOT)[0]), as_version=4)
        nb = _corrupt(source, METADATA_CHANGES[change])
        outcomes = []
        for check in (Nbgrader(), Course()):
            try:
                check.preprocess(nb, {})
                outcomes.append("accepted")
            except Exception as error:
                outcomes.append(f"{type(error).__name__}: {str(error)[:200]}")
        assert outcomes[0] == outcomes[1], f"{assignment}, {change}: nbgrader {outcomes[0]}; course {outcomes[1]}"
        assert (outcomes[0] == "accepted") == (change == "none")


def test_plan_takes_tests_from_source_and_code_from_the_submission():
    source = nbformat.read(str(course.notebooks_of("02_logistic_regression", "source", ROOT)[0]), as_version=4)
    submission = nbformat.read(str(course.notebooks_of("02_logistic_regression", "release", ROOT)[0]), as_version=4)
    for cell in submission.cells:  # a hostile submission rewrites its test cells: the plan ignores them
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            cell.source = "pass"
    steps = build_plan(source, submission)
    tests = [s for s in steps if s.kind == "test"]
    assert tests and all("BEGIN HIDDEN TESTS" in s.source for s in tests if s.points > 1)
    optimize = next(s for s in tests if s.judges == "optimize")
    assert optimize.depends_on == ["propagate"] and "def optimize" in optimize.reference
    solutions = [s for s in steps if s.kind == "solution"]
    assert all("NotImplementedError" in s.source for s in solutions)
    visible, hidden, after = split_hidden(optimize.source)
    assert "BEGIN HIDDEN" not in visible + hidden + after and hidden.strip()


# --- the sandbox ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kernel():
    import utils
    from pathlib import Path
    nb = nbformat.read(str(course.notebooks_of("02_logistic_regression", "source", ROOT)[0]), as_version=4)
    sandbox = Sandbox(helper_files(nb, Path(utils.__file__).parent), [ROOT / "datasets"],
                      Limits(memory_bytes=2 * 2**30, file_bytes=2**20, tmp_bytes=8 * 2**20, work_bytes=4 * 2**20),
                      mpl_cache=_matplotlib_cache())
    running = Kernel(sandbox.kernel_manager())
    yield running
    running.shutdown()
    sandbox.close()


def run(kernel, code):
    result = kernel.run(code, timeout=30)
    return "".join(o.get("text", "") for o in result.outputs), result


def test_the_sandbox_runs_as_an_unprivileged_user_in_its_own_folder(kernel):
    out, _ = run(kernel, "import os; print(os.getuid(), os.getgid(), os.getcwd().endswith('/work'))")
    uid, gid, in_work = out.split()
    assert int(uid) >= 61000 and int(gid) >= 61000 and in_work == "True"


def test_the_sandbox_sees_no_course_tooling_gradebook_or_other_students(kernel):
    code = ("import os\n"
            f"root = {str(ROOT)!r}\n"
            "print(sorted(os.listdir(root)))\n"
            "print([p for p in ('source', 'tools', 'grading', 'gradebook.db', 'submitted', 'release') "
            "if os.path.exists(os.path.join(root, p))])\n"
            "print(sorted(os.listdir(os.path.join(root, 'utils'))))")
    out, _ = run(kernel, code)
    listing, present, helpers = out.splitlines()
    assert present == "[]", present
    assert "dnn_app_utils.py" not in helpers and "checks.py" in helpers


def test_the_sandbox_has_no_network(kernel):
    out, _ = run(kernel, "import socket\n"
                         "for host, port in (('127.0.0.1', 22), ('8.8.8.8', 53)):\n"
                         "    try:\n        socket.create_connection((host, port), timeout=2); print('open')\n"
                         "    except OSError as e: print(type(e).__name__)")
    assert "open" not in out and out.strip()


def test_the_sandbox_cannot_write_outside_its_folder(kernel):
    out, _ = run(kernel, "import utils.checks, os\n"
                         "for path in (utils.checks.__file__, '/usr/evil', os.path.join(os.path.dirname("
                         "utils.checks.__file__), 'evil.py')):\n"
                         "    try:\n        open(path, 'a').write('x'); print('wrote', path)\n"
                         "    except OSError as e: print('refused')")
    assert "wrote" not in out and out.count("refused") == 3


def test_the_sandbox_limits_memory_files_and_tmp(kernel):
    out, _ = run(kernel, "import numpy as np\n"
                         "try:\n    np.ones((40000, 40000)); print('allocated')\n"
                         "except MemoryError: print('MemoryError')\n"
                         "try:\n    open('big', 'wb').write(b'x' * (4 * 2**20)); print('big file')\n"
                         "except OSError as e: print('file refused')\n"
                         "try:\n    open('/tmp/fill', 'wb').write(b'x' * (16 * 2**20)); print('tmp filled')\n"
                         "except OSError as e: print('tmp refused')")
    assert out.split() == ["MemoryError", "file", "refused", "tmp", "refused"], out


def test_the_working_folder_is_bounded_in_all(kernel):
    out, _ = run(kernel, "written = 0\n"
                         "try:\n    for i in range(8):\n"
                         "        open(f'part{i}', 'wb').write(b'x' * 900_000); written += 1\n"
                         "except OSError: pass\n"
                         "print(written)")
    assert int(out) < 8, "eight files of 0.9 MB fit in a 4 MB working folder"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_answer_is_importable_where_it_is_graded(assignment):
    """Every helper module a sandbox of ``assignment`` can import lacks that assignment's graded functions."""
    import utils
    from pathlib import Path
    nb = nbformat.read(str(course.notebooks_of(assignment, "source", ROOT)[0]), as_version=4)
    graded = sorted(course.points_table(ROOT)[assignment]["functions"])
    modules = helper_modules(nb, Path(utils.__file__).parent)
    sandbox = Sandbox(helper_files(nb, Path(utils.__file__).parent), [ROOT / "datasets"],
                      mpl_cache=_matplotlib_cache())
    running = Kernel(sandbox.kernel_manager())
    try:
        code = ("import importlib, pkgutil, utils\n"
                "names = [m.name for m in pkgutil.iter_modules(utils.__path__)]\n"
                f"graded = {graded!r}\n"
                "found = []\n"
                "for name in names:\n"
                "    module = importlib.import_module('utils.' + name)\n"
                "    found += [f'{name}.{g}' for g in graded if hasattr(module, g)]\n"
                "print(sorted(names)); print(found)")
        result = running.run(code, timeout=60)
        out = "".join(o.get("text", "") for o in result.outputs)
        assert result.status == "ok", result
        names, found = out.splitlines()
        assert found == "[]", f"{assignment}: graded functions importable in its sandbox: {found}"
        assert names == str(sorted(modules)), f"{assignment}: the sandbox sees {names}, expected {modules}"
    finally:
        running.shutdown()
        sandbox.close()


# --- hidden checks: their messages name the mistake without the expected values -----------------

@pytest.mark.parametrize("code, secret", [
    ("from utils.checks import assert_scalar\nassert_scalar(0.5, 0.123456789, 'f(x)')", "0.123456789"),
    ("from utils.checks import assert_array\nimport numpy as np\n"
     "assert_array(np.zeros((2, 1)), [[0.314159], [0.271828]], 'f(x)')", "0.314159"),
    ("from utils.checks import assert_array\nimport numpy as np\nassert_array(np.zeros(3), np.ones((7, 5)), 'f(x)')",
     "(7, 5)"),
    ("from utils.checks import assert_equal\nassert_equal([1, 2], [3, 987654], 'f(x)')", "987654"),
    ("import numpy as np\nnp.testing.assert_allclose(1.0, 2.718281828)", "2.718281828"),
])
def test_hidden_check_messages_leave_out_expected_values(code, secret):
    from grading.judge import HiddenCheckFailed, run_hidden
    with pytest.raises(HiddenCheckFailed) as error:
        run_hidden(code, {})
    message = str(error.value)
    assert message.startswith("a hidden check failed") and secret not in message, message


#: A grader that starts a sandbox's kernel and dies ``delay`` seconds later, before the kernel is up.
DYING_GRADER = """
import os, sys, threading, time
from grading.sandbox import Limits, Sandbox
sandbox = Sandbox([], [], Limits())
open(sys.argv[2], "w").write(str(sandbox.uid))
manager = sandbox.kernel_manager()
threading.Thread(target=lambda: manager.start_kernel(cwd=str(sandbox.base)), daemon=True).start()
time.sleep(float(sys.argv[1]))
os._exit(0)
"""


@pytest.mark.parametrize("delay", [0.0, 0.005, 0.01, 0.02, 0.05])
def test_a_sandbox_does_not_outlive_a_grader_killed_while_starting_it(tmp_path, delay):
    """bwrap's --die-with-parent alone missed a grader that died before bwrap's prctl: the kernel lived on."""
    import fcntl
    import subprocess
    import sys
    import tempfile
    import time
    from pathlib import Path

    uid_file = tmp_path / "uid"
    subprocess.run([sys.executable, "-c", DYING_GRADER, str(delay), str(uid_file)], cwd=ROOT,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    uid = uid_file.read_text()
    # hold the uid's lease while looking: another test's grader may have taken the uid since
    with open(Path(tempfile.gettempdir()) / "course-sandbox-uids" / f"{uid}.lock", "w") as lease:
        fcntl.flock(lease, fcntl.LOCK_EX)
        deadline, left = time.monotonic() + 5, ["?"]
        while left and time.monotonic() < deadline:
            time.sleep(0.2)
            left = subprocess.run(["pgrep", "-a", "-u", uid], capture_output=True, text=True).stdout.splitlines()
        subprocess.run(["pkill", "-KILL", "-u", uid])
    assert not left, f"sandbox processes of uid {uid} outlived their grader: {left}"
