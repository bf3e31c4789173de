# expect: wrong_answer
# Guards the shapes with assert: incompatible shapes must raise ValueError, not AssertionError.
import numpy as np


def matrix_multiplication(A, B):
    assert A.shape[-1] == B.shape[0], "incompatible shapes"
    return np.matmul(A, B)
