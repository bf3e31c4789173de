# expect: wrong_answer
# The right neighbours, but as a list of lists: the statement asks for an integer NumPy array.
import numpy as np


def k_nearest_neighbors(X_train, X_query, k):
    d2 = (X_query**2).sum(axis=1)[:, None] - 2 * X_query @ X_train.T + (X_train**2).sum(axis=1)
    return np.argsort(d2, axis=1)[:, :k].tolist()
