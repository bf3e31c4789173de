# expect: wrong_answer
# No guard for constant columns: divides by a zero std (NaN and infinity).
import numpy as np


def standardize(X_train, X_test):
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std
