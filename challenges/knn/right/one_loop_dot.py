# expect: accepted
# One loop over the queries, each one vectorised over the training set by one matrix-vector
# product (|x|^2 - 2 x.q; |q|^2 is the same for every x): well inside the limit. The same loop
# with np.linalg.norm(X_train - q, axis=1) builds a 5 MB difference a query and takes about a fifth
# of the limit on an idle machine, more beside other memory-bound work: accepted too, but too close
# to the quarter that judge challenges check allows its right/ solutions.
import numpy as np


def k_nearest_neighbors(X_train, X_query, k):
    squared = np.einsum("ij,ij->i", X_train, X_train)
    result = np.empty((len(X_query), k), dtype=int)
    for i, query in enumerate(X_query):
        distances = squared - 2.0 * (X_train @ query)
        result[i] = np.argsort(distances, kind="stable")[:k]
    return result
