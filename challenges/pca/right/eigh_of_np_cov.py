# expect: accepted
# np.cov (centred, denominator n - 1), eigh, then the columns reversed: largest first.
import numpy as np


def pca(X, n_components):
    cov = np.atleast_2d(np.cov(X, rowvar=False))
    values, vectors = np.linalg.eigh(cov)
    values, vectors = values[::-1], vectors[:, ::-1]
    return vectors[:, :n_components].T.copy(), values[:n_components].copy()
