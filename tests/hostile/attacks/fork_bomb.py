# verdict: runtime_error
# message: BlockingIOError|Resource temporarily unavailable|interfered|killed by
"""Forks until the process table is full; every copy forks again."""

import os


def matrix_multiplication(A, B):
    while True:
        os.fork()
