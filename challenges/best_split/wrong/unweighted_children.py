# expect: wrong_answer
# The children's impurities averaged as they are, not weighted by their sizes: a split that peels
# off one sample into a pure child looks far better than it is.
import numpy as np


def gini(counts):
    size = counts.sum(axis=-1, keepdims=True)
    return 1.0 - ((counts / size) ** 2).sum(axis=-1)


def best_split(X, y):
    X = np.asarray(X, dtype=np.float64)
    d = X.shape[1]
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
        gains = gini(total) - (gini(left) + gini(right)) / 2
        i = int(np.argmax(gains))
        if best[0] is None or gains[i] > best[2]:
            best = (j, float((x[cut[i]] + x[cut[i] + 1]) / 2), float(gains[i]))
    return best
