"""nbgrader's extension point: ``TrustedExecute`` takes the place of nbgrader's ``Execute`` preprocessor.

``nbgrader_config.py`` puts it in ``Autograde.autograde_preprocessors``. For one submitted notebook it

1. builds the plan from the course's source notebook (``grading.plan``);
2. takes a session for it: the student's kernel in a sandbox (``grading.sandbox``) and a trusted
   judge kernel (``grading.judge``) that never runs student code, forked from a server that has
   already imported what judges need (``grading.zygote``); the session was started ahead, when the
   previous submission was graded, with the notebook's first read-only cells already run
   (``grading.warm``), and it serves this one notebook only;
3. runs the plan: read-only cells in both kernels, the student's solution cells in the sandbox, the
   test cells (hidden tests included) in the judge, whose graded functions are proxies into the
   sandbox; after each test, the sandbox gets the reference version of the judged function;
4. survives the sandbox ending (a crash, ``os._exit``, a resource limit): it restarts it, restores
   what was judged so far, and goes on with the next function;
5. writes each test cell's outputs into the submitted notebook, where nbgrader's ``SaveAutoGrades``
   reads the scores as usual (an error output scores zero, anything else the cell's points), and
   records how grading went (``grading.status``).

Every test cell of the plan gets outputs from the judge or an explicit "not graded" error: a cell
without an error output would otherwise score full points.
"""
import functools
import os
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_output
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Float, Integer

from grading import kernels, plan as planning, priority, status as grading_status, warm
from grading.sandbox import Limits
from grading.visibility import helper_files

AGENT_SOURCES = [Path(__file__).with_name("wire.py"), Path(__file__).with_name("agent.py")]


def _agent_install_code(inputs):
    """Code that turns the agent's sources into the module ``__grading_agent__`` inside the sandbox."""
    sources = [path.read_text() for path in AGENT_SOURCES]
    return ("import sys as _s, types as _t\n"
            "_m = _t.ModuleType('__grading_agent__')\n"
            f"for _src in {sources!r}:\n"
            "    exec(compile(_src, '<grading agent>', 'exec'), _m.__dict__)\n"
            f"_m.INPUTS = {str(inputs)!r}\n"
            "_s.modules['__grading_agent__'] = _m\n"
            "del _s, _t, _m, _src\n")


def _error_output(ename, message):
    return new_output("error", ename=ename, evalue=message, traceback=[f"{ename}: {message}"])


def _note(text):
    return new_output("stream", name="stdout", text=text + "\n")


class Session:
    """The two kernels of one submission and the state needed to restart the sandbox.

    ``ahead`` (a ``grading.priority.Ahead``) is the CPU priority the session starts at: idle when it
    is started ahead, before its submission comes (``grading.warm``).
    """

    def __init__(self, sandbox, cell_timeout, call_timeout, judge_preload=(), ahead=None):
        self.sandbox = sandbox
        self.cell_timeout, self.call_timeout = cell_timeout, call_timeout
        self.ahead = ahead or priority.Ahead(idle=False)
        self.restarts = 0
        self.student = None
        # forked from a server that imported what the judge needs; it starts beside the sandbox
        self.judge = kernels.trusted_kernel(sandbox.base / "judge", wait=False, preload=judge_preload,
                                            idle=self.ahead.idle)
        self.ahead.started(self.judge.pid)
        self.replay = []  # code to run again in a new sandbox: setup cells and references
        self.setup_failures = []  # one entry per read-only cell run, "" when it went well
        self.judge_prelude = []  # lines for the judge to run first in its next cell
        self.start_student()
        self.judge.wait_ready(timeout=self.ahead.timeout(60))
        run = self.judge.run("from grading import judge as __grading_judge__\n"
                             f"__grading_judge__.install({self.student.connection_file!r}, "
                             f"{str(sandbox.inputs)!r}, {str(sandbox.work)!r}, {call_timeout!r})",
                             timeout=self.ahead.timeout(90))
        if run.status != "ok":
            raise RuntimeError(f"the judge kernel could not start: {run.error or run.status}")

    def start_student(self):
        """Start (or restart) the sandboxed kernel and bring it to where grading is."""
        if self.student is not None:
            self.student.shutdown()
        self.student = kernels.Kernel(self.sandbox.kernel_manager(idle=self.ahead.idle), cwd=self.sandbox.base,
                                      wait=False)
        self.ahead.started(self.student.pid)
        self.student.wait_ready(timeout=self.ahead.timeout(60))
        run = self.student.run(_agent_install_code(self.sandbox.inputs), timeout=self.ahead.timeout(30))
        if run.status != "ok":
            raise RuntimeError(f"the grading agent could not be installed in the sandbox: {run.status}")
        for code in self.replay:
            self.student.run(code, timeout=self.cell_timeout)

    def restart_student(self):
        self.restarts += 1
        self.start_student()
        run = self.judge.run(f"__grading_judge__.JUDGE.connect({self.student.connection_file!r})", timeout=90)
        if run.status != "ok":
            raise RuntimeError(f"the judge could not reconnect to the restarted sandbox: {run.error}")

    def run_setup(self, source):
        """Run a read-only cell (course code) in both kernels, side by side; return why it failed in
        the judge, or ``""``."""
        self.replay.append(source)
        in_sandbox, in_judge = self.student.submit(source), self.judge.submit(self.take_prelude() + source)
        self.student.collect(in_sandbox, timeout=self.ahead.timeout(self.cell_timeout))
        run = self.judge.collect(in_judge, timeout=self.ahead.timeout(self.cell_timeout))
        failure = "" if run.status == "ok" else f"the read-only cell failed in the judge: {run.error or run.status}"
        self.setup_failures.append(failure)
        return failure

    def take_prelude(self):
        """Code the judge must run before its next cell (proxies of functions just defined), once."""
        prelude, self.judge_prelude = self.judge_prelude, []
        return "".join(line + "\n" for line in prelude)

    def close(self):
        for kernel in (self.student, self.judge):
            if kernel is not None:
                kernel.shutdown()


def _test_code(source):
    """A test cell as the judge runs it: its hidden block through ``run_hidden`` (messages redacted)."""
    visible, hidden, after = planning.split_hidden(source)
    if not hidden:
        return source
    return f"{visible}\n__grading_judge__.run_hidden({hidden!r}, globals())\n{after}"


class TrustedExecute(NbGraderPreprocessor):
    """Grade a notebook with the student's code sandboxed and the checks in a trusted kernel."""

    # Grading runs no training: on the reference, every test cell of the course takes under 0.3 s
    # (measured on a loaded 2-core machine), so these limits leave a wide margin for slow but honest
    # code and make an endless loop cost seconds, not minutes.
    cell_timeout = Integer(30, help="Seconds a solution or read-only cell may run in the sandbox.").tag(config=True)
    call_timeout = Integer(10, help="Seconds one call of a student's function may run.").tag(config=True)
    test_timeout = Integer(60, help="Seconds a whole test cell may run in the judge.").tag(config=True)
    max_restarts = Integer(5, help="Sandbox restarts allowed before the rest is not graded.").tag(config=True)
    memory_gib = Float(3.0, help="Address-space limit of each sandboxed process, in GiB.").tag(config=True)
    cpu_seconds = Integer(900, help="CPU seconds of a sandboxed kernel over its life.").tag(config=True)
    start_ahead = Bool(True, help="Start the next submission's kernels as soon as one is graded "
                                  "(grading.warm).").tag(config=True)
    next_is_waiting = Bool(False, help="Another submission waits behind this one in this process, so "
                                       "the next session starts at once (grading.worker sets it).").tag(config=True)
    blas_threads = Integer(1, help="BLAS threads of the sandboxed kernel: the grading task's share of the "
                                   "cores (grading.worker sets it).").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        coursedir = CourseDirectory(config=self.config)
        root = Path(coursedir.root).resolve()
        source_path = root / coursedir.source_directory / info["assignment"] / f"{info['notebook']}.ipynb"
        source_nb, helpers = _course_side(source_path)
        steps = planning.build_plan(source_nb, nb)
        report = grading_status.Report(info["assignment"], info["student"], info["notebook"])
        try:
            outputs = self._grade(steps, helpers, report)
        except Exception as error:  # the grader's own failure: nothing is scored as if it had run
            self.log.exception("grading %s of %s failed", info["notebook"], info["student"])
            report.not_graded(f"the grader failed before it could judge the functions: {error}")
            outputs = {}
        self._write_outputs(nb, steps, outputs, report)
        resources.setdefault("course_grading", {})[info["notebook"]] = report.as_dict()
        grading_status.save(info["db_url"], report)
        return nb, resources

    def _grade(self, steps, helpers, report):
        """Run the plan; return ``{grade_id: [outputs]}`` for solution and test cells."""
        from utils.paths import data_dir
        limits = Limits(memory_bytes=int(self.memory_gib * 2**30), cpu_seconds=self.cpu_seconds,
                        blas_threads=self.blas_threads)
        leading = _leading_setup(steps)
        recipe = warm.Recipe(helpers, (str(data_dir()),), limits, str(_matplotlib_cache()), self.cell_timeout,
                             self.call_timeout, tuple(step.source for step in leading))
        pool = warm.pool() if self.start_ahead else None
        session = pool.take(recipe, self.next_is_waiting) if pool else warm.build(recipe)
        outputs = {}
        try:
            for step, failure in zip(leading, session.setup_failures):  # run when the session was built
                if failure:
                    report.note(step.grade_id, failure)
            for step in steps[len(leading):]:
                if session.restarts > self.max_restarts:
                    report.not_graded(f"the sandbox ended {session.restarts} times; the functions from "
                                      f"cell '{step.grade_id}' on were not judged")
                    break
                self._run_step(session, step, outputs, report)
        finally:
            if pool:
                pool.release(session)
            else:
                warm.close(session)
        return outputs

    def _run_step(self, session, step, outputs, report):
        {"setup": self._run_setup, "solution": self._run_solution, "test": self._run_test}[step.kind](
            session, step, outputs, report)

    def _run_setup(self, session, step, outputs, report):
        """A read-only cell: imports and given code, in both kernels."""
        failure = session.run_setup(step.source)
        if failure:
            report.note(step.grade_id, failure)

    def _run_solution(self, session, step, outputs, report):
        """The student's cell in the sandbox; its functions become proxies in the judge."""
        run = session.student.run(step.source, timeout=self.cell_timeout)
        outputs[step.grade_id] = run.outputs
        if run.status in ("ok", "error"):
            session.replay.append(step.source)  # a restarted sandbox defines it again
        else:
            why = ("ended the sandboxed Python process" if run.status == "died"
                   else f"ran longer than {self.cell_timeout} s")
            report.note(step.grade_id, f"cell '{step.grade_id}' {why} when the grader ran it")
            outputs[step.grade_id].append(_error_output(
                "CellDied" if run.status == "died" else "CellTimeoutError",
                f"this cell {why} when the grader ran it, so what it defines may be missing"))
            self._restart_if_needed(session, step, report, note=None)
        # bound in the judge just before the next code it runs (a test cell), not in a round trip of their own
        session.judge_prelude += [f"{name} = __grading_judge__.JUDGE.proxy({name!r})" for name in step.functions]

    def _run_test(self, session, step, outputs, report):
        """A test cell in the judge; then the sandbox gets the reference of the judged function."""
        start = time.perf_counter()
        run = session.judge.run(session.take_prelude() + _test_code(step.source), timeout=self.test_timeout)
        seconds = round(time.perf_counter() - start, 3)
        cell_outputs = run.outputs
        if run.status in ("died", "timeout"):
            cell_outputs.append(_error_output("NotGraded", f"the test of {step.judges} did not finish "
                                              f"({run.status}) and is not graded"))
            report.not_graded(f"the test cell '{step.grade_id}' did not finish in the judge ({run.status})")
        if run.status != "ok" or not session.student.alive():  # a passing test left the sandbox idle
            self._restart_if_needed(session, step, report, note=f"{step.judges} ended or blocked the sandbox "
                                                              "during its test")
        if step.depends_on and run.status in ("ok", "error") and not run.error.startswith("NotImplementedError"):
            others = ", ".join(step.depends_on)
            cell_outputs.append(_note(
                f"(Judged on its own: {step.judges} was run with the course's correct {others}"
                + (", so the mistake is in " + step.judges + " itself.)" if run.status == "error" else ".)")))
        outputs[step.grade_id] = cell_outputs
        report.judged(step.judges, step.grade_id, step.points, run.status == "ok", run.error, seconds)
        if step.reference:  # from now on, later functions call the reference version of this one
            session.replay.append(step.reference)
            session.student.run(step.reference, timeout=self.cell_timeout)

    def _restart_if_needed(self, session, step, report, note):
        """Restart the sandbox if it ended, or if it is still busy (a loop that ignores interrupts)."""
        if session.student.alive() and session.student.run("pass", timeout=5).status == "ok":
            return
        if note:
            report.note(step.grade_id, note)
        session.restart_student()

    def _write_outputs(self, nb, steps, outputs, report):
        """Put the outputs into the submitted notebook; every planned test cell gets some."""
        planned_tests = {s.grade_id: s for s in steps if s.kind == "test"}
        _restore_missing_tests(nb, steps)
        seen = set()
        for cell in nb.cells:
            meta = planning.nbgrader_meta(cell)
            grade_id = meta.get("grade_id")
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
            if meta.get("grade") and cell.cell_type == "code" and grade_id not in planned_tests:
                cell.metadata.pop("nbgrader", None)  # not a test of the course: it scores nothing
                continue
            if cell.cell_type != "code" or not grade_id:
                continue
            if grade_id in planned_tests and grade_id not in seen:
                seen.add(grade_id)
                cell.outputs = outputs.get(grade_id) or [_error_output(
                    "NotGraded", report.reason or "this test was not run by the grader")]
            elif grade_id in outputs:
                cell.outputs = outputs[grade_id]


def _restore_missing_tests(nb, steps):
    """Put back the test cells a submission lacks (deleted, or retyped), each after the cell it follows.

    nbgrader's ``OverwriteCells.add_missing_cells`` does this too, but fails when the cell before
    the missing one was deleted as well; the plan knows the order, so the grader does it here.
    """
    present = {planning.nbgrader_meta(c).get("grade_id") for c in nb.cells if c.cell_type == "code"}
    previous = None
    for step in steps:
        if step.kind == "test" and step.grade_id not in present:
            cell = new_code_cell(step.source)
            cell.metadata["nbgrader"] = {"grade": True, "grade_id": step.grade_id, "locked": True,
                                         "points": step.points, "schema_version": 3, "solution": False,
                                         "task": False}
            for c in nb.cells:  # a retyped copy of the test cell is dropped, not left beside it
                if planning.nbgrader_meta(c).get("grade_id") == step.grade_id:
                    c.metadata.pop("nbgrader", None)
            ids = [planning.nbgrader_meta(c).get("grade_id") for c in nb.cells]
            position = ids.index(previous) + 1 if previous in ids else len(nb.cells)
            nb.cells.insert(position, cell)
            present.add(step.grade_id)
        previous = step.grade_id


def _course_side(source_path):
    """The source notebook and the helper files its sandbox may see (read once per version of it)."""
    stat = source_path.stat()
    return _read_course_side(str(source_path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _read_course_side(path, mtime_ns, size):
    import utils  # the helper package the kernels import (installed from the course repository)
    source_nb = nbformat.read(path, as_version=4)
    return source_nb, tuple(str(p) for p in helper_files(source_nb, Path(utils.__file__).parent))


def _leading_setup(steps):
    """The read-only steps before the first step that runs the student's code or a test."""
    leading = []
    for step in steps:
        if step.kind != "setup":
            break
        leading.append(step)
    return leading


def _matplotlib_cache():
    """A matplotlib font cache built once, outside any sandbox, and copied into each."""
    folder = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "course-grading-mpl"
    if not any(folder.glob("fontlist-*.json")):
        folder.mkdir(parents=True, exist_ok=True)
        import subprocess
        import sys
        subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"],
                       env=dict(os.environ, MPLCONFIGDIR=str(folder)), capture_output=True)
    return folder
