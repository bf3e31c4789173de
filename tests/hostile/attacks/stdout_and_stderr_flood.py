# verdict: accepted
# message: ^$
"""Prints 20 MB on each of stdout and stderr, then answers correctly: the log is capped and the
answer still counts."""

import os
import sys


def matrix_multiplication(A, B):
    block = "x" * (1 << 20)
    for _ in range(20):
        sys.stdout.write(block)
        sys.stderr.write(block)
        os.write(1, b"y" * 4096)
    return A @ B
