import numpy as np


def kmeans(X, init_centroids, n_iters):
    X = np.asarray(X)
    points = X.astype(np.float64)
    centroids = np.array(init_centroids, dtype=np.float64)  # a copy: the input stays as it is
    k = len(centroids)
    for _ in range(n_iters):
        labels = nearest(points, centroids)
        counts = np.bincount(labels, minlength=k)
        sums = np.stack(
            [np.bincount(labels, weights=column, minlength=k) for column in points.T], axis=1
        )
        filled = counts > 0  # an empty cluster keeps its centroid
        centroids[filled] = sums[filled] / counts[filled, None]
    labels = nearest(points, centroids)  # the labels of the returned centroids
    dtype = np.float32 if X.dtype == np.float32 else np.float64
    return centroids.astype(dtype), labels


def nearest(points, centroids):
    """The index of each point's nearest centroid, the lowest one on a tie (np.argmin's rule)."""
    d2 = np.zeros((len(points), len(centroids)))
    for j in range(points.shape[1]):  # one coordinate at a time: only (n, k) arrays
        d2 += (points[:, j, None] - centroids[:, j]) ** 2
    return np.argmin(d2, axis=1)
