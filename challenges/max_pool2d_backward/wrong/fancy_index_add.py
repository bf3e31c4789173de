# expect: wrong_answer
# dx[index] += grad with fancy indexing: NumPy buffers the update, so where overlapping windows
# share their maximum only one of their gradients is kept (np.add.at would add them all).
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def max_pool2d_backward(x, grad_out, size=2, stride=2):
    n, c, _, _ = x.shape
    out_h, out_w = grad_out.shape[2:]
    windows = sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    du, dv = np.divmod(windows.reshape(n, c, out_h, out_w, -1).argmax(axis=-1), size)
    rows = np.arange(out_h)[:, None] * stride + du
    cols = np.arange(out_w) * stride + dv
    batch = np.arange(n).reshape(n, 1, 1, 1)
    channel = np.arange(c).reshape(1, c, 1, 1)
    dx = np.zeros(x.shape)
    dx[batch, channel, rows, cols] += grad_out
    return dx
