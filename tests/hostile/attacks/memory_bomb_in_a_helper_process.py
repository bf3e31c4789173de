# verdict: memory_limit_exceeded
# message: (?i)memory
"""Leaves the memory bomb to a forked helper process and answers correctly itself: the memory
limit was still exceeded, and Docker saw it."""

import os

import numpy as np


def matrix_multiplication(A, B):
    if os.fork() == 0:
        hoard = np.ones(1 << 30)  # 8 GiB, touched
        os._exit(0)
    os.wait()
    return A @ B
