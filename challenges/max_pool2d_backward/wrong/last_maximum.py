# expect: wrong_answer
# Keeps the last maximum of a window on ties (>= in the running comparison), not the first.
import numpy as np


def max_pool2d_backward(x, grad_out, size=2, stride=2):
    out_h, out_w = grad_out.shape[2:]
    rows = stride * (out_h - 1) + 1
    cols = stride * (out_w - 1) + 1

    def at(k, a):
        di, dj = divmod(k, size)
        return a[:, :, di : di + rows : stride, dj : dj + cols : stride]

    best = at(0, x).copy()
    which = np.zeros(best.shape, dtype=np.int64)
    for k in range(1, size * size):
        candidate = at(k, x)
        better = candidate >= best
        best = np.where(better, candidate, best)
        which[better] = k
    dx = np.zeros(x.shape)
    for k in range(size * size):
        at(k, dx)[...] += np.where(which == k, grad_out, 0.0)
    return dx
