# expect: wrong_answer
# argmax of the negated distances over the reversed centroids: right except that an exact tie
# goes to the higher index.
import numpy as np


def assign(X, C):
    scores = -((X[:, None, :] - C[None]) ** 2).sum(-1)
    return len(C) - 1 - np.argmax(scores[:, ::-1], axis=1)


def kmeans(X, init_centroids, n_iters):
    C = init_centroids.astype(np.float64)
    for _ in range(n_iters):
        labels = assign(X, C)
        for j in range(len(C)):
            if np.any(labels == j):
                C[j] = X[labels == j].mean(axis=0)
    return C, assign(X, C)
