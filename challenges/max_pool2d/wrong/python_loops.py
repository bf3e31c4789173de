# expect: time_limit_exceeded
# Correct, but four nested Python loops, one window at a time: the benchmark's 6 million
# windows take several times the 3.3 s a case.
import numpy as np


def max_pool2d(x, size=2, stride=2):
    n, c, h, w = x.shape
    out_h = (h - size) // stride + 1
    out_w = (w - size) // stride + 1
    out = np.empty((n, c, out_h, out_w), dtype=x.dtype)
    for b in range(n):
        for ch in range(c):
            for i in range(out_h):
                for j in range(out_w):
                    top, left = i * stride, j * stride
                    out[b, ch, i, j] = x[b, ch, top : top + size, left : left + size].max()
    return out
