"""The course's two JupyterLabs: the student's (``./course lab``) and the instructor's (``./course instructor``).

- student: JupyterLab in ``my_work/`` (new release notebooks copied there first), without nbgrader's
  instructor and exchange tools; the Validate button stays.
- instructor: JupyterLab at the course root with the formgrader, Create Assignment and the exchange
  (the course's ``exchange/`` folder, created here).

Each takes its Jupyter configuration from ``jupyter/<role>/`` (first on ``JUPYTER_CONFIG_PATH``), so the
user's own configuration is neither needed nor changed. The environment's ``bin/`` comes first on
``PATH``: nbgrader runs ``alembic`` from there when it creates the gradebook.

    python -m tools.lab student|instructor [jupyter lab options]
"""
import os
import sys
from pathlib import Path

from tools.course import ROOT
from tools.student_copy import copy_new_release_notebooks

ROLES = ("student", "instructor")


def config_dir(role, root=ROOT):
    """The folder of Jupyter configuration of one lab (see ``jupyter/README.md``)."""
    if role not in ROLES:
        raise ValueError(f"unknown lab '{role}': choose one of {', '.join(ROLES)}")
    return Path(root) / "jupyter" / role


def lab_env(role, environ=None, root=ROOT):
    """The environment of a lab's server: its configuration first, this environment's programs first."""
    env = dict(os.environ if environ is None else environ)
    paths = [str(config_dir(role, root))] + [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent)] + [p for p in env.get("PATH", "").split(os.pathsep) if p])
    return env


def lab_argv(role, notebook_dir, extra=()):
    """The command that starts a lab's server on ``notebook_dir`` (``--allow-root`` when run as root)."""
    argv = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={Path(notebook_dir).resolve()}"]
    if os.getuid() == 0:  # containers and CI machines run as root
        argv.append("--allow-root")
    return argv + list(extra)


def prepare(role, root=ROOT):
    """Get a lab's folder ready and return it: the student's copies, or the instructor's exchange."""
    root = Path(root)
    if role == "student":
        (root / "my_work").mkdir(exist_ok=True)
        for path in copy_new_release_notebooks(root):
            print(f"new notebook: {path.relative_to(root)}")
        return root / "my_work"
    (root / "exchange").mkdir(exist_ok=True)
    return root


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in ROLES:
        sys.exit(f"usage: python -m tools.lab {{{'|'.join(ROLES)}}} [jupyter lab options]")
    role, extra = argv[0], argv[1:]
    command = lab_argv(role, prepare(role), extra)
    os.chdir(ROOT)  # nbgrader's Validate reads nbgrader_config.py from the server's working folder
    os.execve(command[0], command, lab_env(role))


if __name__ == "__main__":
    main()
