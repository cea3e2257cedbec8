"""The sandbox's side of a call: run one of the student's functions on plain inputs, write plain outputs.

This file is not imported by the grader: its source, with ``grading.wire``'s, is executed inside the
sandboxed kernel as a module named ``__grading_agent__`` (the sandbox cannot see the course's tooling).
The trusted judge then asks the kernel to run ``__grading_agent__.call(name, number)``, which:

1. reads ``<inputs>/call-<number>`` (written by the judge, read-only here): the arguments and the state
   of NumPy's global random generator;
2. calls the function ``name`` of the notebook's namespace with them, capturing what it prints;
3. writes ``call-<number>.out`` in the working folder: the return value, or the exception it raised,
   the printed text, the generator's new state and the arguments it changed in place.

Nothing here can make a check pass: the judge compares the returned data with values it never sends.
A student who tampers with this module only changes what their own function appears to return.
"""
import contextlib
import io
import os
import sys

import numpy as np

INPUTS = None  # set by the judge when the agent is installed
OUTPUT_LIMIT = 64 * 1024


class _CappedText(io.StringIO):
    """A text sink that keeps the first OUTPUT_LIMIT characters and counts the rest."""

    dropped = 0

    def write(self, text):
        room = OUTPUT_LIMIT - self.tell()
        if room < len(text):
            self.dropped += len(text) - max(room, 0)
            text = text[:max(room, 0)]
        return super().write(text) if text else 0


def _snapshot(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {key: (id(item), _snapshot(item)) for key, item in value.items()}
    return None


def _changed(value, before):
    """Whether an array or a dict argument was changed in place by the call."""
    if isinstance(value, np.ndarray):
        return before is not None and (before.shape != value.shape or
                                       not np.array_equal(before, value, equal_nan=True))
    if isinstance(value, dict):
        if before is None or list(before) != list(value):
            return True
        return any(id(value[key]) != before[key][0] or _changed(value[key], before[key][1])
                   for key in value)
    return False


def _namespace():
    shell = sys.modules["IPython"].get_ipython()
    return shell.user_ns


def call(name, number):
    """Run the call ``number`` of the function ``name`` and write its outcome (see the module doc)."""
    with open(os.path.join(INPUTS, f"call-{number}"), "rb") as handle:
        request = loads(handle.read())  # noqa: F821  (grading.wire, executed into this module)
    args, kwargs = list(request["args"]), dict(request["kwargs"])
    result = {}
    function = _namespace().get(name)
    if not callable(function):
        result["raised"] = ("NameError", f"name '{name}' is not defined: its cell did not define it")
    else:
        snapshots = ([_snapshot(a) for a in args], {k: _snapshot(v) for k, v in kwargs.items()})
        np.random.set_state(request["rng"])
        printed = _CappedText()
        try:
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                value = function(*args, **kwargs)
            try:
                dumps(value)  # noqa: F821
                result["value"] = value
            except Exception as error:  # WireError, or a hostile object failing to encode
                result["raised"] = ("TypeError", f"{name} returned something that is not plain data: {error}")
        except BaseException as error:  # the student's exception travels back as a name and a message
            result["raised"] = (type(error).__name__, str(error)[:4000])
        result["printed"] = printed.getvalue() + (
            f"\n[... {printed.dropped} more characters of output dropped]\n" if printed.dropped else "")
        result["rng"] = np.random.get_state()
        mutated = {}
        for index, value in enumerate(args):
            if _changed(value, snapshots[0][index]):
                mutated[str(index)] = value
        for key, value in kwargs.items():
            if _changed(value, snapshots[1][key]):
                mutated[key] = value
        result["mutated"] = mutated
    try:
        data = dumps(result)  # noqa: F821
    except Exception as error:
        data = dumps({"raised": ("TypeError", f"{name} changed an argument into something that is not "  # noqa: F821
                                 f"plain data: {error}"), "printed": "", "mutated": {}})
    path = f"call-{number}.out"
    with open(path + ".tmp", "wb") as handle:
        handle.write(data)
    os.replace(path + ".tmp", path)
