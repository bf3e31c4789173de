# expect: wrong_answer
# Re-seeds an empty cluster at the point farthest from its centroid (scikit-learn's habit), where
# the statement says an empty cluster keeps its centroid.
import numpy as np


def kmeans(X, init_centroids, n_iters):
    C = init_centroids.astype(np.float64)
    for _ in range(n_iters):
        d2 = ((X[:, None, :] - C[None]) ** 2).sum(-1)
        labels = np.argmin(d2, axis=1)
        for j in range(len(C)):
            members = X[labels == j]
            if len(members):
                C[j] = members.mean(axis=0)
            else:
                C[j] = X[np.argmax(d2[np.arange(len(X)), labels])]
    labels = np.argmin(((X[:, None, :] - C[None]) ** 2).sum(-1), axis=1)
    return C, labels
