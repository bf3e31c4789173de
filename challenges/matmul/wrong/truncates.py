# expect: wrong_answer
# Silently multiplies the overlapping part when the inner dimensions differ, instead of raising.
import numpy as np


def matrix_multiplication(A, B):
    inner = min(A.shape[-1], B.shape[0])
    return np.matmul(A[..., :inner], B[:inner])
