# expect: wrong_answer
# The (lam / 2) ||w||^2 convention: solves (X^T X + lam / 2 I) w = X^T y.
import numpy as np


def ridge_regression(X, y, lam):
    d = X.shape[1]
    return np.linalg.solve(X.T @ X + lam / 2 * np.eye(d), X.T @ y)
