# verdict: memory_limit_exceeded
# message: (?i)memory
"""Asks for 8 GiB at once and touches it."""

import numpy as np


def matrix_multiplication(A, B):
    return np.ones(1 << 30)
