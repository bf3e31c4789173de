# expect: wrong_answer
# Takes eigh's output without sorting it: eigh returns the eigenvalues in ascending order, so
# these are the directions of least variance.
import numpy as np


def pca(X, n_components):
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(Xc.T @ Xc / (len(X) - 1))
    return vectors[:, :n_components].T, values[:n_components]
