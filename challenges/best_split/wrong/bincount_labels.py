# expect: runtime_error
# Counts classes with np.bincount(y), as if the labels were 0..k-1: labels such as -1 and +1 make
# it raise ValueError.
import numpy as np


def gini(counts):
    size = counts.sum(axis=-1, keepdims=True)
    return 1.0 - ((counts / size) ** 2).sum(axis=-1)


def best_split(X, y):
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    total = np.bincount(y).astype(np.float64)
    onehot = np.eye(len(total))[y]
    best = (None, None, 0.0)
    for j in range(d):
        order = np.argsort(X[:, j])
        x = X[order, j]
        cut = np.flatnonzero(x[1:] > x[:-1])
        if cut.size == 0:
            continue
        left = np.cumsum(onehot[order], axis=0)[cut]
        right = total - left
        weighted = ((cut + 1) * gini(left) + (n - cut - 1) * gini(right)) / n
        gains = gini(total) - weighted
        i = int(np.argmax(gains))
        if best[0] is None or gains[i] > best[2]:
            best = (j, float((x[cut[i]] + x[cut[i] + 1]) / 2), float(gains[i]))
    return best
