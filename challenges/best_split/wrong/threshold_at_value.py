# expect: wrong_answer
# The right split, but the threshold reported is the last value that goes left (x <= value) rather
# than the midpoint between it and the next distinct value.
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
            best = (j, float(x[cut[i]]), float(gains[i]))
    return best
