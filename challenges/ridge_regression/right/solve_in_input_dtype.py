# expect: accepted
# np.linalg.solve on the regularised normal equations, with the identity in X's dtype so that
# float32 inputs are solved in float32 end to end (lam * np.eye(d) alone would be float64).
import numpy as np


def ridge_regression(X, y, lam):
    d = X.shape[1]
    A = X.T @ X + lam * np.eye(d, dtype=X.dtype)
    return np.linalg.solve(A, X.T @ y)
