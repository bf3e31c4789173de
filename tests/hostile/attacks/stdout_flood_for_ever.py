# verdict: time_limit_exceeded
# message: time limit
"""Prints for ever."""

import os


def matrix_multiplication(A, B):
    while True:
        os.write(1, b"z" * 65536)
        os.write(2, b"z" * 65536)
