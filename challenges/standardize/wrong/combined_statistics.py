# expect: wrong_answer
# Computes the mean and std over the training and test sets together (leakage).
import numpy as np


def standardize(X_train, X_test):
    both = np.vstack([X_train, X_test]).astype(float)
    mean = both.mean(axis=0)
    std = both.std(axis=0)
    std[(both == both[:1]).all(axis=0)] = 1.0
    return (X_train - mean) / std, (X_test - mean) / std
