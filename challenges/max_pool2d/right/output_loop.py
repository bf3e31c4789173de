# expect: accepted
# A loop over the output positions, each one vectorised over the batch and the channels: 16
# thousand Python iterations on the benchmark, well inside the limit.
import numpy as np


def max_pool2d(x, size=2, stride=2):
    n, c, h, w = x.shape
    out_h = (h - size) // stride + 1
    out_w = (w - size) // stride + 1
    out = np.empty((n, c, out_h, out_w), dtype=x.dtype)
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * stride, j * stride
            out[:, :, i, j] = x[:, :, top : top + size, left : left + size].max(axis=(2, 3))
    return out
