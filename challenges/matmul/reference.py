import numpy as np


def matrix_multiplication(A, B):
    return np.matmul(A, B)
