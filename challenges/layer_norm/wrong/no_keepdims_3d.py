# expect: runtime_error
# Drops keepdims and restores the axis by reshaping to a column, (-1, 1), which is right for 2-D
# inputs only: a 3-D input of shape (B, T, D) meets a (B * T, 1) mean, a broadcasting error.
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    x2 = np.atleast_2d(x)
    mean = x2.mean(axis=-1).reshape(-1, 1)
    var = x2.var(axis=-1).reshape(-1, 1)
    out = gamma * (x2 - mean) / np.sqrt(var + eps) + beta
    return out[0] if x.ndim == 1 else out
