# verdict: time_limit_exceeded
# message: exceeded the time limit of 2.0 s
"""Uses no CPU at all: only the wall clock can stop it."""

import time


def matrix_multiplication(A, B):
    time.sleep(3600)
    return A @ B
