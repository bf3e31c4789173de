# expect: accepted
# By index over the list, the squares summed with np.sum in float64, each array scaled with *=
# through the list (grads[i] *= coef is an in-place operation on the array, not a rebinding
# that loses it: the list slot ends up holding the same array).
import numpy as np


def clip_grad_norm(grads, max_norm):
    squares = 0.0
    for i in range(len(grads)):
        squares += float(np.sum(np.square(grads[i], dtype=np.float64)))
    total = squares**0.5
    if total > max_norm:
        coef = max_norm / (total + 1e-6)
        for i in range(len(grads)):
            grads[i] *= coef
    return total
