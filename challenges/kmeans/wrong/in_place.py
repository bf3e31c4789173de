# expect: wrong_answer
# Right answer, but the centroids are updated in the caller's init_centroids array.
import numpy as np


def kmeans(X, init_centroids, n_iters):
    C = init_centroids
    for _ in range(n_iters):
        labels = np.argmin(((X[:, None, :] - C[None]) ** 2).sum(-1), axis=1)
        for j in range(len(C)):
            if np.any(labels == j):
                C[j] = X[labels == j].mean(axis=0)
    labels = np.argmin(((X[:, None, :] - C[None]) ** 2).sum(-1), axis=1)
    return C, labels
