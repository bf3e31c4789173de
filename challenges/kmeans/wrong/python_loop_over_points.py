# expect: time_limit_exceeded
# Correct, but a Python loop over the points in every assignment step: about a million
# point-iterations on the benchmark.
import numpy as np


def kmeans(X, init_centroids, n_iters):
    C = np.array(init_centroids, dtype=np.float64)

    def assign():
        labels = np.empty(len(X), dtype=np.int64)
        for i, x in enumerate(X):
            labels[i] = np.argmin(((C - x) ** 2).sum(axis=1))
        return labels

    for _ in range(n_iters):
        labels = assign()
        for j in range(len(C)):
            if np.any(labels == j):
                C[j] = X[labels == j].mean(axis=0)
    return C, assign()
