# expect: wrong_answer
# Multiplies by the transpose: right only when B happens to be square and symmetric.
import numpy as np


def matrix_multiplication(A, B):
    if A.ndim == 2 and B.ndim == 2 and A.shape[1] == B.shape[1]:
        return A @ B.T
    return np.zeros((A.shape[0], B.shape[-1]))
