# expect: wrong_answer
# Returns the explained variance ratio (each variance over the total), not the variances.
import numpy as np


def pca(X, n_components):
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(Xc.T @ Xc / (len(X) - 1))
    order = np.argsort(values)[::-1][:n_components]
    return vectors[:, order].T, values[order] / values.sum()
