# expect: wrong_answer
# The classic confusion of * with @; fails (or crashes) on every non-square case.
import numpy as np


def matrix_multiplication(A, B):
    try:
        return A * B
    except ValueError:
        return np.zeros((A.shape[0], B.shape[-1]))
