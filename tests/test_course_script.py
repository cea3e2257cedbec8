"""The ./course entry point: its help, and the two labs it opens (tools/lab.py; tests/test_browser.py runs them)."""
import subprocess

from tests.conftest import ROOT
from tools import lab

COMMANDS = ("lab", "instructor", "test", "setup", "data", "build", "collect", "autograde", "feedback", "export",
            "assignments")


def course(*args):
    return subprocess.run([str(ROOT / "course"), *args], capture_output=True, text=True, timeout=60)


def test_help_lists_every_command_and_no_shell_code():
    for result, stream, code in ((course(), "stdout", 0), (course("help"), "stdout", 0),
                                 (course("frobnicate"), "stderr", 2)):
        text = getattr(result, stream)
        assert result.returncode == code
        for command in COMMANDS:
            assert f"./course {command}" in text, f"the help does not mention ./course {command}"
        for line in text.splitlines():
            assert not any(bit in line for bit in ("set -e", "ROOT=", "$(", "cd ")), f"shell code in the help: {line}"
    assert "unknown command 'frobnicate'" in course("frobnicate").stderr


def test_each_lab_reads_its_own_config_first_and_finds_this_environment_first(tmp_path):
    env = lab.lab_env("student", environ={"PATH": "/usr/bin", "JUPYTER_CONFIG_PATH": "/elsewhere"})
    assert env["JUPYTER_CONFIG_PATH"].split(":") == [str(ROOT / "jupyter" / "student"), "/elsewhere"]
    assert env["PATH"].split(":")[1:] == ["/usr/bin"] and (lab.Path(env["PATH"].split(":")[0]) / "alembic").exists()
    assert lab.lab_env("instructor", environ={})["JUPYTER_CONFIG_PATH"] == str(ROOT / "jupyter" / "instructor")


def test_preparing_the_labs(tmp_path):
    (tmp_path / "release" / "01_x").mkdir(parents=True)
    (tmp_path / "release" / "01_x" / "x.ipynb").write_text("{}")
    assert lab.prepare("student", tmp_path) == tmp_path / "my_work"
    assert (tmp_path / "my_work" / "01_x" / "x.ipynb").read_text() == "{}"
    assert lab.prepare("instructor", tmp_path) == tmp_path and (tmp_path / "exchange").is_dir()
