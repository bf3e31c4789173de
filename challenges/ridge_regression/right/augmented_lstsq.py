# expect: accepted
# Ridge as ordinary least squares on an augmented system: rows sqrt(lam) * I appended to X and
# zeros to y; X^T X is never formed.
import numpy as np


def ridge_regression(X, y, lam):
    d = X.shape[1]
    A = np.vstack([X, np.sqrt(lam) * np.eye(d)])
    b = np.concatenate([y, np.zeros(d)])
    w, *_ = np.linalg.lstsq(A, b, rcond=None)
    return w
