# expect: accepted
# One loop over the queries, each one vectorised over the training set: slower than one matrix
# product, but well inside the limit (the statement promises it passes).
import numpy as np


def k_nearest_neighbors(X_train, X_query, k):
    result = np.empty((len(X_query), k), dtype=int)
    for i, query in enumerate(X_query):
        distances = np.linalg.norm(X_train - query, axis=1)
        result[i] = np.argsort(distances)[:k]
    return result
