# expect: wrong_answer
# Puts scaled copies into the list's slots: the list now holds new arrays, but the caller's
# arrays (the ones the optimiser will read) are left unscaled.
import math

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = math.sqrt(sum(float(np.sum(np.asarray(g, dtype=np.float64) ** 2)) for g in grads))
    if total > max_norm:
        coef = max_norm / (total + 1e-6)
        for i in range(len(grads)):
            grads[i] = grads[i] * coef
    return total
