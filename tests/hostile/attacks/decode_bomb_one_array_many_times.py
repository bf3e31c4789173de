# verdict: runtime_error
# message: interfered with the judge.*used more than once
"""Writes its own 'done' event for the case in flight on the child's events descriptor: one
1 MiB array, and a result that refers to it 20,000 times. Decoded naively that is 20 GB on the
worker, from 1.2 MB sent; each array may be used once."""

import io
import json
import os
import struct
import sys

import numpy as np

CALLS = [0]


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
    blob = io.BytesIO()
    np.save(blob, np.zeros(1 << 17))
    event = {"event": "done", "case": case, "time_ns": 1, "digests": [[None, None]]}
    event["results"] = [[{"$nd": 0}] * 20_000]
    os.write(int(sys.argv[-1]), _message({"$map": event}, [blob.getvalue()]))
    return A @ B
