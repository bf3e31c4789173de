# expect: wrong_answer
# Clips when the norm is greater than or equal to max_norm: at exactly max_norm the arrays are
# scaled by max_norm / (max_norm + 1e-6) instead of left alone.
import math

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = math.sqrt(sum(float(np.sum(np.asarray(g, dtype=np.float64) ** 2)) for g in grads))
    if total >= max_norm:
        coef = max_norm / (total + 1e-6)
        for g in grads:
            g *= coef
    return total
