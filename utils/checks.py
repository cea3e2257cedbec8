"""Assertions for the notebooks' test cells, with messages that tell the student what is wrong.

Every check raises ``CheckFailed`` (an ``AssertionError``) with a message of the form
``<what>: <what is wrong>: <hint>``, for example::

    propagate: grads["dw"] has shape (2,) but should be (2, 1): keep w as a column vector

and prints nothing when the check passes. ``passed(name)`` prints the one friendly success line
a test cell ends with. Nothing here writes to stderr (nbgrader would score the cell zero).

In Jupyter a failed check shows its message alone, without a traceback through this module: the
message is what the student needs, and the frames of the checks would only hide it.
"""
import ast
import contextlib
import linecache
import numbers
import sys
from pathlib import Path

import numpy as np

#: Default tolerances: the curriculum's fixture values are exact to a relative 1e-7; literals
#: printed with 8 decimals carry an absolute rounding of at most 5e-9.
RTOL = 1e-7
ATOL = 1e-8


#: While true, messages leave out expected values and shapes (see ``expected_values_hidden``).
_HIDE_EXPECTED = False


class CheckFailed(AssertionError):
    """A check of a test cell failed; the message says what is wrong and the likely mistake.

    IPython shows an exception through its ``_render_traceback_`` when it has one: here the message
    alone, in the colours of an ordinary error, so that no frame of this module hides it.
    """

    def _render_traceback_(self):
        return [f"\x1b[0;31m{type(self).__name__}\x1b[0m: {self}"]


def fail(message, hint=None):
    """Raise ``CheckFailed`` with ``message`` (and ``hint``): a test cell's own check that failed."""
    raise CheckFailed(_with_hint(message, hint))


@contextlib.contextmanager
def expected_values_hidden():
    """Within this block, failure messages say what is wrong without showing the expected values.

    The grader runs hidden tests this way, so that their feedback names the mistake but does not
    give the answer away.
    """
    global _HIDE_EXPECTED
    previous, _HIDE_EXPECTED = _HIDE_EXPECTED, True
    try:
        yield
    finally:
        _HIDE_EXPECTED = previous


def _but_should_be(expected, what_kind="value"):
    """``" but should be <expected>"``, or a neutral phrase while expected values are hidden."""
    return f", which is not the expected {what_kind}" if _HIDE_EXPECTED else f" but should be {expected}"


def _with_hint(message, hint):
    return f"{message}: {hint}" if hint else message


def _preview(value, limit=6):
    array = np.asarray(value)
    if array.size <= limit:  # on one line: a message is one line (the grader keeps only the first)
        return " ".join(np.array2string(array, precision=8, separator=", ").split())
    flat = ", ".join(f"{x:.8g}" for x in array.ravel()[:limit])
    return f"[{flat}, ...] (shape {array.shape})"


def assert_array(got, expected, what, *, rtol=RTOL, atol=ATOL, hint=None):
    """Check that ``got`` is a NumPy array with the shape and values of ``expected``.

    Parameters
    ----------
    got : object
        What the student's function returned.
    expected : array_like
        The expected values; its shape is the expected shape.
    what : str
        How the message names the value, e.g. ``'propagate: grads["dw"]'``.
    rtol, atol : float
        Tolerances of ``numpy.allclose``.
    hint : str, optional
        The likely mistake, appended to the message on failure.
    """
    expected = np.asarray(expected)
    if not isinstance(got, np.ndarray):
        raise CheckFailed(_with_hint(
            f"{what} should be a NumPy array" + ("" if _HIDE_EXPECTED else f" of shape {expected.shape}")
            + f", but it is {_a(_type_name(got))}", hint))
    if got.shape != expected.shape:
        raise CheckFailed(_with_hint(
            f"{what} has shape {got.shape}{_but_should_be(expected.shape, 'shape')}", hint))
    if not np.issubdtype(got.dtype, np.number) and got.dtype != bool:
        raise CheckFailed(_with_hint(f"{what} has dtype {got.dtype}; it should hold numbers", hint))
    got_f = got.astype(float)
    exp_f = expected.astype(float)
    if np.isnan(got_f).any() and not np.isnan(exp_f).any():
        raise CheckFailed(_with_hint(f"{what} contains NaN values: {_preview(got)}", hint))
    if not np.allclose(got_f, exp_f, rtol=rtol, atol=atol, equal_nan=True):
        diff = np.abs(got_f - exp_f)
        diff = np.where(np.isnan(diff), np.inf, diff)
        worst = np.unravel_index(np.argmax(diff), diff.shape) if diff.ndim else ()
        where = f" at index {tuple(int(i) for i in worst)}" if worst else ""
        if _HIDE_EXPECTED:
            raise CheckFailed(_with_hint(
                f"{what} has the right shape but wrong values: got {_preview(got)} "
                f"(the largest error is{where or ' in it'})", hint))
        raise CheckFailed(_with_hint(
            f"{what} has the right shape but wrong values: expected {_preview(expected)}, "
            f"got {_preview(got)} (largest difference {float(diff.max()):.3g}{where})", hint))


def assert_tensor(got, expected, what, *, dtype=None, requires_grad=None, rtol=RTOL, atol=ATOL, hint=None):
    """Check that ``got`` is a PyTorch tensor with the shape and values of ``expected``.

    Parameters
    ----------
    got : object
        What the student's function returned.
    expected : array_like
        The expected values; its shape is the expected shape.
    what : str
        How the message names the value, e.g. ``"forward_propagation(X, parameters)"``.
    dtype : str, optional
        The expected dtype by name, e.g. ``"float32"`` (not checked when None).
    requires_grad : bool, optional
        Whether the tensor should be connected to autograd (not checked when None).
    rtol, atol : float
        Tolerances of ``numpy.allclose``.
    hint : str, optional
        The likely mistake, appended to the message on failure.

    PyTorch is not imported here (notebooks without it stay fast): a tensor is recognised by its type.
    """
    is_tensor = type(got).__module__.split(".")[0] == "torch" and hasattr(got, "detach")
    if not is_tensor:
        raise CheckFailed(_with_hint(f"{what} should be a torch.Tensor, but it is {_a(_type_name(got))}", hint))
    got_dtype = str(got.dtype).replace("torch.", "")
    if dtype is not None and got_dtype != dtype:
        raise CheckFailed(_with_hint(f"{what} has dtype torch.{got_dtype} but should be torch.{dtype}", hint))
    if requires_grad is not None and bool(got.requires_grad) != requires_grad:
        state = "requires" if got.requires_grad else "does not require"
        raise CheckFailed(_with_hint(f"{what} {state} gradients (requires_grad is {bool(got.requires_grad)}) "
                                        f"but should{'' if requires_grad else ' not'}", hint))
    assert_array(got.detach().cpu().numpy(), expected, what, rtol=rtol, atol=atol, hint=hint)


def assert_scalar(got, expected, what, *, rtol=RTOL, atol=ATOL, hint=None):
    """Check that ``got`` is a real number (Python or NumPy scalar, or a 0-d array) close to ``expected``.

    An array of shape (1,) or (1, 1) is refused: the message asks for ``np.squeeze`` or ``float``.
    """
    if isinstance(got, np.ndarray):
        if got.shape != ():
            raise CheckFailed(_with_hint(
                f"{what} should be a number, but it is an array of shape {got.shape} "
                "(use float(...) or np.squeeze(...))", hint))
        got = got.item()
    if isinstance(got, bool) or not isinstance(got, numbers.Real):
        raise CheckFailed(_with_hint(
            f"{what} should be a number, but it is {_a(_type_name(got))}", hint))
    if np.isnan(got):
        raise CheckFailed(_with_hint(f"{what} is NaN" + ("" if _HIDE_EXPECTED else f"; expected {expected!r}"),
                                        hint))
    if not np.isclose(float(got), float(expected), rtol=rtol, atol=atol):
        raise CheckFailed(_with_hint(f"{what} is {float(got)!r}{_but_should_be(repr(expected))}", hint))


def assert_equal(got, expected, what, *, hint=None):
    """Check exact equality of plain values (ints, tuples, strings, lengths)."""
    if got != expected:
        raise CheckFailed(_with_hint(f"{what} is {got!r}{_but_should_be(repr(expected))}", hint))


def assert_type(got, types, what, *, exact=False, hint=None):
    """Check that ``got`` is an instance of ``types`` (a type or a tuple of types).

    With ``exact``, subclasses are refused: ``numpy.float64`` is a subclass of ``float``, yet a
    function documented to return a Python float should return one.
    """
    types = types if isinstance(types, tuple) else (types,)
    if not (type(got) in types if exact else isinstance(got, types)):
        names = " or ".join(t.__name__ for t in types)
        raise CheckFailed(_with_hint(f"{what} should be {_a(names)}, but it is {_a(_type_name(got))}", hint))


def _a(noun):
    """``"a float"``, ``"an int"``, ``"a numpy.float64"``."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _type_name(value):
    """``float``, ``list``, ... for builtins; ``numpy.float64``, ``numpy.ndarray``, ... otherwise."""
    kind = type(value)
    module = kind.__module__.split(".")[0]
    return kind.__name__ if module == "builtins" else f"{module}.{kind.__name__}"


def assert_keys(mapping, keys, what, *, hint=None):
    """Check that a dict has exactly the given keys, naming the missing and the unexpected ones."""
    assert_type(mapping, dict, what, hint=hint)
    missing = [k for k in keys if k not in mapping]
    extra = [k for k in mapping if k not in keys]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing key(s) {missing}")
        if extra:
            parts.append(f"unexpected key(s) {extra}")
        raise CheckFailed(_with_hint(f"{what} has {' and '.join(parts)}; expected keys {list(keys)}", hint))


def assert_arrays_in_dict(got, expected, what, *, rtol=RTOL, atol=ATOL, hints=None):
    """Check a dict of arrays (parameters, gradients, caches) key by key.

    Parameters
    ----------
    got : dict
    expected : dict of array_like
        Every key of ``expected`` must be present; extra keys in ``got`` are allowed.
    what : str
        e.g. ``"initialize_parameters(2, 4, 1)"``; keys are reported as ``what["W1"]``.
    hints : dict, optional
        A hint per key.
    """
    assert_type(got, dict, what)
    hints = hints or {}
    for key, value in expected.items():
        if key not in got:
            raise CheckFailed(f"{what} has no key {key!r}; it should contain {list(expected)}")
        assert_array(got[key], value, f"{what}[{key!r}]", rtol=rtol, atol=atol, hint=hints.get(key))


def assert_not_modified(before, after, what, *, hint=None):
    """Check that a function left its input arrays untouched (``before`` holds copies).

    The default hint names the usual cause: an in-place operation (``W -= ...``, ``x /= ...``)
    changes the array the caller passed in.
    """
    for key in before:
        if not np.array_equal(before[key], after[key]):
            raise CheckFailed(_with_hint(
                f"{what} changed its input {key!r} in place",
                hint or "an in-place operation such as W -= ... or x /= ... changes the caller's array; "
                        "write W = W - ... to make a new one"))


#: Frames from these folders are not the student's: the course's helpers and grader, Python and its
#: packages.
_NOT_STUDENT_CODE = tuple(sorted({str(Path(__file__).resolve().parent),
                                  str(Path(__file__).resolve().parent.parent / "grading"),
                                  str(Path(sys.prefix).resolve()), str(Path(sys.base_prefix).resolve()),
                                  str(Path(sys.exec_prefix).resolve())}))


def _is_student_code(filename):
    """True for a notebook cell's code (or a module of the student's own), not the course's or Python's."""
    if filename.startswith("<"):  # "<cell ...>", "<ipython-input-...>"; not "<frozen importlib...>"
        return not filename.startswith("<frozen")
    return not str(Path(filename).resolve()).startswith(_NOT_STUDENT_CODE)


def _failing_line(error):
    """Where ``error`` was raised in the student's own code: ``(function name, line)`` of the deepest
    such frame, or None.

    A notebook cell's code is known to ``linecache`` (IPython registers it), so the line can be shown.
    When the function ran elsewhere (the grader's sandbox sends back the error without its frames),
    there is no line.
    """
    found = None
    tb = error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if _is_student_code(code.co_filename):
            line = linecache.getline(code.co_filename, tb.tb_lineno).strip()
            if line:
                found = (code.co_name, line)
        tb = tb.tb_next
    return found


def _assigned_names(line):
    """Names a line of code assigns (``dw`` in ``dw = ...``, ``dA1, dW2`` in ``dA1, dW2 = f(...)``)."""
    try:
        tree = ast.parse(line)
    except SyntaxError:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}


def call_student(function, *args, what, hint=None, line_hints=None, **kwargs):
    """Call a student's function; turn a crash into a message naming the call, the line and the mistake.

    Parameters
    ----------
    function : callable
        The student's function.
    *args, **kwargs
        Its arguments.
    what : str
        How the message names the call, e.g. ``"propagate(w, b, X, Y)"``.
    hint : str, optional
        The likely mistake, when the failing line is unknown or has no hint of its own.
    line_hints : dict of str to str, optional
        A hint per name that the failing line assigns: with ``{"dw": "transpose A - Y"}``, a crash in
        ``dw = np.dot(X, A - Y) / m`` gets that hint.

    ``NotImplementedError`` (the untouched stub) passes through unchanged, so the student sees where
    to write code.
    """
    try:
        return function(*args, **kwargs)
    except NotImplementedError:
        raise
    except Exception as error:
        function_name, line = _failing_line(error) or (None, None)
        names = _assigned_names(line) if line else set()
        chosen = next((h for name, h in (line_hints or {}).items() if name in names), hint)
        where = ""
        if line:
            where = f" in the line `{line}`"
            if function_name and not function_name.startswith("<"):
                where = f" in {function_name}, line `{line}`"
        raise CheckFailed(_with_hint(f"{what} raised {type(error).__name__}{where}: {str(error).strip()}",
                                     chosen)) from None


def _matches(value, target, rtol, atol):
    """True when ``value`` equals ``target`` (a number, or an array_like of numbers) within tolerance."""
    if isinstance(value, bool):
        return False
    try:
        value, target = np.asarray(value, dtype=float), np.asarray(target, dtype=float)
    except (TypeError, ValueError):
        return False
    return value.shape == target.shape and bool(np.allclose(value, target, rtol=rtol, atol=atol))


def is_number(value, target, *, rtol=1e-5, atol=1e-8):
    """True when ``value`` is a real number close to ``target``: a test uses it to recognise what a
    known mistake returns and name that mistake in its hint."""
    return (isinstance(value, (numbers.Real, np.ndarray)) and not isinstance(value, bool)
            and np.ndim(value) == 0 and bool(np.isclose(float(value), target, rtol=rtol, atol=atol)))


def named_mistake(got, mistakes, default, *, rtol=1e-9, atol=0.0):
    """The message of the first known mistake whose result equals ``got``, else ``default``.

    Parameters
    ----------
    got : object
        What the student's function returned (a number, an array, a list of numbers).
    mistakes : list of (float or array_like, str)
        What each known mistake produces on the check's input, and the message that names it.
    default : str
        The hint when ``got`` matches no known mistake.
    """
    for wrong, message in mistakes:
        if np.ndim(wrong) == 0:
            if is_number(got, wrong, rtol=rtol, atol=atol):
                return message
        elif _matches(got, wrong, rtol, atol):
            return message
    return default


def passed(name):
    """Print the success line of a test cell."""
    print(f"\N{CHECK MARK} {name}: tests passed.")
