import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def max_pool2d_backward(x, grad_out, size=2, stride=2):
    n, c, h, w = x.shape
    out_h = (h - size) // stride + 1
    out_w = (w - size) // stride + 1
    # Every window as a view, (N, C, out_h, out_w, size, size); flattened, argmax picks the first
    # maximum in row-major order of the window, as the statement asks on ties.
    windows = sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    first = windows.reshape(n, c, out_h, out_w, size * size).argmax(axis=-1)
    dx = np.zeros(x.shape, dtype=np.result_type(x, grad_out))
    # For one offset (u, v) inside the window, the windows' elements at that offset are the
    # strided slice dx[..., u + stride * i, v + stride * j]: distinct elements, so one slice
    # takes every gradient sent to that offset, and overlapping windows add up across offsets.
    rows, cols = stride * (out_h - 1) + 1, stride * (out_w - 1) + 1
    for k in range(size * size):
        u, v = divmod(k, size)
        dx[:, :, u : u + rows : stride, v : v + cols : stride] += np.where(first == k, grad_out, 0)
    return dx
