# expect: wrong_answer
# Finds the right split (the least weighted impurity of the children) but returns that impurity
# as the gain, not the decrease from the parent's impurity.
import numpy as np


def gini(counts):
    size = counts.sum(axis=-1, keepdims=True)
    return 1.0 - ((counts / size) ** 2).sum(axis=-1)


def best_split(X, y):
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    _, labels = np.unique(y, return_inverse=True)
    onehot = np.eye(labels.max() + 1)[labels]
    total = onehot.sum(axis=0)
    best = (None, None, 0.0)
    best_impurity = np.inf
    for j in range(d):
        order = np.argsort(X[:, j])
        x = X[order, j]
        cut = np.flatnonzero(x[1:] > x[:-1])
        if cut.size == 0:
            continue
        left = np.cumsum(onehot[order], axis=0)[cut]
        right = total - left
        impurity = ((cut + 1) * gini(left) + (n - cut - 1) * gini(right)) / n
        i = int(np.argmin(impurity))
        if impurity[i] < best_impurity:
            best_impurity = impurity[i]
            best = (j, float((x[cut[i]] + x[cut[i] + 1]) / 2), float(impurity[i]))
    return best
