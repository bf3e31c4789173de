# expect: wrong_answer
# The biased covariance (denominator n, np.cov(bias=True)): every variance is (n - 1) / n too small.
import numpy as np


def pca(X, n_components):
    Xc = X - X.mean(axis=0)
    cov = Xc.T @ Xc / len(X)
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1][:n_components]
    return vectors[:, order].T, values[order]
