# expect: wrong_answer
# X.T @ X + lam broadcasts lam to every entry, not to the diagonal: lam * I was meant.
import numpy as np


def ridge_regression(X, y, lam):
    return np.linalg.solve(X.T @ X + lam, X.T @ y)
