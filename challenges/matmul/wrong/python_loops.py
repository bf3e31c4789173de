# expect: time_limit_exceeded
# Correct, but a triple Python loop over 300x400x200 takes far longer than the 2 s a case.
import numpy as np


def matrix_multiplication(A, B):
    A2, B2 = np.atleast_2d(A), np.atleast_2d(B) if B.ndim == 2 else B.reshape(-1, 1)
    n, k = A2.shape
    m = B2.shape[1]
    C = [[0.0] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            s = 0.0
            for t in range(k):
                s += float(A2[i, t]) * float(B2[t, j])
            C[i][j] = s
    return np.array(C).reshape(np.matmul(A, B).shape).astype(np.result_type(A, B))
