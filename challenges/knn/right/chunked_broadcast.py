# expect: accepted
# Exact differences, but a few queries at a time so the difference tensor stays small.
import numpy as np


def k_nearest_neighbors(X_train, X_query, k):
    rows = max(1, 2_000_000 // max(1, X_train.size))
    out = np.empty((len(X_query), k), dtype=np.intp)
    for start in range(0, len(X_query), rows):
        block = X_query[start : start + rows]
        d2 = ((block[:, None, :] - X_train[None, :, :]) ** 2).sum(axis=-1)
        part = np.argpartition(d2, k - 1, axis=1)[:, :k]
        order = np.argsort(np.take_along_axis(d2, part, axis=1), axis=1)
        out[start : start + len(block)] = np.take_along_axis(part, order, axis=1)
    return out
