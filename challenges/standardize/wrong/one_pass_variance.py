# expect: wrong_answer
# One-pass variance E[x^2] - E[x]^2: cancellation on a column far from 0.
import numpy as np


def standardize(X_train, X_test):
    X_train = np.asarray(X_train, dtype=float)
    mean = X_train.mean(axis=0)
    var = (X_train**2).mean(axis=0) - mean**2
    std = np.sqrt(np.maximum(var, 0.0))
    std[(X_train == X_train[:1]).all(axis=0)] = 1.0
    return (X_train - mean) / std, (X_test - mean) / std
