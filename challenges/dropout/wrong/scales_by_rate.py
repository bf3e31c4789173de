# expect: wrong_answer
# Scales by 1 / dropout_rate instead of 1 / (1 - dropout_rate).
import numpy as np


def dropout_layer(X, dropout_rate):
    if dropout_rate == 0:
        return X.copy()
    mask = np.random.rand(*X.shape) >= dropout_rate
    return X * mask / dropout_rate
