# expect: wrong_answer
# Fits an (unregularised) intercept as well, by centring X and y first, like sklearn's Ridge by
# default: the statement's model has no intercept.
import numpy as np


def ridge_regression(X, y, lam):
    d = X.shape[1]
    Xc = X - X.mean(axis=0)
    yc = y - y.mean()
    return np.linalg.solve(Xc.T @ Xc + lam * np.eye(d), Xc.T @ yc)
