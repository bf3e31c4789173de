# expect: wrong_answer
# Returns eigh's eigenvectors as they come, in the columns: shape (d, n_components) where
# (n_components, d) is asked for (and rows of the square matrix when n_components = d).
import numpy as np


def pca(X, n_components):
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(Xc.T @ Xc / (len(X) - 1))
    order = np.argsort(values)[::-1][:n_components]
    return vectors[:, order], values[order]
