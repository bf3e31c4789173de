import math

import numpy as np


def clip_grad_norm(grads, max_norm):
    # The global L2 norm over every element of every array, summed in float64.
    squares = 0.0
    for g in grads:
        flat = np.asarray(g, dtype=np.float64).ravel()
        squares += float(flat @ flat)
    total = math.sqrt(squares)
    if total > max_norm:
        coef = max_norm / (total + 1e-6)
        for g in grads:
            g *= coef  # in place: the caller's own arrays (0-d ones too)
    return total
