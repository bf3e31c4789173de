# verdict: runtime_error
# message: interfered with the judge
"""Writes well-formed but out-of-order events (a 'finished' before any case) straight on the
descriptor the runner reads."""

import json
import os
import struct
import sys

import numpy as np


def _message(event):
    header = json.dumps({"$map": event}).encode()
    return b"JW1\n" + struct.pack(">I", len(header)) + header + struct.pack(">I", 0)


def matrix_multiplication(A, B):
    fd = int(sys.argv[-1])
    for event in (
        {"event": "done", "case": 25, "time_ns": 1, "results": [], "digests": []},
        {"event": "finished"},
    ):
        message = _message(event)
        os.write(fd, struct.pack(">I", len(message)) + message)
    return A @ B
