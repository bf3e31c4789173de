# verdict: runtime_error
# message: interfered with the judge
"""A daemon that keeps the result descriptor open and writes forged frames on it for ever, while
the answers themselves are wrong. The submission waits until the first forged frame is written, so
the runner always sees it."""

import os
import struct
import sys

import numpy as np

FRAME = b"JW1\n" + b"\x00" * 8


def _forge(ready):
    fd = int(sys.argv[-1])
    os.write(fd, struct.pack(">I", len(FRAME)) + FRAME)
    os.write(ready, b"x")
    while True:
        try:
            os.write(fd, struct.pack(">I", len(FRAME)) + FRAME)
        except OSError:
            os._exit(0)


_read, _write = os.pipe()
if os.fork() == 0:
    os.setsid()
    _forge(_write)
os.read(_read, 1)


def matrix_multiplication(A, B):
    return np.zeros((A.shape[0], B.shape[1]))
