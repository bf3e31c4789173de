# expect: accepted
# Class statistics from a one-hot matrix (sums by matrix product, the variance from the centred
# data, not from E[x^2] - E[x]^2), and the log joint of every (test point, class) pair by
# broadcasting, 512 test rows at a time; ties resolved explicitly: the smallest label among
# those reaching the maximum.
import numpy as np


def gaussian_nb(X_train, y_train, X_test):
    X = np.asarray(X_train, dtype=np.float64)
    y = np.asarray(y_train)
    T = np.asarray(X_test, dtype=np.float64)
    labels, inverse = np.unique(y, return_inverse=True)
    inverse = inverse.reshape(-1)
    one_hot = (inverse[:, None] == np.arange(len(labels))[None, :]).astype(np.float64)
    counts = one_hot.sum(axis=0)
    means = (one_hot.T @ X) / counts[:, None]
    centred = X - means[inverse]
    variances = (one_hot.T @ centred**2) / counts[:, None]
    variances = variances + 1e-9 * np.var(X, axis=0).max()
    base = np.log(counts / counts.sum()) - 0.5 * np.log(2 * np.pi * variances).sum(axis=1)
    joint = np.empty((len(T), len(labels)))
    for start in range(0, len(T), 512):  # (rows, class, feature) blocks that stay in cache
        diff = T[start : start + 512, None, :] - means[None, :, :]
        joint[start : start + 512] = base - 0.5 * np.sum(diff * diff / variances, axis=2)
    best = joint.max(axis=1, keepdims=True) if len(T) else joint[:, :1]
    winners = joint == best
    # The first True of each row: the smallest label reaching the maximum.
    return labels[np.argmax(winners, axis=1)]
