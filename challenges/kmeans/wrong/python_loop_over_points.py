# expect: time_limit_exceeded
# Correct, but Python loops over the points and the clusters in every assignment step, as a
# textbook writes it: about a million point-iterations on the benchmark, each with a NumPy call
# per cluster.
import numpy as np


def kmeans(X, init_centroids, n_iters):
    C = np.array(init_centroids, dtype=np.float64)

    def assign():
        labels = np.empty(len(X), dtype=np.int64)
        for i, x in enumerate(X):
            labels[i] = np.argmin([np.sum((x - c) ** 2) for c in C])
        return labels

    for _ in range(n_iters):
        labels = assign()
        for j in range(len(C)):
            if np.any(labels == j):
                C[j] = X[labels == j].mean(axis=0)
    return C, assign()
