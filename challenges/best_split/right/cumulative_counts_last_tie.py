# expect: accepted
# One feature at a time, vectorised over its thresholds with cumulative one-hot counts, the gain
# written as gini(parent) - 1 + (sum l^2 / n_left + sum r^2 / n_right) / n; ties go to the last
# split found (>=), so tied thresholds and tied features give another answer than the reference.
import numpy as np


def best_split(X, y):
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    classes = np.unique(y)
    onehot = (np.asarray(y)[:, None] == classes[None, :]).astype(np.float64)
    total = onehot.sum(axis=0)
    parent = 1.0 - np.sum((total / n) ** 2)
    best = (None, None, 0.0)
    best_gain = -np.inf
    for j in range(d):
        order = np.argsort(X[:, j])
        x = X[order, j]
        boundaries = np.flatnonzero(x[1:] != x[:-1])  # split after sorted position i
        if boundaries.size == 0:
            continue
        left = np.cumsum(onehot[order], axis=0)[boundaries]
        right = total - left
        n_left = boundaries + 1.0
        n_right = n - n_left
        purity = (left**2).sum(axis=1) / n_left + (right**2).sum(axis=1) / n_right
        gains = parent - 1.0 + purity / n
        i = len(gains) - 1 - int(np.argmax(gains[::-1]))  # the last maximal one
        if gains[i] >= best_gain - 1e-12:
            best_gain = gains[i]
            b = boundaries[i]
            best = (j, x[b] + (x[b + 1] - x[b]) / 2, gains[i])
    return best
