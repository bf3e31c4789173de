"""The one data format spoken between the worker and the runner: tagged JSON plus ``.npy`` blobs.

A message is ``MAGIC, u32 header length, header JSON, u32 blob count, (u64 length, bytes)*``.
The header is a tagged tree: JSON scalars and lists stand for themselves, and every other value is
an object with exactly one ``$`` key (``$nd``: an array blob, ``$scalar``: a NumPy scalar as a 0-d
blob, ``$map``, ``$tuple``, ``$float`` for NaN and infinities). Nothing is ever unpickled:
arrays are read with ``allow_pickle=False`` and object dtypes are refused outright.

Standard library only at import time; NumPy is imported when an array is met, so the runner's
parent process, which never touches arrays, stays small.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import struct
import sys
import zlib
from typing import Any

MAGIC = b"JW1\n"
# The first line of the worker's request and of the runner's result channel, before the nonce.
REQUEST_MAGIC = b"JUDGE-REQUEST-1 "
RESULT_MAGIC = b"JUDGE-RESULT-1 "
# The events of the result channel: those the child sends (the parent checks and forwards them)
# and those the parent adds itself.
CHILD_EVENTS = frozenset(
    {"loaded", "load_error", "start", "done", "checkpoint", "run", "output", "finished"}
)
RUNNER_EVENTS = frozenset({"timeout", "crashed", "output_limit", "garbage", "observed", "end"})
MAX_DEPTH = 32
MAX_BLOBS = 4096
MAX_NDIM = 32
MAX_HEADER_BYTES = 64 * 1024 * 1024
NPY_HEADER_BYTES = 10_000 + 64  # the longest .npy header read, with its magic and length


class WireError(ValueError):
    """Raised when bytes are not a well-formed message."""


class UnsupportedValue(TypeError):
    """Raised when a value cannot travel (a function, an object array, a dict with int keys...)."""


class TooLarge(ValueError):
    """Raised when a value would exceed the byte budget it was given."""


def _numpy():
    """NumPy if it is loaded already; no value of NumPy's can exist otherwise."""
    return sys.modules.get("numpy")


# ---------------------------------------------------------------- encoding


def encode(value: Any, max_bytes: int | None = None) -> bytes:
    """Serialise ``value``; raise :class:`UnsupportedValue` or :class:`TooLarge`."""
    blobs: list[bytes] = []
    budget = [max_bytes if max_bytes is not None else math.inf]
    tree = _to_tree(value, blobs, budget, 0)
    header = json.dumps(tree, allow_nan=False, separators=(",", ":")).encode()
    parts = [MAGIC, struct.pack(">I", len(header)), header, struct.pack(">I", len(blobs))]
    for blob in blobs:
        parts += [struct.pack(">Q", len(blob)), blob]
    data = b"".join(parts)
    if max_bytes is not None and len(data) > max_bytes:
        raise TooLarge(f"the value takes {len(data)} bytes, over the limit of {max_bytes}")
    return data


def _to_tree(value: Any, blobs: list[bytes], budget: list[float], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise UnsupportedValue(f"the value is nested deeper than {MAX_DEPTH} levels")
    kind = type(value)
    if value is None or kind in (bool, str):
        return value
    if kind is int:
        if value.bit_length() > 4096:
            raise UnsupportedValue("an integer with more than 4096 bits")
        return value
    if kind is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if kind is list:
        return [_to_tree(v, blobs, budget, depth + 1) for v in value]
    if kind is tuple:
        return {"$tuple": [_to_tree(v, blobs, budget, depth + 1) for v in value]}
    if kind is dict:
        if not all(type(k) is str for k in value):
            raise UnsupportedValue("a dict whose keys are not all strings")
        return {"$map": {k: _to_tree(v, blobs, budget, depth + 1) for k, v in value.items()}}
    np = _numpy()
    if np is not None and isinstance(value, np.ndarray | np.generic):
        tag = "$nd" if isinstance(value, np.ndarray) else "$scalar"
        blobs.append(_array_bytes(np, value, budget))
        if len(blobs) > MAX_BLOBS:
            raise UnsupportedValue(f"more than {MAX_BLOBS} arrays in one value")
        return {tag: len(blobs) - 1}
    raise UnsupportedValue(f"a value of type {_type_name(value)}")


def _array_bytes(np: Any, value: Any, budget: list[float]) -> bytes:
    array = np.asarray(value)
    if type(array) is not np.ndarray:  # a subclass could run code while being written
        array = np.array(array, subok=False)
    if array.dtype.hasobject:
        raise UnsupportedValue(f"a NumPy array of dtype {array.dtype} (objects cannot travel)")
    # Checked before writing: a broadcast view of 10 GB must fail here, not exhaust memory.
    if array.nbytes > budget[0]:
        raise TooLarge(f"an array of {array.nbytes} bytes, over the limit")
    budget[0] -= array.nbytes
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def _type_name(value: Any) -> str:
    kind = type(value)
    module = getattr(kind, "__module__", "") or ""
    name = getattr(kind, "__qualname__", "?")
    return name if module in ("builtins", "") else f"{module}.{name}"


# ---------------------------------------------------------------- decoding


def split(data: bytes | memoryview) -> tuple[Any, list[memoryview]]:
    """The header tree and the raw blobs of a message, without NumPy."""
    view = memoryview(data)
    if bytes(view[: len(MAGIC)]) != MAGIC:
        raise WireError("not a judge wire message (bad magic)")
    pos = len(MAGIC)
    (header_len,) = _unpack(">I", view, pos)
    pos += 4
    if header_len > MAX_HEADER_BYTES or pos + header_len > len(view):
        raise WireError("header length out of range")
    try:
        tree = json.loads(bytes(view[pos : pos + header_len]))
    except (ValueError, RecursionError) as exc:
        raise WireError(f"header is not valid JSON: {str(exc)[:100]}") from None
    pos += header_len
    (count,) = _unpack(">I", view, pos)
    pos += 4
    if count > MAX_BLOBS:
        raise WireError("too many blobs")
    blobs = []
    for _ in range(count):
        (size,) = _unpack(">Q", view, pos)
        pos += 8
        if pos + size > len(view):
            raise WireError("blob runs past the end of the message")
        blobs.append(view[pos : pos + size])
        pos += size
    if pos != len(view):
        raise WireError("trailing bytes after the last blob")
    return tree, blobs


def decode(data: bytes | memoryview) -> Any:
    """The value a message carries; arrays are fresh, writable copies."""
    tree, blobs = split(data)
    return from_tree(tree, blobs)


def from_tree(tree: Any, blobs: list[memoryview], depth: int = 0) -> Any:
    """Rebuild a value from a header tree; raises :class:`WireError` on anything unexpected."""
    if depth > MAX_DEPTH + 1:
        raise WireError("value nested too deeply")
    if tree is None or type(tree) in (bool, int, float, str):
        return tree
    if type(tree) is list:
        return [from_tree(v, blobs, depth + 1) for v in tree]
    if type(tree) is not dict or len(tree) != 1:
        raise WireError("malformed tagged value")
    ((tag, inner),) = tree.items()
    if tag == "$tuple" and type(inner) is list:
        return tuple(from_tree(v, blobs, depth + 1) for v in inner)
    if tag == "$map" and type(inner) is dict:
        return {k: from_tree(v, blobs, depth + 1) for k, v in inner.items()}
    if tag == "$float" and inner in ("nan", "inf", "-inf"):
        return float(inner)
    if tag in ("$nd", "$scalar") and type(inner) is int and 0 <= inner < len(blobs):
        array = load_npy(blobs[inner])
        return array if tag == "$nd" else array[()]
    raise WireError(f"unknown or malformed tag {str(tag)[:20]!r}")


def load_npy(blob: bytes | memoryview) -> Any:
    """An array from ``.npy`` bytes, validated before any allocation is made for it.

    ``numpy.load`` would trust the header's shape and allocate for it; a hostile header claiming
    10**12 elements must be refused from the byte count alone.
    """
    import numpy as np

    raw = memoryview(blob)
    # Only the header is copied to be parsed; the data is copied once, into the new array.
    stream = io.BytesIO(bytes(raw[:NPY_HEADER_BYTES]))
    try:
        version = np.lib.format.read_magic(stream)
        reader = {
            (1, 0): np.lib.format.read_array_header_1_0,
            (2, 0): np.lib.format.read_array_header_2_0,
        }.get(version)
        if reader is None:
            raise WireError(f"unsupported .npy version {version}")
        shape, fortran, dtype = reader(stream, max_header_size=10_000)
    except WireError:
        raise
    except Exception as exc:  # NumPy raises ValueError, SyntaxError, ... on a bad header
        raise WireError(f"bad .npy header: {str(exc)[:100]}") from None
    if dtype.hasobject:
        raise WireError("object arrays are not accepted")
    if len(shape) > MAX_NDIM or any(type(d) is not int or d < 0 for d in shape):
        raise WireError("bad array shape")
    offset = stream.tell()
    expected = math.prod(shape) * dtype.itemsize
    if len(raw) - offset != expected:
        raise WireError(f"array data is {len(raw) - offset} bytes, its header says {expected}")
    flat = np.frombuffer(raw, dtype=dtype, count=math.prod(shape), offset=offset)
    return flat.reshape(shape, order="F" if fortran else "C").copy(order="K")


def _unpack(fmt: str, view: memoryview, pos: int) -> tuple[int, ...]:
    size = struct.calcsize(fmt)
    if pos + size > len(view):
        raise WireError("message truncated")
    return struct.unpack(fmt, view[pos : pos + size])


# ---------------------------------------------------------------- framing


def frame(payload: bytes) -> bytes:
    """A length-prefixed frame, as written on the runner's channels."""
    return struct.pack(">I", len(payload)) + payload


# ---------------------------------------------------------------- digests


def digest(value: Any) -> str | None:
    """A fingerprint of an array (dtype, shape and bytes), or ``None`` for any other value.

    Computed by the child on each argument after the call and by the worker on what it sent, so
    that a submission which modifies its inputs in place is caught.
    """
    np = _numpy()
    if np is None or type(value) is not np.ndarray:
        return None
    array = np.ascontiguousarray(value)
    fingerprint = hashlib.sha256(f"{array.dtype.str}{array.shape}".encode())
    fingerprint.update(array.data)
    return fingerprint.hexdigest()


def fingerprint(value: Any) -> str:
    """A cheap checksum of a value as it travels (CRC-32 of each array's dtype, shape and bytes,
    and of everything else's ``repr``): what a timed run commits to before the parent decides
    whether to check its output. Computed alike on both sides of the wire."""
    return f"{_fingerprint(value, 0, 0):08x}"


def _fingerprint(value: Any, crc: int, depth: int) -> int:
    if depth > MAX_DEPTH:
        raise UnsupportedValue(f"the value is nested deeper than {MAX_DEPTH} levels")
    np = _numpy()
    if np is not None and isinstance(value, np.ndarray | np.generic):
        array = np.asarray(value)
        if type(array) is not np.ndarray:
            array = np.array(array, subok=False)
        array = np.ascontiguousarray(array)
        crc = zlib.crc32(f"nd{array.dtype.str}{array.shape}".encode(), crc)
        return zlib.crc32(array.view(np.uint8).reshape(-1) if array.size else b"", crc)
    kind = type(value)
    if kind in (list, tuple):
        crc = zlib.crc32(b"[" if kind is list else b"(", crc)
        for item in value:
            crc = _fingerprint(item, crc, depth + 1)
        return zlib.crc32(b"]", crc)
    if kind is dict:
        crc = zlib.crc32(b"{", crc)
        for key in sorted(value, key=str):
            crc = zlib.crc32(repr(key).encode(), crc)
            crc = _fingerprint(value[key], crc, depth + 1)
        return zlib.crc32(b"}", crc)
    if value is None or kind in (bool, int, float, str):
        return zlib.crc32(f"{kind.__name__}:{value!r}".encode(), crc)
    raise UnsupportedValue(f"a value of type {_type_name(value)}")
