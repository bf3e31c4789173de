# expect: accepted
# One column at a time, in the input's own float precision, constant columns by np.unique.
import numpy as np


def standardize(X_train, X_test):
    dtype = X_train.dtype if X_train.dtype.kind == "f" else np.float64
    train = X_train.astype(dtype)
    test = X_test.astype(dtype)
    for j in range(train.shape[1]):
        mu = train[:, j].mean()
        if len(np.unique(X_train[:, j])) > 1:
            sigma = train[:, j].std()
            train[:, j] = (train[:, j] - mu) / sigma
            test[:, j] = (test[:, j] - mu) / sigma
        else:
            train[:, j] = train[:, j] - mu
            test[:, j] = test[:, j] - mu
    return train, test
