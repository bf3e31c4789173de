# expect: wrong_answer
# Information gain (entropy, in bits) instead of the Gini gain the statement asks for.
import numpy as np


def entropy(counts):
    p = counts / counts.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.where(p > 0, p * np.log2(p), 0.0).sum(axis=-1)


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
        weighted = ((cut + 1) * entropy(left) + (n - cut - 1) * entropy(right)) / n
        gains = entropy(total) - weighted
        i = int(np.argmax(gains))
        if best[0] is None or gains[i] > best[2]:
            best = (j, float((x[cut[i]] + x[cut[i] + 1]) / 2), float(gains[i]))
    return best
