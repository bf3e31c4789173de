# expect: wrong_answer
# Treats only std == 0 as constant: a constant 0.1 column's computed std (~1e-17) is divided by.
import numpy as np


def standardize(X_train, X_test):
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std[std == 0] = 1.0
    return (X_train - mean) / std, (X_test - mean) / std
