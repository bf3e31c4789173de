# expect: wrong_answer
# Returns the labels of the last assignment step, computed before the last update moved the
# centroids (and, with no iterations, the labels of the initial centroids).
import numpy as np


def kmeans(X, init_centroids, n_iters):
    C = init_centroids.astype(np.float64)
    labels = np.argmin(((X[:, None, :] - C[None]) ** 2).sum(-1), axis=1)
    for _ in range(n_iters):
        labels = np.argmin(((X[:, None, :] - C[None]) ** 2).sum(-1), axis=1)
        for j in range(len(C)):
            if np.any(labels == j):
                C[j] = X[labels == j].mean(axis=0)
    return C, labels
