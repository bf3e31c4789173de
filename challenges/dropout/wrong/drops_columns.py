# expect: wrong_answer
# One draw per column, shared by all rows: the mask depends on the position.
import numpy as np


def dropout_layer(X, dropout_rate):
    mask = np.random.rand(X.shape[-1]) >= dropout_rate
    return X * mask / (1 - dropout_rate)
