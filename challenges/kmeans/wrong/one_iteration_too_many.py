# expect: wrong_answer
# Off by one: range(n_iters + 1) runs one update too many.
import numpy as np


def kmeans(X, init_centroids, n_iters):
    C = init_centroids.astype(np.float64)
    for _ in range(n_iters + 1):
        labels = np.argmin(((X[:, None, :] - C[None]) ** 2).sum(-1), axis=1)
        for j in range(len(C)):
            if np.any(labels == j):
                C[j] = X[labels == j].mean(axis=0)
    labels = np.argmin(((X[:, None, :] - C[None]) ** 2).sum(-1), axis=1)
    return C, labels
