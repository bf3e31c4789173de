# expect: accepted
# np.dot agrees with numpy.matmul on vectors and matrices, and raises ValueError on a mismatch.
import numpy as np


def matrix_multiplication(A, B):
    return np.dot(A, B)
