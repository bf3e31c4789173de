# expect: time_limit_exceeded
# Correct, shapes and dtypes included, but a triple Python loop over 512x512x512 takes far longer
# than the 2 s a case.
import numpy as np


def matrix_multiplication(A, B):
    if A.shape[-1] != B.shape[0]:
        raise ValueError("incompatible shapes")
    A2 = np.atleast_2d(A)
    B2 = B if B.ndim == 2 else B.reshape(-1, 1)
    C = np.zeros((A2.shape[0], B2.shape[1]), dtype=np.result_type(A, B))
    for i in range(A2.shape[0]):
        for j in range(B2.shape[1]):
            for k in range(A2.shape[1]):
                C[i, j] += A2[i, k] * B2[k, j]
    return C.reshape(np.matmul(A, B).shape)
