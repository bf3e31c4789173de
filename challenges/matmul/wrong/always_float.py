# expect: wrong_answer
# Right values, wrong dtype: integer inputs must give an integer result, as numpy.matmul does.
import numpy as np


def matrix_multiplication(A, B):
    return np.asarray(A, dtype=np.float64) @ np.asarray(B, dtype=np.float64)
