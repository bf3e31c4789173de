# verdict: wrong_answer
# message: dtype object
"""Returns an object array of rows of different lengths."""

import numpy as np


def matrix_multiplication(A, B):
    rows = [np.zeros(i + 1) for i in range(A.shape[0])]
    out = np.empty(len(rows), dtype=object)
    out[:] = rows
    return out
