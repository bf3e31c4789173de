# expect: time_limit_exceeded
# Correct, but a Python loop over every (query, training point) pair: about a minute on the
# benchmark.
import math

import numpy as np


def k_nearest_neighbors(X_train, X_query, k):
    result = []
    for q in X_query.tolist():
        distances = [math.dist(q, x) for x in X_train.tolist()]
        order = sorted(range(len(distances)), key=distances.__getitem__)
        result.append(order[:k])
    return np.array(result, dtype=np.int64).reshape(len(X_query), k)
