# expect: wrong_answer
# Right answer, but it centres the caller's array in place: the input must not be modified.
import numpy as np


def pca(X, n_components):
    X -= X.mean(axis=0)
    values, vectors = np.linalg.eigh(X.T @ X / (len(X) - 1))
    order = np.argsort(values)[::-1][:n_components]
    return vectors[:, order].T, values[order]
