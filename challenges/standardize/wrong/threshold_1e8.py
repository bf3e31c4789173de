# expect: wrong_answer
# Treats std < 1e-8 as constant: a column of tiny but real spread is left undivided.
import numpy as np


def standardize(X_train, X_test):
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std = np.where(std < 1e-8, 1.0, std)
    return (X_train - mean) / std, (X_test - mean) / std
