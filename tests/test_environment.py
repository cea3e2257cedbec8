"""The environment is pinned exactly, and pip and conda users get the same versions."""
import re

from tests.conftest import ROOT


def pins(lines, pattern):
    found = {}
    for line in lines:
        match = re.match(pattern, line.strip())
        if match:
            found[match["name"].lower()] = match["version"]
    return found


def requirement_pins():
    return pins((ROOT / "requirements.txt").read_text().splitlines(), r"^(?P<name>[A-Za-z0-9_.-]+)==(?P<version>\S+)$")


def test_every_requirement_is_pinned_exactly():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][\w.]*", line), f"requirements.txt: '{line}' is not pinned with =="


#: conda-forge names of packages whose pip name differs (torch is conda-forge's pytorch-cpu, the CPU build).
CONDA_NAMES = {"pytorch-cpu": "torch"}


def test_environment_yml_names_the_same_versions():
    conda = pins((ROOT / "environment.yml").read_text().splitlines(), r"^- (?P<name>[A-Za-z0-9_.-]+)=(?P<version>[0-9][\w.]*)$")
    conda = {CONDA_NAMES.get(name, name): version for name, version in conda.items()}
    python = conda.pop("python")
    assert python == "3.11"
    assert conda == requirement_pins()


def test_lock_file_agrees_with_requirements():
    lock = pins((ROOT / "requirements-lock.txt").read_text().splitlines(), r"^(?P<name>[A-Za-z0-9_.-]+)==(?P<version>\S+)$")
    for name, version in requirement_pins().items():
        assert lock.get(name) == version, f"requirements-lock.txt pins {name}=={lock.get(name)}, requirements.txt {version}"


def test_installed_versions_are_the_pinned_ones():
    from importlib.metadata import version
    for name, wanted in requirement_pins().items():
        assert version(name).split("+")[0] == wanted, f"{name} {version(name)} is installed but {wanted} is pinned: run ./course setup"
