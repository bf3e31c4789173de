# expect: wrong_answer
# The mean-loss convention (1/n) ||X w - y||^2 + lam ||w||^2 carried over: lam scaled by n.
import numpy as np


def ridge_regression(X, y, lam):
    n, d = X.shape
    return np.linalg.solve(X.T @ X + n * lam * np.eye(d), X.T @ y)
