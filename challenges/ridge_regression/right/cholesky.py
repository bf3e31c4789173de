# expect: accepted
# Cholesky factor of the regularised Gram matrix, then two triangular solves (with the general
# solver: NumPy has no triangular one).
import numpy as np


def ridge_regression(X, y, lam):
    d = X.shape[1]
    A = X.T @ X + lam * np.eye(d)
    L = np.linalg.cholesky(A)
    z = np.linalg.solve(L, X.T @ y)
    return np.linalg.solve(L.T, z)
