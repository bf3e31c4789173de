# verdict: runtime_error
# message: interfered with the judge
"""A daemon that keeps the result descriptor open and writes forged frames on it, while the
answers themselves are wrong."""

import os
import struct
import sys

import numpy as np


def _forge():
    fd = int(sys.argv[-1])
    frame = b"JW1\n" + b"\x00" * 8
    while True:
        try:
            os.write(fd, struct.pack(">I", len(frame)) + frame)
        except OSError:
            os._exit(0)


if os.fork() == 0:
    os.setsid()
    _forge()


def matrix_multiplication(A, B):
    return np.zeros((A.shape[0], B.shape[1]))
