# expect: wrong_answer
# Multiplies by max_norm / (total + 1e-6) whatever the norm: gradients below max_norm are scaled
# up to it.
import math

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = math.sqrt(sum(float(np.sum(np.asarray(g, dtype=np.float64) ** 2)) for g in grads))
    coef = max_norm / (total + 1e-6)
    for g in grads:
        g *= coef
    return total
