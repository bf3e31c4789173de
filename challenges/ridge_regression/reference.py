import numpy as np


def ridge_regression(X, y, lam):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    d = X.shape[1]
    A = X.T @ X + lam * np.eye(d)
    # A is symmetric positive (semi)definite: LU with partial pivoting is backward stable on it.
    return np.linalg.solve(A, X.T @ y)
