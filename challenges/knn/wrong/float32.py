# expect: wrong_answer
# The expansion in float32 loses the small differences between points far from the origin.
import numpy as np


def k_nearest_neighbors(X_train, X_query, k):
    T = X_train.astype(np.float32)
    Q = X_query.astype(np.float32)
    d2 = (Q**2).sum(1)[:, None] - 2 * Q @ T.T + (T**2).sum(1)
    return np.argsort(d2, axis=1, kind="stable")[:, :k]
