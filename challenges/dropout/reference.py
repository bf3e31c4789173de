import numpy as np


def dropout_layer(X, dropout_rate):
    keep = 1.0 - dropout_rate
    mask = np.random.random_sample(np.shape(X)) < keep
    return np.where(mask, X / keep, 0.0)
