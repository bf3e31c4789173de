# expect: wrong_answer
# Returns the k smallest distances instead of the indices of the points.
import numpy as np


def k_nearest_neighbors(X_train, X_query, k):
    d2 = (X_query**2).sum(1)[:, None] - 2 * X_query @ X_train.T + (X_train**2).sum(1)
    return np.sqrt(np.maximum(np.sort(d2, axis=1)[:, :k], 0))
