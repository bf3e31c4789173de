# expect: accepted
# PyTorch's way: the norm of each array, then the norm of those norms; the arrays written through
# with g[...] = (which works for 0-d arrays too), returned as a NumPy float.
import numpy as np


def clip_grad_norm(grads, max_norm):
    norms = np.array([np.linalg.norm(np.ravel(g)) for g in grads], dtype=np.float64)
    total = np.linalg.norm(norms)
    clip_coef = max_norm / (total + 1e-6)
    if clip_coef < 1 and total > max_norm:
        for g in grads:
            g[...] = g * clip_coef
    return total
