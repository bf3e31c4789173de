# expect: accepted
# Sums and counts from a one-hot matrix of the assignment; the loop runs n_iters + 1 assignments
# and stops before the last update.
import numpy as np


def kmeans(X, init_centroids, n_iters):
    X = np.asarray(X, dtype=np.float64)
    C = np.copy(init_centroids).astype(np.float64)
    k = C.shape[0]
    it = 0
    while True:
        d2 = np.einsum("nkd,nkd->nk", X[:, None] - C, X[:, None] - C)
        labels = np.argmin(d2, axis=1)
        if it == n_iters:
            return C, labels
        onehot = np.eye(k)[labels]
        counts = onehot.sum(axis=0)
        sums = onehot.T @ X
        C = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], C)
        it += 1
