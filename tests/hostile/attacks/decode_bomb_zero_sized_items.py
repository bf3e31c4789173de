# verdict: runtime_error
# message: interfered with the judge.*(dtype|item)
"""Writes its own 'done' event for the case in flight: an array whose items take no bytes (dtype
V0) and whose shape claims 10**12 of them. Its byte count matches (zero), so only a decoder that
refuses such dtypes stops it before anything iterates over a trillion elements."""

import json
import os
import struct
import sys

CALLS = [0]


def _npy(descr, shape):
    # Written as NumPy's writer does (sorted keys, each followed by ", "): the judge reads no other.
    fields = {"descr": descr, "fortran_order": False, "shape": shape}
    header = ("{" + "".join(f"{k!r}: {v!r}, " for k, v in fields.items()) + "}").encode()
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header


def _message(tree, blobs):
    header = json.dumps(tree).encode()
    parts = [b"JW1\n", struct.pack(">I", len(header)), header, struct.pack(">I", len(blobs))]
    for blob in blobs:
        parts += [struct.pack(">Q", len(blob)), blob]
    message = b"".join(parts)
    return struct.pack(">I", len(message)) + message


def matrix_multiplication(A, B):
    case = CALLS[0]
    CALLS[0] += 1
    event = {"event": "done", "case": case, "time_ns": 1, "digests": [[None, None]]}
    event["results"] = [{"$nd": 0}]
    os.write(int(sys.argv[-1]), _message({"$map": event}, [_npy("|V0", (10**12,))]))
    return A @ B
