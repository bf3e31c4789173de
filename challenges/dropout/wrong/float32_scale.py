# expect: wrong_answer
# A float32 mask carrying the scale: float64 inputs come back scaled by 1 / (1 - rate) rounded to
# float32, off by about 1e-8 of each value, far beyond float64's precision.
import numpy as np


def dropout_layer(X, dropout_rate):
    keep = 1 - dropout_rate
    mask = (np.random.rand(*X.shape) < keep).astype(np.float32) / np.float32(keep)
    return X * mask
