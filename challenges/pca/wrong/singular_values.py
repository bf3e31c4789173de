# expect: wrong_answer
# The SVD of the centred data gives the right components, but returns the singular values, not
# the variances s**2 / (n - 1).
import numpy as np


def pca(X, n_components):
    Xc = X - X.mean(axis=0)
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    return Vt[:n_components], s[:n_components]
