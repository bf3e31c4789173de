"""Fingerprints of values: ``digest`` (SHA-256) of a step's arguments, to catch a submission that
changes its inputs in place, and ``fingerprint`` (CRC-32), to tell the judge's own values apart.

Standard library only at import time, like :mod:`wire`.
"""

from __future__ import annotations

import hashlib
import sys
import zlib
from typing import Any

from . import wire


def digest(value: Any, depth: int = 2) -> str | None:
    """A fingerprint of an array (dtype, shape and bytes), or of a list or tuple of arrays and
    plain values (an optimiser's gradients, a list of losses), or ``None`` for any other value.

    Computed by the child on each argument after the call and by the worker on what it sent, so
    that a submission which modifies its inputs in place is caught. Nested at most ``depth``
    levels: a submission may have turned an argument into something deep or cyclic.
    """
    np = sys.modules.get("numpy")  # no value of NumPy's exists otherwise
    if np is None:
        return None
    if type(value) in (list, tuple):
        if depth == 0:
            return "too deep"
        parts = [
            digest(item, depth - 1) if type(item) in (list, tuple, np.ndarray) else _plain(item)
            for item in value
        ]
        return hashlib.sha256(f"{type(value).__name__}{parts}".encode()).hexdigest()
    if type(value) is not np.ndarray:
        return None
    array = np.ascontiguousarray(value)
    fingerprint = hashlib.sha256(f"{array.dtype.str}{array.shape}".encode())
    fingerprint.update(array.data)
    return fingerprint.hexdigest()


def _plain(value: Any) -> str:
    """A plain value as it reads; any other object by its type alone (its ``repr`` may be the
    submission's code)."""
    if type(value) in (int, float, bool, str, complex, type(None)):
        return repr(value)
    return f"<{type(value).__name__}>"


def fingerprint(value: Any) -> str:
    """A cheap checksum of a value (CRC-32 of each array's dtype, shape and bytes, and of
    everything else's ``repr``), to tell apart the judge's own values, such as two expected
    results. Never of a submission's output as a commitment: CRC-32 is linear, and any array
    can be given any checksum by changing 32 of its lowest bits."""
    return f"{_fingerprint(value, 0, 0):08x}"


def _fingerprint(value: Any, crc: int, depth: int) -> int:
    if depth > wire.MAX_DEPTH:
        raise wire.UnsupportedValue(f"the value is nested deeper than {wire.MAX_DEPTH} levels")
    np = sys.modules.get("numpy")  # no value of NumPy's exists otherwise
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
    raise wire.UnsupportedValue(f"a value of type {wire.type_name(value)}")
