# expect: wrong_answer
# Computes in float32 whatever the input: float64 inputs lose precision.
import numpy as np


def dropout_layer(X, dropout_rate):
    mask = (np.random.rand(*X.shape) >= dropout_rate).astype(np.float32)
    return X.astype(np.float32) * mask / np.float32(1 - dropout_rate)
