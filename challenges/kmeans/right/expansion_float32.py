# expect: accepted
# |x - c|^2 = |x|^2 - 2 x.c + |c|^2 with one matrix product, sums by np.add.at, and all the work in
# the input's own precision (float32 stays float32).
import numpy as np


def kmeans(X, init_centroids, n_iters):
    dtype = X.dtype if X.dtype == np.float32 else np.float64
    X = X.astype(dtype)
    C = init_centroids.astype(dtype)  # astype copies
    k = len(C)
    x2 = (X * X).sum(axis=1)[:, None]

    def assign(C):
        return np.argmin(x2 - 2 * X @ C.T + (C * C).sum(axis=1), axis=1)

    for _ in range(n_iters):
        labels = assign(C)
        counts = np.bincount(labels, minlength=k)
        sums = np.zeros_like(C)
        np.add.at(sums, labels, X)
        nonempty = counts > 0
        C[nonempty] = sums[nonempty] / counts[nonempty, None]
    return C, assign(C)
