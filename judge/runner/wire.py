"""The one data format spoken between the worker and the runner: tagged JSON plus ``.npy`` blobs.

A message is ``MAGIC, u32 header length, header JSON, u32 blob count, (u64 length, bytes)*``.
The header is a tagged tree: JSON scalars and lists stand for themselves, and every other value is
an object with exactly one ``$`` key (``$nd``: an array blob, ``$scalar``: a NumPy scalar as a 0-d
blob, ``$map``, ``$tuple``, ``$float`` for NaN and infinities). Nothing is ever unpickled:
arrays are read with ``allow_pickle=False``, and only booleans, integers, floats and complex
numbers travel (:data:`DTYPE_KINDS`). A PyTorch tensor is written as the array it holds (detached,
on the CPU, its dtype kept), so it arrives as a NumPy array: the worker never needs PyTorch.

Decoding is bounded by a :class:`DecodeLimits`: :data:`UNTRUSTED` (the default) for what comes out
of the sandbox, :data:`REQUEST` for the worker's own request to the runner. Every check costs time
linear in the bytes received, and is made before memory is spent on what it refuses.

Standard library only at import time; NumPy is imported when an array is met, so the runner's
parent process, which never touches arrays, stays small.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import itertools
import json
import math
import re
import struct
import sys
from typing import Any

MAGIC = b"JW1\n"
# The first line of the worker's request and of the runner's result channel, before the nonce.
REQUEST_MAGIC = b"JUDGE-REQUEST-1 "
RESULT_MAGIC = b"JUDGE-RESULT-1 "
# The variable naming the socket the parent reads the worker's request from, where the worker
# made one (``judge/sandbox_inbox.py``), and what the parent says on stderr if it cannot connect
# (it then reads stdin).
INBOX_ENV = "JUDGE_INBOX"
NO_INBOX = b"runner: no inbox"
MAX_DEPTH = 32
MAX_BLOBS = 4096
MAX_NDIM = 32
MAX_HEADER_BYTES = 64 * 1024 * 1024
NPY_HEADER_BYTES = 10_000  # the longest .npy header read (NumPy's own reader takes as long)
MAX_INT_BITS = 4096  # the largest int the encoder writes
# The NumPy dtype kinds that travel: bool, signed and unsigned integers, floats, complex.
DTYPE_KINDS = "biufc"


class WireError(ValueError):
    """Raised when bytes are not a well-formed message."""


class TooLargeToDecode(WireError):
    """Raised when a message is over one of its :class:`DecodeLimits` (sizes and counts)."""


@dataclasses.dataclass(frozen=True)
class DecodeLimits:
    """How much one message may make its reader build."""

    header_bytes: int  # the JSON header's length
    nodes: int  # values in the header: each scalar, list, object and object key counts
    depth: int  # levels of nesting of the value, as the encoder counts them
    blobs: int  # arrays (.npy blobs) in the message
    elements: int  # elements of all its arrays together (an empty axis counts as one)
    int_digits: int  # digits of a JSON integer


#: What comes out of the sandbox: the child's events, the candidate's outputs.
UNTRUSTED = DecodeLimits(
    header_bytes=1 << 20,
    nodes=200_000,
    depth=MAX_DEPTH,
    blobs=MAX_BLOBS,
    elements=1 << 31,
    int_digits=20,
)
#: What the worker sends the runner (source code, cases) and the judge's own kits: generous, and
#: accepting everything the encoder writes.
REQUEST = DecodeLimits(
    header_bytes=MAX_HEADER_BYTES,
    nodes=10**7,
    depth=MAX_DEPTH,
    blobs=MAX_BLOBS,
    elements=1 << 34,
    int_digits=len(str(1 << MAX_INT_BITS)),
)


class UnsupportedValue(TypeError):
    """Raised when a value cannot travel (a function, an object array, a dict with int keys...)."""


class TooLarge(ValueError):
    """Raised when a value would exceed the byte budget it was given."""


def _numpy():
    """NumPy if it is loaded already; no value of NumPy's can exist otherwise."""
    return sys.modules.get("numpy")


# ---------------------------------------------------------------- encoding


def encode(value: Any, max_bytes: int | None = None, limits: DecodeLimits | None = None) -> bytes:
    """Serialise ``value``; raise :class:`UnsupportedValue` or :class:`TooLarge`. With
    ``limits``, a value whose header the reader would refuse (Python lists where arrays belong)
    is refused here, with a message that says what to return instead."""
    return b"".join(encode_parts(value, max_bytes, limits))


def encode_parts(
    value: Any, max_bytes: int | None = None, limits: DecodeLimits | None = None
) -> list[bytes | memoryview]:
    """:func:`encode`'s message in the parts it is made of, each array's bytes a view of the
    array itself: joined once (a copy of a 4 MB input set took a millisecond; the four the
    writer made took eleven, in fresh pages), or written as they are (``frames.write_frame``).
    The arrays must not change until the parts are written."""
    blobs: list[tuple[bytes, memoryview]] = []
    budget = [max_bytes if max_bytes is not None else math.inf]
    tree = _to_tree(value, blobs, budget, 0)
    header = json.dumps(tree, allow_nan=False, separators=(",", ":")).encode()
    if limits is not None:
        _readable_header(header, limits)
    parts: list[bytes | memoryview] = [
        MAGIC,
        struct.pack(">I", len(header)),
        header,
        struct.pack(">I", len(blobs)),
    ]
    for npy_header, data in blobs:
        parts += [struct.pack(">Q", len(npy_header) + len(data)), npy_header, data]
    size = sum(len(part) for part in parts)
    if max_bytes is not None and size > max_bytes:
        raise TooLarge(f"the value takes {size} bytes, over the limit of {max_bytes}")
    return parts


def _readable_header(header: bytes, limits: DecodeLimits) -> None:
    problem = ""
    if len(header) > limits.header_bytes:
        problem = f"{_size(len(header))} to write, over the limit of {_size(limits.header_bytes)}"
    else:
        try:
            _check_header_shape(header, limits)
        except WireError as exc:
            problem = str(exc).removeprefix("the output ")
    if problem:
        raise UnsupportedValue(
            f"Python lists, tuples and numbers that take {problem}: return NumPy arrays"
        )


def _to_tree(
    value: Any, blobs: list[tuple[bytes, memoryview]], budget: list[float], depth: int
) -> Any:
    if depth > MAX_DEPTH:
        raise UnsupportedValue(f"the value is nested deeper than {MAX_DEPTH} levels")
    kind = type(value)
    if value is None or kind in (bool, str):
        return value
    if kind is int:
        if value.bit_length() > MAX_INT_BITS:
            raise UnsupportedValue(f"an integer with more than {MAX_INT_BITS} bits")
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
    torch = sys.modules.get("torch")
    if np is not None and torch is not None and isinstance(value, torch.Tensor):
        return _to_tree(_tensor_array(torch, value), blobs, budget, depth + 1)
    raise UnsupportedValue(f"a value of type {type_name(value)}")


def _tensor_array(torch: Any, tensor: Any) -> Any:
    """A PyTorch tensor as the NumPy array it travels as: detached, on the CPU, dense, of the
    same dtype (the worker checks dtypes as it does an array's). Never the worker's side: it
    has no PyTorch, so only the sandbox (and ``judge test``) can meet one."""
    tensor = tensor.detach()
    if tensor.layout != torch.strided:
        tensor = tensor.to_dense()
    if tensor.device.type != "cpu":
        tensor = tensor.cpu()
    try:
        return tensor.resolve_conj().resolve_neg().numpy()
    except TypeError:  # bfloat16, float8, complex32: dtypes NumPy has not
        raise UnsupportedValue(
            f"a tensor of dtype {tensor.dtype}, which NumPy has not: convert it (.float())"
        ) from None


def _array_bytes(np: Any, value: Any, budget: list[float]) -> tuple[bytes, memoryview]:
    """An array as ``.npy``: NumPy's header, and a view of its elements in C order (copied only
    where they are not laid out so already)."""
    array = np.asarray(value)
    if type(array) is not np.ndarray:  # a subclass could run code while being written
        array = np.array(array, subok=False)
    if not _dtype_travels(array.dtype):
        raise UnsupportedValue(
            f"a NumPy array of dtype {array.dtype} (only booleans, integers, floats and complex"
            " numbers can travel)"
        )
    # Checked before writing: a broadcast view of 10 GB must fail here, not exhaust memory.
    if array.nbytes > budget[0]:
        raise TooLarge(f"an array of {array.nbytes} bytes, over the limit")
    budget[0] -= array.nbytes
    described = {**np.lib.format.header_data_from_array_1_0(array), "fortran_order": False}
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, described)
    flat = np.ascontiguousarray(array).reshape(-1)  # a view, unless it was laid out otherwise
    return header.getvalue(), memoryview(flat).cast("B")


def type_name(value: Any) -> str:
    kind = type(value)
    module = getattr(kind, "__module__", "") or ""
    name = getattr(kind, "__qualname__", "?")
    return name if module in ("builtins", "") else f"{module}.{name}"


# ---------------------------------------------------------------- decoding


def split(
    data: bytes | memoryview, *, limits: DecodeLimits = UNTRUSTED
) -> tuple[Any, list[memoryview]]:
    """The header tree and the raw blobs of a message, without NumPy.

    The header is held to ``limits`` (its length, values, depth and integers) before and while it
    is parsed; raises :class:`TooLargeToDecode` or :class:`WireError`.
    """
    view = memoryview(data)
    if bytes(view[: len(MAGIC)]) != MAGIC:
        raise WireError("not a judge wire message (bad magic)")
    pos = len(MAGIC)
    (header_len,) = _unpack(">I", view, pos)
    pos += 4
    if pos + header_len > len(view):
        raise WireError("message truncated in its header")
    if header_len > limits.header_bytes:
        raise TooLargeToDecode(
            f"the output's header is {_size(header_len)},"
            f" over the limit of {_size(limits.header_bytes)}"
        )
    tree = _parse_header(bytes(view[pos : pos + header_len]), limits)
    pos += header_len
    (count,) = _unpack(">I", view, pos)
    pos += 4
    if count > limits.blobs:
        raise TooLargeToDecode(f"the output has {count} arrays, over the limit of {limits.blobs}")
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


def decode(data: bytes | memoryview, *, limits: DecodeLimits = UNTRUSTED) -> Any:
    """The value a message carries; arrays are fresh, writable copies."""
    tree, blobs = split(data, limits=limits)
    return from_tree(tree, blobs, limits=limits)


def from_tree(tree: Any, blobs: list[memoryview], *, limits: DecodeLimits = UNTRUSTED) -> Any:
    """Rebuild a value from a header tree; raises :class:`WireError` on anything unexpected.

    Each blob may be used once in the tree, so that what is built stays proportional to the bytes
    received; the tree's values, depth and array elements are held to ``limits``.
    """
    return _Rebuild(blobs, limits).value(tree, 0)


class _Rebuild:
    """One :func:`from_tree`: what it has built so far, against its limits."""

    def __init__(self, blobs: list[memoryview], limits: DecodeLimits) -> None:
        self.blobs = blobs
        self.limits = limits
        self.used: set[int] = set()
        self.nodes = 0
        self.elements = 0

    def value(self, tree: Any, depth: int) -> Any:
        limits = self.limits
        self.nodes += 1
        if self.nodes > limits.nodes:
            raise TooLargeToDecode(f"the output has more than {limits.nodes:,} values")
        # One level of slack: the encoder counts from the event, the reader maybe from inside it.
        if depth > limits.depth + 1:
            raise WireError(f"the output is nested more than {limits.depth} levels deep")
        kind = type(tree)
        if tree is None or kind in (bool, int, float):
            return tree
        if kind is str:
            return _text(tree)
        if kind is list:
            return [self.value(v, depth + 1) for v in tree]
        if kind is not dict or len(tree) != 1:
            raise WireError("malformed tagged value")
        ((tag, inner),) = tree.items()
        if tag == "$tuple" and type(inner) is list:
            return tuple(self.value(v, depth + 1) for v in inner)
        if tag == "$map" and type(inner) is dict:
            self.nodes += len(inner)  # the keys
            return {_text(k): self.value(v, depth + 1) for k, v in inner.items()}
        if tag == "$float" and inner in ("nan", "inf", "-inf"):
            return float(inner)
        if tag in ("$nd", "$scalar") and type(inner) is int and 0 <= inner < len(self.blobs):
            return self.array(inner, scalar=tag == "$scalar")
        raise WireError(f"unknown or malformed tag {str(tag)[:20]!r}")

    def array(self, index: int, scalar: bool) -> Any:
        if index in self.used:
            raise WireError(f"array {index} is used more than once")
        self.used.add(index)
        left = self.limits.elements - self.elements
        array, extent = _read_npy(self.blobs[index], left, self.limits.elements)
        self.elements += extent
        if not scalar:
            return array
        if array.ndim != 0:
            raise WireError("a NumPy scalar that is not 0-dimensional")
        return array[()]


def load_npy(blob: bytes | memoryview, *, limits: DecodeLimits = UNTRUSTED) -> Any:
    """An array from ``.npy`` bytes, validated before any allocation is made for it.

    ``numpy.load`` would trust the header's shape and allocate for it; a hostile header claiming
    10**12 elements must be refused from the byte count alone.
    """
    return _read_npy(blob, limits.elements, limits.elements)[0]


def _read_npy(blob: bytes | memoryview, left: int, limit: int) -> tuple[Any, int]:
    """The array and its extent (its elements, an empty axis counted as one), if at most
    ``left`` of the ``limit`` on elements."""
    import numpy as np

    raw = memoryview(blob)
    shape, fortran, descr, offset = _npy_layout(raw)
    try:
        dtype = np.dtype(descr)
    except (TypeError, ValueError):
        raise WireError(f"bad .npy header: unknown dtype {descr!r}") from None
    if not _dtype_travels(dtype):
        raise WireError(f"an array of dtype {str(dtype)[:40]}, which cannot travel")
    if len(shape) > MAX_NDIM or any(type(d) is not int or d < 0 for d in shape):
        raise WireError("bad array shape")
    # An empty array's other axes count too: a shape of (10**12, 0) is 10**12 empty rows.
    extent = math.prod(max(d, 1) for d in shape)
    if extent > left:
        raise TooLargeToDecode(f"the output's arrays hold more than {limit:,} elements")
    count = math.prod(shape)
    expected = count * dtype.itemsize
    if len(raw) - offset != expected:
        raise WireError(f"array data is {len(raw) - offset} bytes, its header says {expected}")
    flat = np.frombuffer(raw, dtype=dtype, count=count, offset=offset)
    return flat.reshape(shape, order="F" if fortran else "C").copy(order="K"), extent


# The header NumPy's writer makes (``np.lib.format``), and nothing else: a dict literal with its
# keys sorted, padded with spaces to a newline. Read with this pattern rather than with NumPy's
# reader, which parses it as Python (``ast.literal_eval``): CPython 3.11's AST constructor is not
# thread-safe ("AST constructor recursion depth mismatch"), and this side's threads decode while
# others parse sources. The pattern has no nested repetition, so it costs time linear in the header.
_NPY_HEADER = re.compile(
    r"\{'descr': '(?P<descr>[<>|=]?[a-zA-Z]\d{0,4})', "
    r"'fortran_order': (?P<fortran>True|False), "
    r"'shape': \((?P<shape>|\d{1,20},|\d{1,20}(?:, \d{1,20}){1,"
    + str(MAX_NDIM - 1)
    + r"})\), \} *\n",
    re.ASCII,
)
_NPY_MAGIC = b"\x93NUMPY"
_NPY_LENGTHS = {(1, 0): "<H", (2, 0): "<I"}  # each version's header-length field


def _npy_layout(raw: memoryview) -> tuple[tuple[int, ...], bool, str, int]:
    """The shape, Fortran order, dtype descr and data offset that a ``.npy`` blob's header says."""
    if bytes(raw[:6]) != _NPY_MAGIC or len(raw) < 8:
        raise WireError("bad .npy header: not a .npy blob")
    version = (raw[6], raw[7])
    if version not in _NPY_LENGTHS:
        raise WireError(f"unsupported .npy version {version}")
    length_format = _NPY_LENGTHS[version]
    start = 8 + struct.calcsize(length_format)
    if len(raw) < start:
        raise WireError("bad .npy header: cut short")
    (length,) = struct.unpack(length_format, raw[8:start])
    if length > NPY_HEADER_BYTES or len(raw) < start + length:
        raise WireError(f"bad .npy header: {length} bytes long")
    match = _NPY_HEADER.fullmatch(bytes(raw[start : start + length]).decode("latin-1"))
    if match is None:
        raise WireError("bad .npy header: not as NumPy writes one")
    dims = match["shape"].replace(",", " ").split()
    return tuple(int(d) for d in dims), match["fortran"] == "True", match["descr"], start + length


def _dtype_travels(dtype: Any) -> bool:
    """Booleans, integers, floats and complex numbers of any byte order: no fields, no sub-arrays,
    no objects, strings, void or dates, and never an item of zero bytes."""
    return (
        dtype.kind in DTYPE_KINDS
        and dtype.itemsize >= 1
        and dtype.fields is None
        and dtype.subdtype is None
    )


def _text(value: str) -> str:
    """A string from the header that can be written as UTF-8: JSON lets lone surrogates in
    (an exception's message may hold one), and they come out as escapes (``\\ud800``)."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


# The bytes of JSON's syntax outside strings: each of "[{,:" comes before at most one value or key.
_SYNTAX = b'"[]{},:'
_NOT_SYNTAX = bytes(sorted(set(range(256)) - set(_SYNTAX)))
_VALUE_MARKS = (b"[", b"{", b",", b":")
_DEPTH_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 and -1 as signed bytes


def _parse_header(header: bytes, limits: DecodeLimits) -> Any:
    _check_header_shape(header, limits)
    try:
        return json.loads(
            header.decode("utf-8"),
            parse_int=functools.partial(_parse_int, limits.int_digits),
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
    except WireError:
        raise
    except (ValueError, RecursionError) as exc:
        raise WireError(f"header is not valid JSON: {str(exc)[:100]}") from None


def _check_header_shape(header: bytes, limits: DecodeLimits) -> None:
    """Refuse a header with more than ``limits.nodes`` values, or nested too deeply, before
    ``json.loads`` builds it (a header of ``[[],[],...`` takes some 20 times its length as
    Python objects). Counted in the bytes outside strings, in time linear in the header."""
    # Each level of a value is at most two of JSON ({"$map": {...}}); the leaf one more.
    max_json_depth = 2 * (limits.depth + 2)
    # Counted with the strings first: a bound over the true counts, enough for most headers.
    if (
        1 + sum(header.count(mark) for mark in _VALUE_MARKS) <= limits.nodes
        and header.count(b"[") + header.count(b"{") <= max_json_depth
    ):
        return
    # Escaped backslashes first, then escaped quotes: every quote left opens or closes a string
    # (a header that is not UTF-8, where no byte of a longer character is ASCII, is refused).
    unescaped = header.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(unescaped.translate(None, _NOT_SYNTAX).split(b'"')[::2])
    if 1 + sum(outside.count(mark) for mark in _VALUE_MARKS) > limits.nodes:
        raise TooLargeToDecode(f"the output has more than {limits.nodes:,} values")
    steps = memoryview(outside.translate(_DEPTH_STEPS, b",:")).cast("b")  # +1 and -1
    if max(itertools.accumulate(steps), default=0) > max_json_depth:
        raise WireError(f"the output is nested more than {limits.depth} levels deep")


def _parse_int(max_digits: int, text: str) -> int:
    digits = len(text) - text.startswith("-")
    if digits > max_digits:
        raise WireError(f"an integer of {digits:,} digits, over the limit of {max_digits}")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999: infinities travel only as {"$float": "inf"}
        raise WireError(f"the number {text[:30]} is out of a float's range")
    return value


def _parse_constant(name: str) -> float:
    raise WireError(f'a bare {name} in the header (it travels as {{"$float": ...}})')


def _size(n: int) -> str:
    """A byte count for people, rounded up: "3 MiB", "1.1 MiB", "512 KiB", "100 bytes"."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            tenths = -(-n * 10 // scale)
            return f"{tenths // 10} {unit}" if tenths % 10 == 0 else f"{tenths / 10} {unit}"
    return f"{n} bytes"


def _unpack(fmt: str, view: memoryview, pos: int) -> tuple[int, ...]:
    size = struct.calcsize(fmt)
    if pos + size > len(view):
        raise WireError("message truncated")
    return struct.unpack(fmt, view[pos : pos + size])
