# expect: accepted
# A loop over the size x size offsets inside the window, vectorised over everything else: first
# the running maximum and which offset first reached it (strictly greater only, so a tie keeps
# the earlier offset in row-major order), then, per offset, its windows' gradients added to a
# strided slice of dx. For one offset the windows touch distinct elements, so a slice += is safe.
import numpy as np


def max_pool2d_backward(x, grad_out, size=2, stride=2):
    _, _, h, w = x.shape
    out_h = (h - size) // stride + 1
    out_w = (w - size) // stride + 1
    rows = stride * (out_h - 1) + 1
    cols = stride * (out_w - 1) + 1

    def at(di, dj, a):
        return a[:, :, di : di + rows : stride, dj : dj + cols : stride]

    best = at(0, 0, x).copy()
    which = np.zeros(best.shape, dtype=np.int64)
    for k in range(1, size * size):
        candidate = at(k // size, k % size, x)
        better = candidate > best
        best = np.where(better, candidate, best)
        which[better] = k
    dx = np.zeros(x.shape, dtype=np.result_type(x, grad_out))
    for k in range(size * size):
        at(k // size, k % size, dx)[...] += np.where(which == k, grad_out, 0)
    return dx
