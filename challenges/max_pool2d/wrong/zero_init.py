# expect: wrong_answer
# Starts every maximum at 0: a window whose elements are all negative comes out as 0.
import numpy as np


def max_pool2d(x, size=2, stride=2):
    n, c, h, w = x.shape
    out_h = (h - size) // stride + 1
    out_w = (w - size) // stride + 1
    out = np.zeros((n, c, out_h, out_w), dtype=x.dtype)
    for di in range(size):
        for dj in range(size):
            window = x[:, :, di : di + stride * out_h : stride, dj : dj + stride * out_w : stride]
            np.maximum(out, window[:, :, :out_h, :out_w], out=out)
    return out
