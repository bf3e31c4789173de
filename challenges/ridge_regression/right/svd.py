# expect: accepted
# Through the thin SVD X = U S V^T: w = V diag(s / (s^2 + lam)) U^T y.
import numpy as np


def ridge_regression(X, y, lam):
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    w = Vt.T @ (s / (s**2 + lam) * (U.T @ y))
    return w
