# verdict: memory_limit_exceeded
# message: (?i)memory
"""Grows by one megabyte at a time, so no single allocation looks too large."""

import numpy as np


def matrix_multiplication(A, B):
    hoard = []
    while True:
        hoard.append(np.ones(1 << 17))
