# expect: wrong_answer
# L1 distance instead of Euclidean.
import numpy as np


def k_nearest_neighbors(X_train, X_query, k):
    out = []
    for q in X_query:
        out.append(np.argsort(np.abs(X_train - q).sum(axis=1), kind="stable")[:k])
    return np.array(out)
