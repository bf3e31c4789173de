# expect: wrong_answer
# Sets constant columns to 0 in both sets instead of centring the test set's.
import numpy as np


def standardize(X_train, X_test):
    X_train = np.asarray(X_train, dtype=float)
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    constant = (X_train == X_train[:1]).all(axis=0)
    std[constant] = 1.0
    train, test = (X_train - mean) / std, (X_test - mean) / std
    train[:, constant] = 0.0
    test[:, constant] = 0.0
    return train, test
