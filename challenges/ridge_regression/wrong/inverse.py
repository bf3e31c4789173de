# expect: wrong_answer
# Forms the inverse, inv(X^T X + lam I) @ X^T y: right in exact arithmetic and on well-conditioned
# data, but not backward stable; on the ill-conditioned hidden cases the normal equations'
# residual is about cond(A) * eps * ||X^T y||, orders of magnitude past what a solver leaves.
import numpy as np


def ridge_regression(X, y, lam):
    d = X.shape[1]
    return np.linalg.inv(X.T @ X + lam * np.eye(d)) @ X.T @ y
