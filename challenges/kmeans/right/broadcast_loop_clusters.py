# expect: accepted
# The full (n, k, d) difference tensor, and a loop over the clusters (not the points) to update.
import numpy as np


def kmeans(X, init_centroids, n_iters):
    X = np.asarray(X, dtype=np.float64)
    centroids = np.array(init_centroids, dtype=np.float64)

    def assign():
        diff = X[:, None, :] - centroids[None, :, :]
        return np.linalg.norm(diff, axis=2).argmin(axis=1)

    for _ in range(n_iters):
        labels = assign()
        for j in range(len(centroids)):
            members = X[labels == j]
            if len(members):
                centroids[j] = members.mean(axis=0)
    return centroids, assign()
