# expect: accepted
# NumPy's own mean and var in the input's precision: a float32 input gives a float32 result,
# which the checker compares with bounds sized to float32.
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta
