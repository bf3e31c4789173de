# expect: wrong_answer
# The return statement is indented into the loop over features: the best split of the first
# feature (that has one) is returned, whatever the other features offer.
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
            best = (j, float((x[cut[i]] + x[cut[i] + 1]) / 2), float(gains[i]))
        return best
    return best
