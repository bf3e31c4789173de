# expect: wrong_answer
# g = g * coef in the loop rebinds the loop variable to a new array: nothing the caller holds
# changes.
import math

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = math.sqrt(sum(float(np.sum(np.asarray(g, dtype=np.float64) ** 2)) for g in grads))
    if total > max_norm:
        coef = max_norm / (total + 1e-6)
        for g in grads:
            g = g * coef
    return total
