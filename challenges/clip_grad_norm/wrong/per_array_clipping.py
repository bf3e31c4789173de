# expect: wrong_answer
# Clips each array by its own norm rather than all of them by the global one (and returns the
# global norm): arrays are scaled by different coefficients.
import math

import numpy as np


def clip_grad_norm(grads, max_norm):
    norms = [float(np.linalg.norm(np.ravel(g))) for g in grads]
    for g, n in zip(grads, norms):
        if n > max_norm:
            g *= max_norm / (n + 1e-6)
    return math.sqrt(sum(n * n for n in norms))
