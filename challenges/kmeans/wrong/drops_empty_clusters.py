# expect: wrong_answer
# Drops a cluster that loses all its points: fewer centroids than were given.
import numpy as np


def kmeans(X, init_centroids, n_iters):
    C = init_centroids.astype(np.float64)
    for _ in range(n_iters):
        labels = np.argmin(((X[:, None, :] - C[None]) ** 2).sum(-1), axis=1)
        C = np.array([X[labels == j].mean(axis=0) for j in range(len(C)) if np.any(labels == j)])
    labels = np.argmin(((X[:, None, :] - C[None]) ** 2).sum(-1), axis=1)
    return C, labels
