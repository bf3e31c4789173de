# expect: wrong_answer
# Leaves out the priors (as if every class were equally frequent): with imbalanced classes the
# boundary moves.
import numpy as np


def gaussian_nb(X_train, y_train, X_test):
    X = np.asarray(X_train, dtype=np.float64)
    y = np.asarray(y_train)
    T = np.asarray(X_test, dtype=np.float64)
    # Sorted labels: np.argmax's first maximum is then the smallest label on a tie.
    classes, index = np.unique(y, return_inverse=True)
    index = index.ravel()
    k = len(classes)
    counts = np.bincount(index, minlength=k)
    means = np.stack([X[index == c].mean(axis=0) for c in range(k)])
    # Two-pass variances (ddof 0), plus scikit-learn's var_smoothing: 1e-9 times the largest
    # variance of any feature over the whole training set.
    variances = np.stack([X[index == c].var(axis=0) for c in range(k)])
    variances += 1e-9 * X.var(axis=0).max()
    log_prior = np.log(counts / len(y))
    log_norm = -0.5 * np.log(2.0 * np.pi * variances).sum(axis=1)
    squared = ((T[:, None, :] - means[None, :, :]) ** 2 / variances[None, :, :]).sum(axis=2)
    joint = log_norm - 0.5 * squared
    return classes[np.argmax(joint, axis=1)]
