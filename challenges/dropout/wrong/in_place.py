# expect: wrong_answer
# Right output, but computed in the caller's array: the input must not be modified.
import numpy as np


def dropout_layer(X, dropout_rate):
    if X.dtype.kind != "f":
        X = X.astype(np.float64)
    mask = np.random.rand(*X.shape) >= dropout_rate
    X *= mask
    X /= 1 - dropout_rate
    return X
