# expect: accepted
# The squares summed with np.vdot per array (flattened) and math.fsum, the arrays scaled with
# np.multiply(..., out=g).
import math

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = math.sqrt(math.fsum(float(np.vdot(g, g)) for g in grads))
    if total > max_norm:
        coef = max_norm / (total + 1e-6)
        for g in grads:
            np.multiply(g, coef, out=g)
    return total
