# expect: wrong_answer
# The mean of an empty cluster is taken anyway: NaN (with a warning), and the centroid is lost.
import numpy as np


def kmeans(X, init_centroids, n_iters):
    C = init_centroids.astype(np.float64)
    k = len(C)
    for _ in range(n_iters):
        labels = np.argmin(((X[:, None, :] - C[None]) ** 2).sum(-1), axis=1)
        counts = np.bincount(labels, minlength=k)
        sums = np.zeros_like(C)
        np.add.at(sums, labels, X)
        with np.errstate(invalid="ignore", divide="ignore"):
            C = sums / counts[:, None]
    labels = np.argmin(((X[:, None, :] - C[None]) ** 2).sum(-1), axis=1)
    return C, labels
