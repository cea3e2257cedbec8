"""The course in a real browser: the student's and the instructor's JupyterLab, as ./course starts them.

Each lab is started by the test on loopback (``tools.lab``'s command and environment, with Jupyter's
config, data and runtime folders replaced by empty temporary ones, so nothing of the machine's own
Jupyter set-up is used or changed) and driven by Playwright in Debian's Chromium (``/usr/bin/chromium``,
or ``COURSE_CHROMIUM``). Screenshots of every step are kept in ``test-artifacts/browser/`` (or
``$COURSE_TEST_ARTIFACTS/browser/``).
"""
import os
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ASSIGNMENTS, ROOT
from tools import course, lab

pytestmark = pytest.mark.slow

CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(os.environ.get("COURSE_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "browser"
STUDENT_NOTEBOOK = "01_numpy_basics/numpy_basics.ipynb"
#: nbgrader plugins an instructor needs and a student must not see.
INSTRUCTOR_PLUGINS = ("@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader",
                      "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:assignment-list",
                      "@jupyter/nbgrader:menu")
#: What a lab's server log must never say (each was a real problem once: see issue 14).
LOG_PROBLEMS = ("Traceback", "exchange directory does not exist", "Unwritable directory",
                "is not absolute", "not recognized", "'alembic'")
LAB_START_TIMEOUT = 90
CELL_TIMEOUT_MS = 60_000

ANSWER = '''def basic_sigmoid(x):
    """Sigmoid of one real number, computed with the math module."""
    s = 1 / (1 + math.exp(-x))
    return s'''


# --- the browser and the labs ------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"The browser test needs Debian's Chromium at {CHROMIUM}, which is missing: install it as root "
                    "with `apt-get install chromium` (./course test does so when run as root), or point "
                    "COURSE_CHROMIUM at another Chromium.")
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # keep only this run's screenshots
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield chromium
        chromium.close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_is_up(url, token):
    try:
        with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def running_lab(role, notebook_dir, workdir, scratch):
    """Start a lab's server as ``./course`` does, on a free loopback port; yield (url, token, log path)."""
    token, port = secrets.token_hex(16), free_port()
    env = lab.lab_env(role)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[name] = str(scratch / name.lower())
    env.pop("JUPYTER_PLATFORM_DIRS", None)
    argv = lab.lab_argv(role, notebook_dir, ["--no-browser", "--expose-app-in-browser", "--ServerApp.ip=127.0.0.1",
                                             f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                                             f"--IdentityProvider.token={token}"])
    log_path = scratch / f"{role}-server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(argv, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + LAB_START_TIMEOUT
        while not server_is_up(url, token):
            assert server.poll() is None, f"the {role} lab's server stopped:\n{log_path.read_text()}"
            assert time.monotonic() < deadline, f"the {role} lab's server did not answer in {LAB_START_TIMEOUT} s"
            time.sleep(0.3)
        yield url, token, log_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def log_problems(log_path):
    """Lines of a server log that name one of LOG_PROBLEMS."""
    return [line for line in log_path.read_text().splitlines() if any(p in line for p in LOG_PROBLEMS)]


@contextmanager
def lab_page(browser, url, token, path):
    """A browser page showing ``lab/tree/<path>`` in a fresh workspace, with the lab fully started.

    A step that fails leaves a screenshot named ``failed-<test>.png`` beside the others.
    """
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{url}/lab/tree/{path}?reset&token={token}" if path else f"{url}/lab?reset&token={token}")
        page.wait_for_function("window.jupyterapp && window.jupyterapp.started", timeout=LAB_START_TIMEOUT * 1000)
        yield page
    except BaseException:
        shot(page, "failed-" + os.environ.get("PYTEST_CURRENT_TEST", "step").split("::")[-1].split(" ")[0])
        raise
    finally:
        page.close()


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


# --- notebook steps, as a person does them -----------------------------------------------------

def cell(page, index):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").nth(index)


def wait_for_kernel(page):
    page.wait_for_function("""() => {
        const panel = window.jupyterapp.shell.currentWidget;
        const kernel = panel && panel.sessionContext && panel.sessionContext.session &&
                       panel.sessionContext.session.kernel;
        return kernel && kernel.status === 'idle';
    }""", timeout=LAB_START_TIMEOUT * 1000)


def prompt(target):
    return target.locator(".jp-InputPrompt").first.inner_text().strip()


def run_cell(page, index):
    """Select a cell by its prompt, run it with Shift+Enter and wait until it has finished."""
    target = cell(page, index)
    before = prompt(target)
    target.locator(".jp-InputPrompt").first.click()
    page.keyboard.press("Shift+Enter")
    wait_until_ran(target, before)


def wait_until_ran(target, before):
    """Wait until a cell's prompt shows a new execution count ("[*]:" while it runs, "[7]:" when done)."""
    deadline = time.monotonic() + CELL_TIMEOUT_MS / 1000
    while not (re.fullmatch(r"\[\d+\]:", prompt(target)) and prompt(target) != before):
        assert time.monotonic() < deadline, f"a cell did not finish in {CELL_TIMEOUT_MS / 1000:.0f} s"
        time.sleep(0.1)


def output_text(page, index):
    return cell(page, index).locator(".jp-OutputArea").inner_text()


# --- tests -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def student_lab(tmp_path_factory):
    """The student's lab on a my_work/ folder holding a fresh copy of the first release notebook."""
    scratch = tmp_path_factory.mktemp("student-lab")
    my_work = scratch / "my_work"
    (my_work / STUDENT_NOTEBOOK).parent.mkdir(parents=True)
    shutil.copy2(ROOT / "release" / STUDENT_NOTEBOOK, my_work / STUDENT_NOTEBOOK)
    with running_lab("student", my_work, ROOT, scratch) as (url, token, log):
        yield url, token, log, my_work


def test_student_runs_a_stub_then_answers_and_passes(browser, student_lab):
    url, token, log, my_work = student_lab
    with lab_page(browser, url, token, STUDENT_NOTEBOOK) as page:
        wait_for_kernel(page)
        nb = nbformat.read(my_work / STUDENT_NOTEBOOK, as_version=4)
        ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
        packages, stub, tests = ids.index("packages"), ids.index("basic_sigmoid"), ids.index("basic_sigmoid_tests")

        for index in (packages, stub, tests):
            run_cell(page, index)
        message = output_text(page, tests)
        assert "NotImplementedError" in message and "Write your code here, then run this cell again." in message
        shot(page, "1-student-stub-message")

        before = prompt(cell(page, stub))
        cell(page, stub).locator(".cm-content").click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(ANSWER)
        page.keyboard.press("Shift+Enter")  # runs the answer and moves to its test cell
        wait_until_ran(cell(page, stub), before)
        run_cell(page, tests)
        assert "\N{CHECK MARK} basic_sigmoid: tests passed." in output_text(page, tests)
        shot(page, "2-student-test-passed")
    assert not log_problems(log), "\n".join(log_problems(log))


def test_student_lab_has_no_instructor_tools(browser, student_lab):
    url, token, log, _ = student_lab
    with lab_page(browser, url, token, STUDENT_NOTEBOOK) as page:
        wait_for_kernel(page)
        present = page.evaluate("ids => ids.filter(id => window.jupyterapp.hasPlugin(id))", list(INSTRUCTOR_PLUGINS))
        assert present == [], f"the student's lab shows instructor tools: {present}"
        assert page.evaluate("window.jupyterapp.hasPlugin('@jupyter/nbgrader:validate-assignment')")
        page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate").wait_for()
        assert page.locator("#jp-MainMenu").get_by_text("Nbgrader").count() == 0
        assert page.get_by_text("Create Assignment").count() == 0
        shot(page, "3-student-lab-tools")
    for path in ("formgrader", "assignments", "courses"):
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{url}/{path}?token={token}", timeout=10)
        assert missing.value.code == 404, f"/{path} answers in the student's lab"


@pytest.fixture(scope="module")
def instructor_lab(tmp_path_factory):
    """The instructor's lab at a fresh course directory (as cloned: no gradebook), plus a solved notebook."""
    scratch = tmp_path_factory.mktemp("instructor-lab")
    root = scratch / "course"
    root.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    for folder in ("source", "release"):
        shutil.copytree(ROOT / folder, root / folder)
    lab.prepare("instructor", root)
    release, source = (nbformat.read(root / folder / STUDENT_NOTEBOOK, as_version=4) for folder in ("release", "source"))
    (root / "solved").mkdir()
    nbformat.write(course.reference_submission(release, source), root / "solved" / "numpy_basics.ipynb")
    with running_lab("instructor", root, root, scratch) as (url, token, log):
        yield url, token, log, root


def test_formgrader_lists_every_assignment_on_a_fresh_clone(browser, instructor_lab):
    url, token, log, root = instructor_lab
    with lab_page(browser, url, token, "") as page:
        assert page.locator("#jp-MainMenu").get_by_text("Nbgrader").count() == 1
        assert page.get_by_text("Create Assignment").count() > 0
        page.evaluate("window.jupyterapp.commands.execute('nbgrader:open-formgrader')")
        formgrader = page.frame_locator("iframe").first
        for assignment in ASSIGNMENTS:
            formgrader.get_by_text(assignment, exact=True).first.wait_for(timeout=LAB_START_TIMEOUT * 1000)
        shot(page, "4-instructor-formgrader")
    tables = sqlite3.connect(root / "gradebook.db").execute("SELECT name FROM sqlite_master WHERE type='table'")
    assert "alembic_version" in {name for (name,) in tables}, "the formgrader made a gradebook without alembic_version"
    assert not log_problems(log), "\n".join(log_problems(log))


def test_assignment_and_course_lists_work_with_the_course_exchange(browser, instructor_lab):
    url, token, log, _ = instructor_lab
    with lab_page(browser, url, token, "") as page:
        page.evaluate("window.jupyterapp.commands.execute('nbgrader:open-assignment-list')")
        page.get_by_text("There are no assignments to fetch.").wait_for()  # nothing released yet
        assert page.get_by_text("Error fetching courses").count() == 0
        shot(page, "5-instructor-assignment-list")
        page.evaluate("window.jupyterapp.commands.execute('nbgrader:open-course-list')")
        page.locator(".lm-Widget").get_by_text("dl-course", exact=True).first.wait_for()
        shot(page, "6-instructor-course-list")
    assert not log_problems(log), "\n".join(log_problems(log))


def test_validate_reports_success_on_a_solved_notebook(browser, instructor_lab):
    url, token, log, _ = instructor_lab
    with lab_page(browser, url, token, "solved/numpy_basics.ipynb") as page:
        page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate").click()
        result = page.locator(".jp-Dialog")
        result.get_by_text("Success! Your notebook passes all the tests.").wait_for(timeout=120_000)
        shot(page, "7-instructor-validate-success")
    assert not log_problems(log), "\n".join(log_problems(log))
