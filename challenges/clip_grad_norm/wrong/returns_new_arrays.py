# expect: wrong_answer
# Builds the clipped gradients as new arrays and returns them with the norm, leaving the
# caller's arrays as they were.
import math

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = math.sqrt(sum(float(np.sum(np.asarray(g, dtype=np.float64) ** 2)) for g in grads))
    coef = max_norm / (total + 1e-6) if total > max_norm else 1.0
    return total, [g * coef for g in grads]
