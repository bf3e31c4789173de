import numpy as np


def standardize(X_train, X_test):
    X_train = np.asarray(X_train, dtype=np.float64)
    X_test = np.asarray(X_test, dtype=np.float64)
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    # Constant columns are found by their values: a computed std may be 1e-17 rather than 0.
    constant = (X_train == X_train[:1]).all(axis=0)
    scale = np.where(constant, 1.0, std)
    return (X_train - mean) / scale, (X_test - mean) / scale
