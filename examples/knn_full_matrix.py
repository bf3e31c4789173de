# challenge: knn   expect: accepted
# The whole (n_query, n_train) distance matrix at once (80 MB on the benchmark), then argsort.
import numpy as np


def k_nearest_neighbors(X_train, X_query, k):
    d2 = (X_query**2).sum(axis=1)[:, None] - 2 * X_query @ X_train.T + (X_train**2).sum(axis=1)
    return np.argsort(d2, axis=1)[:, :k]
