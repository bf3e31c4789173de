# expect: wrong_answer
# Forgets to subtract the mean: X^T X / (n - 1) is not the covariance unless the mean is 0.
import numpy as np


def pca(X, n_components):
    cov = X.T @ X / (len(X) - 1)
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1][:n_components]
    return vectors[:, order].T, values[order]
