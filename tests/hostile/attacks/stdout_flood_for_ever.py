# verdict: output_limit_exceeded
# message: printed more than the output limit
"""Prints for ever: stopped once it has printed more than the output limit, not at the end of
its time."""

import os


def matrix_multiplication(A, B):
    while True:
        os.write(1, b"z" * 65536)
        os.write(2, b"z" * 65536)
