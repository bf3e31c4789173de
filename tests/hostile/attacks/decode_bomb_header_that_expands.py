# verdict: output_limit_exceeded
# message: too large.*values
"""Writes its own 'done' event for the case in flight whose header is 300,000 empty lists: 900 KB
that would be 17 MB of Python objects, and far more with a bigger header. The number of values
in a header is capped before it is parsed."""

import json
import os
import struct
import sys

CALLS = [0]


def matrix_multiplication(A, B):
    case = CALLS[0]
    CALLS[0] += 1
    head = json.dumps({"$map": {"event": "done", "case": case, "time_ns": 1, "results": "X"}})
    header = head.replace('"X"', "[" + ",".join(["[]"] * 300_000) + "]").encode()
    message = b"JW1\n" + struct.pack(">I", len(header)) + header + struct.pack(">I", 0)
    os.write(int(sys.argv[-1]), struct.pack(">I", len(message)) + message)
    return A @ B
