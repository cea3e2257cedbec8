"""Plain data across the sandbox wall: numbers, strings, arrays and lists / tuples / dicts of them.

PyTorch tensors count as arrays: they travel as their values (dtype and shape) and a
``requires_grad`` flag, never as objects or autograd graphs.

A value is written as one file: an 8-byte little-endian length, a JSON skeleton of that length, then
the raw bytes of the arrays it refers to. Nothing is pickled and no code runs while reading: the
reader checks every node of the skeleton against the few kinds below, every array's dtype against a
list of plain numeric kinds, and every size against limits, and raises ``WireError`` otherwise.

Both sides use this module: the trusted grader imports it, and its source is sent into the sandbox
(which cannot import the course's tooling) by ``grading.agent``.
"""
import json
import math
import struct

import numpy as np

#: Largest file either side accepts (a graded function's inputs or outputs).
MAX_BYTES = 512 * 2**20
#: Largest JSON skeleton and deepest nesting accepted.
MAX_SKELETON = 4 * 2**20
MAX_DEPTH = 32
#: dtype kinds an array may have: bool, signed and unsigned integers, floats, complex, bytes, text.
ARRAY_KINDS = "biufcSU"


class WireError(ValueError):
    """A value that is not plain data, or a file that is not a well-formed message."""


def _float(value):
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def _encode(value, blobs, depth):
    if depth > MAX_DEPTH:
        raise WireError("the value is nested too deeply")
    if value is None:
        return {"t": "none"}
    if isinstance(value, np.generic):  # before float: np.float64 is a float subclass, kept as NumPy's
        return dict(_encode(np.asarray(value), blobs, depth + 1), scalar=True)
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": str(value)}
    if isinstance(value, float):
        return {"t": "float", "v": _float(value)}
    if isinstance(value, complex):
        return {"t": "complex", "v": [_float(value.real), _float(value.imag)]}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in ARRAY_KINDS or value.dtype.fields is not None:
            raise WireError(f"an array of dtype {value.dtype} is not plain data")
        data = np.ascontiguousarray(value).tobytes()
        blobs.append(data)
        return {"t": "array", "dtype": value.dtype.str, "shape": list(value.shape), "i": len(blobs) - 1}
    if _is_tensor(value):  # a PyTorch tensor travels as its values (no autograd graph)
        try:
            array = value.detach().cpu().numpy()
        except Exception as error:
            raise WireError(f"a tensor that cannot be read as numbers ({error})") from None
        return dict(_encode(np.asarray(array), blobs, depth + 1), t="tensor",
                    grad=bool(getattr(value, "requires_grad", False)))
    if isinstance(value, (list, tuple)):
        return {"t": "list" if isinstance(value, list) else "tuple",
                "v": [_encode(item, blobs, depth + 1) for item in value]}
    if isinstance(value, dict):
        keys = list(value)
        for key in keys:
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise WireError(f"a dictionary key of type {type(key).__name__} is not plain data")
        return {"t": "dict", "k": [[type(k).__name__, k] for k in keys],
                "v": [_encode(value[k], blobs, depth + 1) for k in keys]}
    raise WireError(f"a {type(value).__module__}.{type(value).__name__} is not plain data "
                    "(numbers, strings, NumPy arrays, and lists, tuples and dicts of them)")


def _is_tensor(value):
    """A PyTorch tensor, recognised without importing torch (the sandbox imports it only if used)."""
    return type(value).__module__.split(".")[0] == "torch" and hasattr(value, "detach")


def _tensor(array, requires_grad):
    try:
        import torch
    except ImportError:
        raise WireError("the message holds a tensor, but PyTorch is not installed here") from None
    if array.dtype.kind not in "biufc":
        raise WireError("a tensor must hold numbers")
    tensor = torch.from_numpy(array)
    if requires_grad and tensor.is_floating_point():
        tensor.requires_grad_(True)
    return tensor


def dumps(value):
    """Encode ``value`` as bytes; raise WireError if it is not plain data."""
    blobs = []
    skeleton = _encode(value, blobs, 0)
    offsets, position = [], 0
    for blob in blobs:
        offsets.append(position)
        position += len(blob)
    head = json.dumps({"root": skeleton, "offsets": offsets, "sizes": [len(b) for b in blobs]},
                      allow_nan=False).encode()
    if len(head) > MAX_SKELETON or len(head) + position > MAX_BYTES:
        raise WireError("the value is too large to pass between the grader and the sandbox")
    return b"".join([struct.pack("<Q", len(head)), head, *blobs])


def _number(value):
    if value in ("nan", "inf", "-inf"):
        return float(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise WireError("a float is malformed")
    return float(value)


def _decode(node, data, arrays, depth):
    if depth > MAX_DEPTH or not isinstance(node, dict):
        raise WireError("the message is malformed")
    kind = node.get("t")
    if kind == "none":
        return None
    if kind == "bool" and isinstance(node.get("v"), bool):
        return node["v"]
    if kind == "int" and isinstance(node.get("v"), str) and len(node["v"]) <= 4300:
        try:
            return int(node["v"])
        except ValueError:
            raise WireError("an integer is malformed") from None
    if kind == "float":
        return _number(node.get("v"))
    if kind == "complex" and isinstance(node.get("v"), list) and len(node["v"]) == 2:
        return complex(_number(node["v"][0]), _number(node["v"][1]))
    if kind == "str" and isinstance(node.get("v"), str):
        return node["v"]
    if kind == "array":
        array = arrays(node)
        return array[()] if node.get("scalar") is True and array.shape == () else array
    if kind == "tensor":
        return _tensor(arrays(node), node.get("grad") is True)
    if kind in ("list", "tuple") and isinstance(node.get("v"), list):
        items = [_decode(item, data, arrays, depth + 1) for item in node["v"]]
        return items if kind == "list" else tuple(items)
    if kind == "dict" and isinstance(node.get("k"), list) and isinstance(node.get("v"), list) \
            and len(node["k"]) == len(node["v"]):
        result = {}
        for key, item in zip(node["k"], node["v"]):
            if not (isinstance(key, list) and len(key) == 2 and
                    ((key[0] == "str" and isinstance(key[1], str)) or
                     (key[0] == "int" and isinstance(key[1], int) and not isinstance(key[1], bool)))):
                raise WireError("a dictionary key is malformed")
            result[key[1]] = _decode(item, data, arrays, depth + 1)
        return result
    raise WireError(f"the message holds a node of unknown kind {str(kind)[:20]!r}")


def loads(data):
    """Decode bytes written by ``dumps``, checking everything; raise WireError on anything else."""
    if len(data) > MAX_BYTES or len(data) < 8:
        raise WireError("the message has an impossible size")
    (head_size,) = struct.unpack("<Q", data[:8])
    if head_size > MAX_SKELETON or 8 + head_size > len(data):
        raise WireError("the message header is malformed")
    try:
        head = json.loads(data[8:8 + head_size].decode())
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise WireError("the message header is not valid JSON") from None
    if not isinstance(head, dict) or not isinstance(head.get("offsets"), list) \
            or not isinstance(head.get("sizes"), list) or len(head["offsets"]) != len(head["sizes"]):
        raise WireError("the message header is malformed")
    body = memoryview(data)[8 + head_size:]

    def array(node):
        index, shape, dtype = node.get("i"), node.get("shape"), node.get("dtype")
        if not isinstance(index, int) or not 0 <= index < len(head["offsets"]):
            raise WireError("an array reference is malformed")
        if not isinstance(shape, list) or len(shape) > 32 or \
                not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape):
            raise WireError("an array shape is malformed")
        try:
            kind = np.dtype(dtype) if isinstance(dtype, str) and len(dtype) <= 12 else None
        except TypeError:
            kind = None
        if kind is None or kind.kind not in ARRAY_KINDS or kind.fields is not None:
            raise WireError(f"an array dtype {str(dtype)[:20]!r} is not allowed")
        offset, size = head["offsets"][index], head["sizes"][index]
        if not (isinstance(offset, int) and isinstance(size, int) and 0 <= offset and
                offset + size <= len(body) and size == math.prod(shape) * kind.itemsize):
            raise WireError("an array's data is out of bounds")
        return np.frombuffer(body[offset:offset + size], dtype=kind).reshape(shape).copy()

    return _decode(head.get("root"), data, array, 0)
