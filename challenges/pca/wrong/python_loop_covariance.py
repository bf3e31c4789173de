# expect: time_limit_exceeded
# Correct, but the covariance from Python loops over pairs of features and over the samples:
# d * d * n / 2 products, 80 million on the benchmark.
import numpy as np


def pca(X, n_components):
    n, d = X.shape
    columns = [list(X[:, j]) for j in range(d)]
    means = [sum(col) / n for col in columns]
    centred = [[v - m for v in col] for col, m in zip(columns, means)]
    cov = np.zeros((d, d))
    for i in range(d):
        for j in range(i, d):
            cov[i, j] = cov[j, i] = sum(a * b for a, b in zip(centred[i], centred[j])) / (n - 1)
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1][:n_components]
    return vectors[:, order].T, values[order]
