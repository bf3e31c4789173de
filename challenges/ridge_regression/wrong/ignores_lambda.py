# expect: wrong_answer
# Ordinary least squares, X w ~ y, with lam forgotten.
import numpy as np


def ridge_regression(X, y, lam):
    w, *_ = np.linalg.lstsq(X, y, rcond=None)
    return w
