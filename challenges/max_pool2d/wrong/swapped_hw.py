# expect: wrong_answer
# Mixes up H and W: output position (i, j) takes the window at row j * stride, column
# i * stride, and the output has shape (N, C, out_w, out_h).
import numpy as np


def max_pool2d(x, size=2, stride=2):
    n, c, w, h = x.shape  # the wrong way round
    out_h = (h - size) // stride + 1
    out_w = (w - size) // stride + 1
    out = np.empty((n, c, out_w, out_h), dtype=x.dtype)
    for i in range(out_h):
        for j in range(out_w):
            window = x[:, :, j * stride : j * stride + size, i * stride : i * stride + size]
            out[:, :, i, j] = window.max(axis=(2, 3))
    return out
