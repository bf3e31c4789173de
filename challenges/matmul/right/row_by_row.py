# expect: accepted
# One vectorised row at a time, with the shape check and the result dtype done by hand.
import numpy as np


def matrix_multiplication(A, B):
    if A.ndim == 1 or B.ndim == 1:
        return np.matmul(A, B)
    if A.shape[1] != B.shape[0]:
        raise ValueError(f"cannot multiply {A.shape} by {B.shape}")
    C = np.zeros((A.shape[0], B.shape[1]), dtype=np.result_type(A, B))
    for i in range(A.shape[0]):
        C[i] = A[i] @ B
    return C
