# expect: time_limit_exceeded
# Correct, but the textbook backward pass: four nested Python loops, one window at a time, each
# window's gradient routed through a one-hot mask of its first maximum. The benchmark's two
# million windows take several times the limit (25 microseconds a window in the sandbox, where
# the same loops with a bare argmax took 4 to 10, hour by hour on this project's machine).
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
                    one_hot = np.zeros_like(window)
                    one_hot[du, dv] = 1
                    dx[b, ch, top : top + size, left : left + size] += (
                        one_hot * grad_out[b, ch, i, j]
                    )
    return dx
