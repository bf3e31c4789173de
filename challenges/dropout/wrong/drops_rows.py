# expect: wrong_answer
# One draw per row (the mask broadcast along the last axis): whole rows are dropped together.
import numpy as np


def dropout_layer(X, dropout_rate):
    mask = np.random.rand(*X.shape[:-1], 1) >= dropout_rate
    return X * mask / (1 - dropout_rate)
