# expect: wrong_answer
# The best gain starts at 0 and only a strictly larger gain replaces it: when the best gain is 0
# (pure labels, XOR) no split is returned although one exists.
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
    best_feature, best_threshold, best_gain = None, None, 0.0
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
        if gains[i] > best_gain:
            best_feature = j
            best_threshold = float((x[cut[i]] + x[cut[i] + 1]) / 2)
            best_gain = float(gains[i])
    return best_feature, best_threshold, best_gain
