# expect: wrong_answer
# Right values, but computed in the caller's X_train with -= and /=.
import numpy as np


def standardize(X_train, X_test):
    X_train = np.asarray(X_train, dtype=float)
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std[(X_train == X_train[:1]).all(axis=0)] = 1.0
    X_test = (X_test - mean) / std
    X_train -= mean
    X_train /= std
    return X_train, X_test
