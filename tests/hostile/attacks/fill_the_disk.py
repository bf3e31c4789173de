# verdict: runtime_error
# message: No space left on device|File too large|Read-only file system
"""Writes files into every writable place until the disk is full."""

import os


def matrix_multiplication(A, B):
    block = b"\0" * (1 << 20)
    n = 0
    while True:
        n += 1
        with open(f"/tmp/fill-{n}", "wb") as f:
            for _ in range(8):
                f.write(block)
