# expect: wrong_answer
# Drops keepdims and restores the axis with [:, None], which is right for 2-D inputs only: on 3-D
# ones it broadcasts against the wrong axis (wrong values when the last two axes have the same
# length, a broadcasting error otherwise).
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    x2 = np.atleast_2d(x)
    mean = x2.mean(axis=-1)[:, None]
    var = x2.var(axis=-1)[:, None]
    out = gamma * (x2 - mean) / np.sqrt(var + eps) + beta
    return out[0] if x.ndim == 1 else out
