# expect: time_limit_exceeded
# Correct, but Python loops over every (query, training point) pair and every coordinate, as a
# first attempt without NumPy is written: minutes on the benchmark. (With math.dist doing the
# coordinates in C, such a loop took 2.5 times the limit, too near it to be sure of a timeout
# on a faster machine; this one is far past it.)
import numpy as np


def k_nearest_neighbors(X_train, X_query, k):
    train = X_train.tolist()
    result = []
    for q in X_query.tolist():
        distances = []
        for x in train:
            distances.append(sum((a - b) ** 2 for a, b in zip(q, x)) ** 0.5)
        order = sorted(range(len(distances)), key=distances.__getitem__)
        result.append(order[:k])
    return np.array(result, dtype=np.int64).reshape(len(X_query), k)
