"""The trusted kernel's side: the graded functions as proxies that call into the sandbox.

The trusted kernel runs only code from the course (the notebook's read-only cells and its test cells,
hidden tests included) and never the student's. Each graded function is bound to a proxy: calling it
sends the arguments and the state of NumPy's global generator into the sandbox, runs the student's
function there, and brings back plain data (``grading.wire``), which the test cell then checks. The
expected values and the comparisons stay here.

Also here: hidden tests run with the expected values left out of their messages, and a failing test
shows its message alone (no traceback through the course's helpers).
"""
import builtins
import os
import stat
import sys
import time

import numpy as np
from jupyter_client import BlockingKernelClient

from grading import wire

#: The judge of this trusted kernel (set by ``install``).
JUDGE = None
#: Builtin exceptions a student's function may raise that keep their type on this side (test cells
#: catch some of them, e.g. ``NotImplementedError`` from an untouched stub, ``ValueError`` for shapes).
KEPT_EXCEPTIONS = {name: getattr(builtins, name)
                   for name in ("NotImplementedError", "ValueError", "TypeError", "IndexError", "KeyError",
                                "ZeroDivisionError", "AttributeError", "NameError", "AssertionError",
                                "RuntimeError", "OverflowError", "FloatingPointError", "MemoryError",
                                "RecursionError", "UnboundLocalError", "ImportError",
                                "ModuleNotFoundError", "LookupError", "ArithmeticError")}


class StudentCodeError(Exception):
    """The student's function raised an exception of a kind this side does not recreate."""


class SandboxDied(Exception):
    """The sandboxed kernel ended (or stopped answering) during a call."""


class CallTimedOut(Exception):
    """A call of the student's function ran longer than allowed and was stopped."""


class HiddenCheckFailed(Exception):
    """A hidden check failed; the message says which and why, without its code or expected values."""


class Judge:
    """Calls into one sandboxed kernel on behalf of the test cells.

    Parameters
    ----------
    connection_file : str
        The sandboxed kernel's connection file (ipc transport).
    inputs : str
        Folder this side writes call inputs to (read-only inside the sandbox).
    work : str
        The sandbox's working folder, where the agent writes call outputs.
    call_timeout : float
        Seconds one call may run before it is interrupted.
    """

    def __init__(self, connection_file, inputs, work, call_timeout):
        self.inputs, self.work, self.call_timeout = inputs, work, call_timeout
        self.client = None
        self.count = 0
        self.connect(connection_file)

    def connect(self, connection_file):
        """(Re)connect to the sandboxed kernel, after a start or a restart."""
        if self.client is not None:
            self.client.stop_channels()
        self.client = BlockingKernelClient(connection_file=connection_file)
        self.client.load_connection_file()
        self.client.start_channels(iopub=False, stdin=False)  # the agent captures what is printed
        self._wait_for_answer(timeout=60)

    def _wait_for_answer(self, timeout):
        """Wait until the sandboxed kernel (already started) answers a request on this connection.

        jupyter_client's ``wait_for_ready`` would first sleep until the new heartbeat thread runs.
        """
        deadline = time.monotonic() + timeout
        msg_id = self.client.kernel_info()
        while True:
            try:
                reply = self.client.get_shell_msg(timeout=0.5)
            except Exception:  # queue.Empty: nothing yet
                reply = None
                msg_id = self.client.kernel_info()  # the first request may precede the connection
            if reply is not None and reply.get("msg_type") == "kernel_info_reply":
                return
            if time.monotonic() > deadline:
                raise SandboxDied(f"the sandboxed kernel did not answer in {timeout} s")

    def proxy(self, name):
        """A function of the trusted kernel that runs the sandbox's function ``name``."""
        def remote(*args, **kwargs):
            return self.call(name, args, kwargs)
        remote.__name__ = remote.__qualname__ = name
        remote.__doc__ = f"The student's {name}, run in the sandbox (arguments and results are plain data)."
        return remote

    def call(self, name, args, kwargs):
        """Run the student's ``name(*args, **kwargs)`` in the sandbox; return its plain-data result."""
        self.count += 1
        number = self.count
        request = wire.dumps({"args": list(args), "kwargs": dict(kwargs), "rng": np.random.get_state()})
        path = os.path.join(self.inputs, f"call-{number}")
        with open(path + ".tmp", "wb") as handle:
            handle.write(request)
        os.replace(path + ".tmp", path)
        try:
            self._run(f"__import__('sys').modules['__grading_agent__'].call({name!r}, {number})", name)
            result = self._read_result(number, name)
        finally:
            os.unlink(path)
        if "rng" in result:  # absent when the function was never called (not defined)
            try:
                np.random.set_state(result["rng"])
            except Exception:
                raise StudentCodeError(f"{name} left NumPy's random generator in an unusable state") from None
        printed = result.get("printed", "")
        if isinstance(printed, str) and printed:
            sys.stdout.write(printed)  # stdout even for what it wrote to stderr: its output, not a failure
        for key, value in (result.get("mutated") or {}).items():
            target = args[int(key)] if key.isdigit() and int(key) < len(args) else kwargs.get(key)
            _write_back(target, value)
        if "raised" in result:
            kind, message = result["raised"]
            exception = KEPT_EXCEPTIONS.get(kind)
            if isinstance(exception, type) and issubclass(exception, Exception):
                raise exception(message)
            raise StudentCodeError(f"{kind}: {message}")
        return result.get("value")

    def _run(self, code, name):
        """Execute the agent's call in the sandbox and wait for it, with the call's timeout."""
        msg_id = self.client.execute(code, silent=True, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + self.call_timeout
        interrupted = False
        while True:
            try:
                reply = self.client.get_shell_msg(timeout=0.5)
            except Exception:  # queue.Empty: nothing yet
                reply = None
            if reply is not None and reply.get("parent_header", {}).get("msg_id") == msg_id:
                break
            if not self.client.hb_channel.is_beating():
                raise SandboxDied(f"{name} ended the sandboxed Python process (it crashed, exited, or "
                                  "ran out of memory or CPU time)")
            if time.monotonic() > deadline:
                if interrupted:
                    raise SandboxDied(f"{name} did not stop when interrupted after {self.call_timeout:.0f} s")
                self.client.control_channel.send(self.client.session.msg("interrupt_request", {}))
                interrupted, deadline = True, time.monotonic() + 10
        if interrupted:
            raise CallTimedOut(f"{name} ran longer than {self.call_timeout:.0f} seconds and was stopped: "
                               "look for a loop that never ends")
        if reply["content"].get("status") != "ok":
            content = reply["content"]
            raise StudentCodeError(f"{name} could not be called in the sandbox "
                                   f"({content.get('ename')}: {str(content.get('evalue'))[:500]})")

    def _read_result(self, number, name):
        """Read the agent's output file without following links, and decode it as plain data."""
        folder = os.open(self.work, os.O_RDONLY | os.O_DIRECTORY)
        try:
            handle = os.open(f"call-{number}.out", os.O_RDONLY | os.O_NOFOLLOW, dir_fd=folder)
        except OSError:
            raise StudentCodeError(f"{name} returned no result (the sandbox wrote none)") from None
        finally:
            os.close(folder)
        try:
            info = os.fstat(handle)
            if not stat.S_ISREG(info.st_mode) or info.st_size > wire.MAX_BYTES:
                raise StudentCodeError(f"{name} returned a result that is not a plain file of allowed size")
            with os.fdopen(handle, "rb") as stream:
                handle = None
                data = stream.read(wire.MAX_BYTES + 1)
        finally:
            if handle is not None:
                os.close(handle)
        try:
            result = wire.loads(data)
        except wire.WireError as error:
            raise StudentCodeError(f"{name} returned a malformed result ({error})") from None
        if not isinstance(result, dict):
            raise StudentCodeError(f"{name} returned a malformed result")
        return result


def _write_back(target, value):
    """Make an argument the trusted side passed look as the student's function left it."""
    if isinstance(target, np.ndarray) and isinstance(value, np.ndarray) and target.shape == value.shape:
        np.copyto(target, value, casting="unsafe")
    elif isinstance(target, dict) and isinstance(value, dict):
        for key in [k for k in target if k not in value]:
            del target[key]
        for key, item in value.items():
            if isinstance(target.get(key), np.ndarray) and isinstance(item, np.ndarray) \
                    and target[key].shape == item.shape:
                np.copyto(target[key], item, casting="unsafe")
            else:
                target[key] = item
    elif isinstance(target, list) and isinstance(value, list):
        target[:] = value


def run_hidden(source, namespace):
    """Run a test cell's hidden checks; a failure says which check failed but not what it expected."""
    from utils import checks
    try:
        with checks.expected_values_hidden():
            exec(compile(source, "<hidden tests>", "exec"), namespace)
    except AssertionError as error:
        raise HiddenCheckFailed(f"a hidden check failed: {_first_line(error)}") from None
    except (SandboxDied, CallTimedOut, StudentCodeError) as error:
        raise type(error)(f"during a hidden check: {error}") from None
    except Exception as error:
        raise HiddenCheckFailed(f"a hidden check failed: {type(error).__name__}: {_first_line(error)}") from None


def _first_line(error, limit=600):
    """The first line of a message: the course's checks say what is wrong in one line, while other
    assertion helpers (``np.testing``) list the expected values on the lines after it."""
    lines = str(error).strip().splitlines()
    return (lines[0] if lines else "")[:limit]


def _message_only(shell, etype, value, tb, tb_offset=None):
    """IPython exception handler: show ``Type: message`` alone, as the student needs it.

    IPython calls a custom handler instead of showing the error, so the handler shows it.
    """
    stb = [f"{etype.__name__}: {value}"]
    shell._showtraceback(etype, value, stb)
    return stb


def install(connection_file, inputs, work, call_timeout):
    """Set up this (trusted) kernel: the judge, message-only errors, no warnings on stderr."""
    global JUDGE
    import warnings
    warnings.simplefilter("ignore")
    JUDGE = Judge(connection_file, inputs, work, call_timeout)
    shell = sys.modules["IPython"].get_ipython()
    if shell is not None:
        shell.set_custom_exc((Exception,), _message_only)
    return JUDGE
