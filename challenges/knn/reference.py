import numpy as np

CHUNK = 256  # queries per block: the block's distance matrix stays a few tens of MB


def k_nearest_neighbors(X_train, X_query, k):
    X_train = np.asarray(X_train, dtype=np.float64)
    X_query = np.asarray(X_query, dtype=np.float64)
    train_norms = np.einsum("ij,ij->i", X_train, X_train)
    result = np.empty((len(X_query), k), dtype=np.int64)
    for start in range(0, len(X_query), CHUNK):
        block = X_query[start : start + CHUNK]
        d2 = np.einsum("ij,ij->i", block, block)[:, None] - 2 * block @ X_train.T + train_norms
        if k < len(X_train):
            nearest = np.argpartition(d2, k - 1, axis=1)[:, :k]
        else:
            nearest = np.broadcast_to(np.arange(len(X_train)), d2.shape)
        order = np.argsort(np.take_along_axis(d2, nearest, axis=1), axis=1, kind="stable")
        result[start : start + len(block)] = np.take_along_axis(nearest, order, axis=1)
    return result
