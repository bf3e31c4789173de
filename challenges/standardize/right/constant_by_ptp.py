# expect: accepted
# Constant columns found by max == min; the standard deviation from the variance.
import numpy as np


def standardize(X_train, X_test):
    X_train = np.asarray(X_train, dtype=float)
    mean = X_train.mean(axis=0)
    var = ((X_train - mean) ** 2).mean(axis=0)
    constant = X_train.max(axis=0) == X_train.min(axis=0)
    std = np.sqrt(var)
    std[constant] = 1.0
    return (X_train - mean) / std, (np.asarray(X_test, dtype=float) - mean) / std
