# verdict: output_limit_exceeded
# message: printed more than the output limit
"""Prints 20 MB on each of stdout and stderr in every call, then answers correctly: what it
prints counts against the output limit (64 MB), so the second call is past it."""

import os
import sys


def matrix_multiplication(A, B):
    block = "x" * (1 << 20)
    for _ in range(20):
        sys.stdout.write(block)
        sys.stderr.write(block)
        os.write(1, b"y" * 4096)
    return A @ B
