# expect: wrong_answer
# The per-array norms added up instead of combined as the norm of all the elements: too large,
# and so clips too hard.
import numpy as np


def clip_grad_norm(grads, max_norm):
    total = float(sum(np.linalg.norm(np.ravel(g)) for g in grads))
    if total > max_norm:
        coef = max_norm / (total + 1e-6)
        for g in grads:
            g *= coef
    return total
