# challenge: knn   expect: wrong_answer
# argpartition finds the right k points but does not order them: nearest first is required.
import numpy as np


def k_nearest_neighbors(X_train, X_query, k):
    d2 = (X_query**2).sum(1)[:, None] - 2 * X_query @ X_train.T + (X_train**2).sum(1)
    if k == len(X_train):
        return np.tile(np.arange(k), (len(X_query), 1))[:, ::-1]
    return np.argpartition(d2, k - 1, axis=1)[:, :k][:, ::-1]
