# expect: time_limit_exceeded
# Correct, but Python loops over every (query, training point) pair and every coordinate, reading
# the arrays one element at a time, as a first attempt written like C is: minutes on the
# benchmark. (The same loops over lists, from tolist(), took 3.6 times the limit on a slow hour,
# under 1.5 times what judge challenges check asks: a faster machine would fail the check; with
# math.dist doing the coordinates in C, 2.5 times. This one is far past both.)
import numpy as np


def k_nearest_neighbors(X_train, X_query, k):
    n_train, dims = X_train.shape
    result = np.empty((len(X_query), k), dtype=np.int64)
    for q in range(len(X_query)):
        distances = []
        for t in range(n_train):
            total = 0.0
            for d in range(dims):
                diff = X_query[q, d] - X_train[t, d]
                total += diff * diff
            distances.append(total**0.5)
        order = sorted(range(n_train), key=distances.__getitem__)
        result[q] = order[:k]
    return result
