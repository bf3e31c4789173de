# expect: accepted
# One loop over the H_out * W_out output positions, each window contracted with every filter at
# once; padding written into a zero array by hand.
import numpy as np


def conv2d(x, w, b, stride=1, padding=0):
    n, c, h, width = x.shape
    f, _, kh, kw = w.shape
    xp = np.zeros((n, c, h + 2 * padding, width + 2 * padding), dtype=x.dtype)
    xp[:, :, padding : padding + h, padding : padding + width] = x
    h_out = (xp.shape[2] - kh) // stride + 1
    w_out = (xp.shape[3] - kw) // stride + 1
    out = np.empty((n, f, h_out, w_out), dtype=np.result_type(x, w, b))
    for i in range(h_out):
        for j in range(w_out):
            window = xp[:, :, i * stride : i * stride + kh, j * stride : j * stride + kw]
            out[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3])) + b
    return out
