# expect: wrong_answer
import numpy as np


def matrix_multiplication(A, B):
    return np.zeros(np.matmul(A, B).shape)
