# expect: runtime_error
# Scales in place with g[:] *= coef, which cannot index a 0-d array (IndexError); g *= coef or
# g[...] *= coef can.
import math

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = math.sqrt(sum(float(np.sum(np.asarray(g, dtype=np.float64) ** 2)) for g in grads))
    if total > max_norm:
        coef = max_norm / (total + 1e-6)
        for g in grads:
            g[:] *= coef
    return total
