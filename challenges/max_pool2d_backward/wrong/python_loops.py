# expect: time_limit_exceeded
# Correct, but the textbook four nested Python loops, one window at a time: the benchmark's two
# million windows take several times the limit.
import numpy as np


def max_pool2d_backward(x, grad_out, size=2, stride=2):
    n, c, _, _ = x.shape
    out_h, out_w = grad_out.shape[2:]
    dx = np.zeros(x.shape)
    for b in range(n):
        for ch in range(c):
            for i in range(out_h):
                for j in range(out_w):
                    top, left = i * stride, j * stride
                    window = x[b, ch, top : top + size, left : left + size]
                    du, dv = np.unravel_index(np.argmax(window), window.shape)
                    dx[b, ch, top + du, left + dv] += grad_out[b, ch, i, j]
    return dx
