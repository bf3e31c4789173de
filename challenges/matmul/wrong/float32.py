# expect: wrong_answer
# Loses precision (and the integer dtype) by computing in float32.
import numpy as np


def matrix_multiplication(A, B):
    return A.astype(np.float32) @ B.astype(np.float32)
