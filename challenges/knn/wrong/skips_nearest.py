# expect: wrong_answer
# Drops the nearest point, as if every query were itself in the training set.
import numpy as np


def k_nearest_neighbors(X_train, X_query, k):
    d2 = (X_query**2).sum(1)[:, None] - 2 * X_query @ X_train.T + (X_train**2).sum(1)
    order = np.argsort(d2, axis=1)
    return np.concatenate([order[:, 1 : k + 1], order[:, :1]], axis=1)[:, :k]
