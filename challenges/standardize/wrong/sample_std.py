# expect: wrong_answer
# Uses the sample standard deviation (ddof=1) instead of ddof=0.
import numpy as np


def standardize(X_train, X_test):
    X_train = np.asarray(X_train, dtype=float)
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0, ddof=1) if len(X_train) > 1 else np.zeros(X_train.shape[1])
    std[(X_train == X_train[:1]).all(axis=0)] = 1.0
    return (X_train - mean) / std, (X_test - mean) / std
