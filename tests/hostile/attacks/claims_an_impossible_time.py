# verdict: runtime_error
# message: out of range
"""Writes its own 'done' event for the case in flight on the child's events descriptor,
claiming 10**18 ns (thirty years) for it: a value no case can have."""

import json
import os
import struct
import sys

CALLS = [0]


def _frame(event):
    header = json.dumps({"$map": event}).encode()
    message = b"JW1\n" + struct.pack(">I", len(header)) + header + struct.pack(">I", 0)
    return struct.pack(">I", len(message)) + message


def matrix_multiplication(A, B):
    case = CALLS[0]
    CALLS[0] += 1
    event = {"event": "done", "case": case, "time_ns": 10**18, "results": [], "digests": []}
    os.write(int(sys.argv[-1]), _frame(event))
    return A @ B
