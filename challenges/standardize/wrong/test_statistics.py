# expect: wrong_answer
# Standardises the test set with its own mean and std instead of the training set's.
import numpy as np


def _scale(X):
    X = np.asarray(X, dtype=float)
    std = X.std(axis=0)
    std[(X == X[:1]).all(axis=0)] = 1.0
    return (X - X.mean(axis=0)) / std


def standardize(X_train, X_test):
    return _scale(X_train), _scale(X_test)
