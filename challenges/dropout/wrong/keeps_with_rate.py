# expect: wrong_answer
# Keeps each element with probability dropout_rate, i.e. drops with 1 - dropout_rate.
import numpy as np


def dropout_layer(X, dropout_rate):
    mask = np.random.rand(*X.shape) < dropout_rate
    return X * mask / (1 - dropout_rate)
