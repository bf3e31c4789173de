# expect: wrong_answer
# Rounds the output size up (ceil) instead of down: where (H - size) is not a multiple of the
# stride, slicing past the edge makes a partial last window, an extra row (or column) that
# should not be there.
import math

import numpy as np


def max_pool2d(x, size=2, stride=2):
    n, c, h, w = x.shape
    out_h = math.ceil((h - size) / stride) + 1
    out_w = math.ceil((w - size) / stride) + 1
    out = np.empty((n, c, out_h, out_w), dtype=x.dtype)
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * stride, j * stride
            out[:, :, i, j] = x[:, :, top : top + size, left : left + size].max(axis=(2, 3))
    return out
