# expect: invalid_submission
import numpy as np


def matmul(A, B):
    return A @ B
