# expect: wrong_answer
# max_norm / total without PyTorch's 1e-6: the same to a few digits on ordinary norms, far off
# where the norm itself is about 1e-7.
import math

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = math.sqrt(sum(float(np.sum(np.asarray(g, dtype=np.float64) ** 2)) for g in grads))
    if total > max_norm:
        coef = max_norm / total
        for g in grads:
            g *= coef
    return total
