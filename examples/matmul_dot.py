# challenge: matmul   expect: accepted
import numpy as np


def matrix_multiplication(A, B):
    return np.dot(A, B)
