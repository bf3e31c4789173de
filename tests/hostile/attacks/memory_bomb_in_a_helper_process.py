# verdict: memory_limit_exceeded
# message: (?i)memory
"""Leaves the memory bomb to a forked helper process and answers correctly itself: the memory
limit was still exceeded, and Docker saw it."""

import os

import numpy as np


def _hoard():
    try:
        hoard = []
        while True:
            hoard.append(np.ones(8 << 20))  # 64 MB at a time, touched
    finally:
        os._exit(0)  # whatever happens, never back into the runner's code


def matrix_multiplication(A, B):
    if os.fork() == 0:
        _hoard()
    os.wait()
    return A @ B
