# expect: time_limit_exceeded
# Correct, but for every threshold of every feature both children are recounted from scratch:
# O(n^2 d) work, many seconds on the 5000 x 20 benchmark.
import numpy as np


def gini(labels):
    _, counts = np.unique(labels, return_counts=True)
    p = counts / len(labels)
    return 1.0 - np.sum(p**2)


def best_split(X, y):
    n, d = X.shape
    parent = gini(y)
    best = (None, None, 0.0)
    best_gain = -1.0
    for j in range(d):
        values = np.unique(X[:, j])
        for t in (values[:-1] + values[1:]) / 2:
            mask = X[:, j] <= t
            left, right = y[mask], y[~mask]
            gain = parent - (len(left) * gini(left) + len(right) * gini(right)) / n
            if gain > best_gain:
                best_gain = gain
                best = (j, float(t), float(gain))
    return best
