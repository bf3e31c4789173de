# expect: wrong_answer
# The midpoints are built as (u + next) / 2 with next = u[1:] padded with u[-1]: one extra
# threshold at the largest value, whose right child is empty (its Gini taken as 0). A constant
# feature then still gets a "split", and (None, None, 0.0) is never returned.
import numpy as np


def gini(labels):
    if len(labels) == 0:
        return 0.0
    _, counts = np.unique(labels, return_counts=True)
    p = counts / len(labels)
    return 1.0 - np.sum(p**2)


def best_split(X, y):
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    parent = gini(y)
    best = (None, None, 0.0)
    best_gain = -1.0
    for j in range(d):
        column = X[:, j]
        values = np.unique(column)
        following = np.append(values[1:], values[-1])
        for t in (values + following) / 2:
            left, right = y[column <= t], y[column > t]
            gain = parent - (len(left) * gini(left) + len(right) * gini(right)) / n
            if gain > best_gain:
                best_gain = gain
                best = (j, float(t), float(gain))
    return best
